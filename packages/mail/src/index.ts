export { queueMail, SEND_MAIL, type MailJob } from './mail-queue.ts';
export { createMailer, MailDeliveryError, type Mailer, type MailerOptions, type OutgoingMail } from './mailer.ts';
export {
  startMailCapture,
  type CapturedMail,
  type MailCapture,
  type MailCaptureOptions,
} from './capture-server.ts';
export { communeBrand, communeBrandSchema, type CommuneBrand } from './brand.ts';
export {
  renderEmail,
  emailBlockSchema,
  emailContentSchema,
  type EmailBlock,
  type EmailContent,
  type RenderedEmail,
} from './layout.ts';
export {
  verifyEmail,
  resetPassword,
  agentInvitation,
  linkAccountCode,
  accountDeletionCode,
  accountDeletedMail,
  followUpLinks,
  verifyEmailInputSchema,
  resetPasswordInputSchema,
  agentInvitationInputSchema,
  linkAccountCodeInputSchema,
  followUpLinksInputSchema,
  type VerifyEmailInput,
  type ResetPasswordInput,
  type AgentInvitationInput,
  type LinkAccountCodeInput,
  type FollowUpLinksInput,
} from './templates.ts';
