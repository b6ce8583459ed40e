import { createHash } from 'node:crypto';
import { and, eq, type SQL } from 'drizzle-orm';
import { attachments } from '@guichet/db';
import type { Actor } from '@guichet/db';

/**
 * Who uploaded a file, and so who may attach it: a citizen, an agent, or an anonymous filer's
 * browser, known by the upload token it holds (see the attachments routes).
 */
export type Uploader =
  | { kind: 'citizen'; accountId: string }
  | { kind: 'agent'; agentId: string }
  | { kind: 'anonymous'; uploadToken: string };

/** The uploader an actor files or writes as; an anonymous filer without a token has none. */
export function uploaderOf(actor: Actor, uploadToken?: string): Uploader | null {
  if (actor.kind === 'citizen') return { kind: 'citizen', accountId: actor.accountId };
  if (actor.kind === 'agent') return { kind: 'agent', agentId: actor.agentId };
  return uploadToken ? { kind: 'anonymous', uploadToken } : null;
}

export function uploaderColumns(uploader: Uploader) {
  if (uploader.kind === 'citizen') return { uploadedByKind: 'citizen', uploadedById: uploader.accountId, uploadTokenHash: null };
  if (uploader.kind === 'agent') return { uploadedByKind: 'agent', uploadedById: uploader.agentId, uploadTokenHash: null };
  return { uploadedByKind: 'anonymous', uploadedById: null, uploadTokenHash: hashUploadToken(uploader.uploadToken) };
}

/** The attachments this uploader uploaded. */
export function uploadedBy(uploader: Uploader): SQL {
  const columns = uploaderColumns(uploader);
  return columns.uploadTokenHash === null
    ? and(eq(attachments.uploadedByKind, columns.uploadedByKind), eq(attachments.uploadedById, columns.uploadedById))!
    : and(eq(attachments.uploadedByKind, 'anonymous'), eq(attachments.uploadTokenHash, columns.uploadTokenHash))!;
}

export function hashUploadToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
