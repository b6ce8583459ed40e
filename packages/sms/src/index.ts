export { createSmsSink, SMS_MAX_LENGTH, type OutgoingSms, type SmsSender, type SmsSink } from './sms-sender.ts';
