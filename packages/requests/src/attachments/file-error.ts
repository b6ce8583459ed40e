/** What an uploader can get wrong with a file; the HTTP layer maps each to a problem once. */
export type FileFailure =
  | { kind: 'too_large'; maxBytes: number }
  /** The bytes are of no format accepted here (or of no format at all: text, HTML…). */
  | { kind: 'not_accepted'; accepted: readonly string[] }
  /** The bytes are of an accepted format, but the name or the declared type says another. */
  | { kind: 'mismatch'; detected: string }
  | { kind: 'missing' }
  /** The multipart body could not be read to its end. */
  | { kind: 'malformed' }
  | { kind: 'not_found' }
  | { kind: 'anonymous_not_allowed' }
  | { kind: 'vault_full'; limit: number };

export class FileError extends Error {
  override name = 'FileError';
  readonly failure: FileFailure;
  constructor(failure: FileFailure) {
    super(failure.kind);
    this.failure = failure;
  }
}
