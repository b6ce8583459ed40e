export * from './sessions.ts';
export { hashPassword, verifyPassword } from './passwords.ts';
export { createSecretBox, type SecretBox } from './secret-box.ts';
export { clearAttempts, consumeAttempt, rateKey, SIGN_IN_RULES, type RateRule } from './rate-limit.ts';
export { auditActions, recordAudit, type AuditAction, type AuditEntry } from './audit.ts';
