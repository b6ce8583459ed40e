/** One SMS to one French mobile number (E.164). */
export type OutgoingSms = { to: string; text: string; reference: string };

/**
 * Where SMS go. Production plugs a provider behind this interface; development and tests use
 * the sink, which keeps what would have been sent so a person or a test can read it.
 */
export type SmsSender = { send(sms: OutgoingSms): Promise<void> };

export type SmsSink = SmsSender & {
  messages(): (OutgoingSms & { sentAt: Date })[];
  /** Refuses the next `count` SMS, as a provider that is down would: the sender retries them. */
  failNext(count: number): void;
  clear(): void;
};

/** SMS are cut at 3 segments of 153 GSM characters: longer texts cost more and read worse. */
export const SMS_MAX_LENGTH = 459;

export function createSmsSink(limit = 500): SmsSink {
  const sent: (OutgoingSms & { sentAt: Date })[] = [];
  let failures = 0;
  return {
    async send(sms) {
      if (!/^\+\d{8,15}$/.test(sms.to)) throw new Error('SMS recipient must be an E.164 number');
      if (failures > 0) {
        failures -= 1;
        throw new Error('SMS provider unavailable (simulated)');
      }
      sent.push({ ...sms, text: sms.text.slice(0, SMS_MAX_LENGTH), sentAt: new Date() });
      if (sent.length > limit) sent.shift();
    },
    messages: () => [...sent].reverse(),
    failNext(count) {
      failures = count;
    },
    clear: () => {
      sent.length = 0;
    },
  };
}
