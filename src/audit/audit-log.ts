// The audit log: every write, denial, confirmation and approval, stored next to Mastra's data (LibSQL or Postgres).
import type { OktaCall } from '../okta/index.js';
import type { Action } from '../policy/index.js';
import { openDatabase, type SqlValue } from '../storage/database.js';
import { createSecretGuard, type SecretGuard } from './secret-guard.js';

export const AUDIT_OUTCOMES = [
  'decided_allow', 'denied', 'confirmation_requested', 'approval_requested', 'confirmed', 'cancelled',
  'approved', 'rejected', 'executed', 'failed', 'expired',
  // Okta Verify before the action: the push was sent, approved on the phone, or not (rejected, timed out, failed).
  'verification_requested', 'verified', 'not_verified',
] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

export type AuditEntry = {
  /** ISO 8601; defaults to now. */
  at?: string;
  slackUserId?: string;
  requesterEmail: string;
  action: Action;
  /** The target account's email; a group change names the group in `detail`. */
  target?: string;
  outcome: AuditOutcome;
  /** One plain sentence. Never a reset link, token or message text: `record` rejects secrets. */
  detail?: string;
  oktaRequestId?: string;
  /** The Okta calls behind this decision or outcome (the same list the person was shown), oldest first. */
  oktaCalls?: OktaCall[];
};
export type StoredAuditEntry = AuditEntry & { id: number; at: string };

export type AuditQuery = {
  /** Requester email, case-insensitive. */
  requester?: string;
  /** Target email, case-insensitive. */
  target?: string;
  /** 1..1000; default 100. */
  limit?: number;
  /** Only entries strictly older than this ISO time. */
  before?: string;
};

export type AuditLog = {
  record(entry: AuditEntry): Promise<void>;
  /** Newest first. */
  list(query?: AuditQuery): Promise<StoredAuditEntry[]>;
  close(): Promise<void>;
};

const schema = ({ serialKey }: { serialKey: string }) => [
  `CREATE TABLE IF NOT EXISTS helpdesk_audit (id ${serialKey}, at TEXT NOT NULL, slack_user_id TEXT,
     requester_email TEXT NOT NULL, action TEXT NOT NULL, target TEXT, outcome TEXT NOT NULL, detail TEXT, okta_request_id TEXT)`,
  'CREATE INDEX IF NOT EXISTS helpdesk_audit_requester ON helpdesk_audit (requester_email)',
  'CREATE INDEX IF NOT EXISTS helpdesk_audit_target ON helpdesk_audit (target)',
  'CREATE INDEX IF NOT EXISTS helpdesk_audit_at ON helpdesk_audit (at)',
  // JSON array of OktaCall; absent on rows written before sources were recorded.
  { table: 'helpdesk_audit', column: 'okta_calls', definition: 'TEXT' },
];

/** Opens (and creates) the audit table. `databaseUrl` as in DATABASE_URL; `file:` folders are created. */
/** `knownSecrets`: the server's configured tokens and keys; they are refused wherever they appear. */
export async function createAuditLog(databaseUrl: string, { knownSecrets = [] }: { knownSecrets?: Iterable<string> } = {}): Promise<AuditLog> {
  const db = await openDatabase(databaseUrl, schema, 'audit log');
  const guard = createSecretGuard(knownSecrets);

  return {
    async record(entry) {
      assertNoSecrets(guard, entry);
      if (!AUDIT_OUTCOMES.includes(entry.outcome)) throw new Error(`Unknown audit outcome: ${String(entry.outcome)}`);
      await db.execute(
        `INSERT INTO helpdesk_audit (at, slack_user_id, requester_email, action, target, outcome, detail, okta_request_id, okta_calls)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [
          entry.at === undefined ? new Date().toISOString() : isoTime(entry.at),
          entry.slackUserId ?? null,
          normalizeEmail(entry.requesterEmail),
          entry.action,
          entry.target === undefined ? null : normalizeEmail(entry.target),
          entry.outcome,
          entry.detail ?? null,
          entry.oktaRequestId ?? null,
          entry.oktaCalls === undefined ? null : JSON.stringify(entry.oktaCalls),
        ],
      );
    },

    async list(query = {}) {
      const conditions: string[] = [];
      const args: SqlValue[] = [];
      const where = (condition: string, value: SqlValue) => {
        conditions.push(condition);
        args.push(value);
      };
      if (query.requester !== undefined) where('requester_email = ?', normalizeEmail(query.requester));
      if (query.target !== undefined) where('target = ?', normalizeEmail(query.target));
      if (query.before !== undefined) where('at < ?', isoTime(query.before));
      args.push(Math.min(1000, Math.max(1, Math.trunc(query.limit ?? 100))));
      const filter = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
      const result = await db.execute(`SELECT * FROM helpdesk_audit ${filter} ORDER BY at DESC, id DESC LIMIT ?`, args);
      return result.rows.map((row) => withoutEmpty({
        id: Number(row.id),
        at: row.at as string,
        slackUserId: row.slack_user_id as string | null,
        requesterEmail: row.requester_email as string,
        action: row.action as Action,
        target: row.target as string | null,
        outcome: row.outcome as AuditOutcome,
        detail: row.detail as string | null,
        oktaRequestId: row.okta_request_id as string | null,
        oktaCalls: typeof row.okta_calls === 'string' ? (JSON.parse(row.okta_calls) as OktaCall[]) : null,
      }));
    },

    close: () => db.close(),
  };
}

function assertNoSecrets(guard: SecretGuard, entry: AuditEntry): void {
  for (const [field, value] of Object.entries(entry)) {
    const secret = value === undefined ? undefined : guard.findSecret(typeof value === 'string' ? value : JSON.stringify(value));
    if (secret) throw new Error(`Refusing to audit ${secret} in "${field}"; record a reference instead`);
  }
}

/** Canonical ISO form, so text order is time order. */
function isoTime(value: string): string {
  const time = new Date(value);
  if (Number.isNaN(time.getTime())) throw new Error(`Not a timestamp: ${JSON.stringify(value)}`);
  return time.toISOString();
}

const normalizeEmail = (email: string): string => email.trim().toLowerCase();

type Nullable<T> = { [K in keyof T]: T[K] | null };
function withoutEmpty(row: Nullable<StoredAuditEntry>): StoredAuditEntry {
  return Object.fromEntries(Object.entries(row).filter(([, value]) => value !== null)) as StoredAuditEntry;
}
