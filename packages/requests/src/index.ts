export { type Actor } from '@guichet/db';
export { assignInputSchema, assignRequest, priorityInputSchema, setPriority, transferInputSchema, transferRequest } from './assign-request.ts';
export { RequestError, type RequestFailure } from './errors.ts';
export { forgetIdempotencyKeys, idempotencyKeyOf, idempotencyKeyParameter, oncePerKey, REPLAYED_HEADER, secretSender } from './idempotency.ts';
export { contactInputSchema, fileRequest, fileRequests, filingInputSchema, type FiledRequest, type FilingInput } from './file-request.ts';
export { createFilingQueue, type FilingQueue } from './filing-queue.ts';
export { appendEvent } from './history.ts';
export { expectVersion, parseVersion, versionHeaderSchema } from './request-version.ts';
export { markAbsent, markPresent, otherAgentsPresent, PRESENCE_HEARTBEAT_MS } from './request-presence.ts';
export { applyBulkAction, bulkActionInputSchema } from './bulk-action.ts';
export { inboxLineSchema, inboxPageSchema, inboxQuerySchema, listInbox, type InboxQuery } from './inbox.ts';
export { mapQuerySchema, requestMap, requestMapSchema } from './request-map.ts';
export { NOTIFY_CITIZEN, NOTIFY_FILED, NOTIFY_SERVICE, queueFiledNotifications, type RequestNotification } from './notifications.ts';
export { followedAttachments, followRequest, openFollowedAttachment } from './follow-up/follow-request.ts';
export { answerByFollowUp } from './follow-up/answer-follow-up.ts';
export { issueFollowUpToken } from './follow-up/follow-up-tokens.ts';
export { followUpLinksRequestSchema, sendFollowUpLinks } from './follow-up/send-follow-up-links.ts';
export { addNote, messageInputSchema, noteInputSchema, postMessage, rateRequest, ratingInputSchema } from './post-message.ts';
export { citizenRequestSummarySchema, listCitizenRequests, requestDetail, requestDetailSchema } from './request-views.ts';
export { transitionInputSchema, transitionRequest, transitionResultSchema, type ChangeContext, type TransitionInput } from './transition-request.ts';
export { reopeningInputSchema, reopenRequest } from './reopen-request.ts';
export { withdrawalInputSchema, withdrawRequest } from './withdraw-request.ts';
export { flagDeadlines } from './flag-deadlines.ts';
export { anonymiseExpired } from './anonymise-expired.ts';
export { mergeInputSchema, mergeRequest, mergeResultSchema } from './merge-request.ts';
export {
  createReplyTemplate,
  deleteReplyTemplate,
  listReplyTemplates,
  replyTemplateInputSchema,
  replyTemplateSchema,
  updateReplyTemplate,
  type ReplyTemplateInput,
} from './reply-templates.ts';
export { contactSchema, contactSearchSchema, createContact, newContactSchema, searchContacts } from './contacts.ts';
export { DEFAULT_ACCEPTED_TYPES, type IncomingFile, type UploadRules } from './attachments/file-checks.ts';
export { FileError, type FileFailure } from './attachments/file-error.ts';
export { attachmentSummarySchema, storeAttachment, uploadRules } from './attachments/upload-attachment.ts';
export { listAttachments, openAttachment, requestAttachmentSchema } from './attachments/read-attachments.ts';
export { DELETE_STORED_FILES, type DeleteStoredFilesJob } from './attachments/stored-file-deletion.ts';
export { sweepUnattachedUploads } from './attachments/sweep-unattached.ts';
export { forgetFiledUploadTokens } from './attachments/forget-upload-tokens.ts';
export { expiryOf, expirySchema } from './vault/expiry.ts';
export { vaultDocumentInputSchema } from './vault/vault-document-input.ts';
export { addVaultDocument } from './vault/add-vault-document.ts';
export { addedVaultDocumentSchema, listVaultDocuments, vaultDocumentSchema } from './vault/list-vault-documents.ts';
export { openVaultDocument } from './vault/open-vault-document.ts';
export { deleteVaultDocument } from './vault/delete-vault-document.ts';
export { attachVaultDocument } from './vault/attach-vault-document.ts';
export { deleteDraft, deleteExpiredDrafts, draftInputSchema, draftSchema, DRAFT_LIFETIME_DAYS, listDrafts, savedDraftSchema, saveDraft, type DraftAuthor } from './drafts.ts';
export { claimBrowserWork } from './claim-browser-work.ts';
export {
  accountExportSchema,
  BUILD_ACCOUNT_EXPORT,
  deleteExpiredExports,
  latestAccountExport,
  openAccountExport,
  requestAccountExport,
  type AccountExportJob,
} from './account-export/account-export.ts';
export { buildAccountExport } from './account-export/build-account-export.ts';
export { eraseCitizenData } from './account-export/erase-citizen-data.ts';
export { releaseAssignments, releasedRequestSchema } from './release-assignments.ts';
export { followUpWaitingCitizen } from './waiting-citizen.ts';
