// Public entry of the audit layer.
export { AUDIT_OUTCOMES, createAuditLog, type AuditEntry, type AuditLog, type AuditOutcome, type AuditQuery, type StoredAuditEntry } from './audit-log.js';
export { createSecretGuard, type SecretGuard } from './secret-guard.js';
