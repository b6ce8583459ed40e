export { type Actor } from './actor.ts';
export { assignInputSchema, assignRequest, priorityInputSchema, setPriority, transferInputSchema, transferRequest } from './assign-request.ts';
export { RequestError, type RequestFailure } from './errors.ts';
export { contactInputSchema, fileRequest, filingInputSchema, type FiledRequest, type FilingInput } from './file-request.ts';
export { appendEvent } from './history.ts';
export { inboxQuerySchema, listInbox, type InboxQuery } from './inbox.ts';
export { NOTIFY_CITIZEN, NOTIFY_SERVICE, type RequestNotification } from './notifications.ts';
export { addNote, messageInputSchema, noteInputSchema, postMessage, rateRequest, ratingInputSchema } from './post-message.ts';
export { listCitizenRequests, requestDetail } from './request-views.ts';
export { transitionInputSchema, transitionRequest, type ChangeContext, type TransitionInput } from './transition-request.ts';
export { flagDeadlines } from './flag-deadlines.ts';
export { anonymiseExpired } from './anonymise-expired.ts';
export { mergeInputSchema, mergeRequest } from './merge-request.ts';
export {
  createReplyTemplate,
  deleteReplyTemplate,
  listReplyTemplates,
  replyTemplateInputSchema,
  updateReplyTemplate,
  type ReplyTemplateInput,
} from './reply-templates.ts';
export { contactSearchSchema, createContact, newContactSchema, searchContacts } from './contacts.ts';
