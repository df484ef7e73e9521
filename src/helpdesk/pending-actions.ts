// Durable store of actions waiting for a click: a confirmation by the requester or an approval by
// someone allowed to approve. A click claims the action atomically, so it runs at most once, and
// only before it expires; what runs is exactly what was stored, never something re-derived. The
// claim is one UPDATE ... WHERE status = 'pending' RETURNING, so it holds across instances sharing a
// Postgres database too; an executing action stays its claimer's while the claimer renews its lease.
// An action that needs an Okta Verify push first is claimed into `verifying` (one push, however many
// clicks), keeps the push's transaction with it so a restart resumes polling, and moves on to
// `executing` only once, after the push was approved, or ends as `not_verified`.
import { randomBytes } from 'node:crypto';
import type { Role } from '../policy/index.js';
import { createClaimKeeper, placeholders } from '../storage/claims.js';
import { openDatabase, type SqlRow } from '../storage/database.js';
import type { PushResult } from '../okta/index.js';
import type { WriteAction } from './actions.js';

const CONFIRMATION_LIFETIME_MS = 10 * 60 * 1000;
const APPROVAL_LIFETIME_MS = 24 * 60 * 60 * 1000;

export type PendingRequester = { email: string; slackUserId?: string; teamId?: string };
/** Where the request was made, so outcomes of approvals reach the requester's thread. */
export type PendingOrigin = { channelId: string; threadTs: string };
export type PendingStatus = 'pending' | 'verifying' | 'executing' | 'done' | 'cancelled' | 'rejected' | 'not_verified';

/** The Okta Verify push an action waits for: whose factor, which transaction, the number shown. */
export type PendingVerification = { userId: string; factorId: string; transactionId: string; correctAnswer: number; expiresAt: string | null; sentAt: number };
/** Where a card for this action was posted (approval cards go to several approvers). */
export type CardLocation = { channelId: string; ts: string };

export type PendingAction = {
  id: string;
  kind: 'confirm' | 'approval';
  action: WriteAction;
  requester: PendingRequester;
  origin?: PendingOrigin;
  /** Approval only: who may approve, and why the requester asked. */
  approverRoles: Role[];
  reason?: string;
  status: PendingStatus;
  createdAt: number;
  expiresAt: number;
  /** Set once the executed action's outcome is known. */
  result?: string;
  /** Cards posted for this action (approvals go to several approvers), so each shows the outcome. */
  cards: CardLocation[];
  /** Set once the push was sent (status `verifying` and after). */
  verification?: PendingVerification;
  /** Approval only: the requester's identity was NOT verified by a push, and what was done on the account recently. */
  unverifiedNote?: string;
};

export type NewPendingAction = Pick<PendingAction, 'kind' | 'action' | 'requester' | 'origin' | 'reason' | 'unverifiedNote'> & { approverRoles?: Role[] };

export type ClaimRefusal = 'unknown' | 'already_handled' | 'expired';

export type PendingActionStore = {
  create(action: NewPendingAction): Promise<PendingAction>;
  get(id: string): Promise<PendingAction | undefined>;
  /** Moves a pending, unexpired action to `executing` for exactly one caller. */
  claim(id: string): Promise<{ claimed: PendingAction } | { refused: ClaimRefusal; action?: PendingAction }>;
  /** Cancel or reject without running: the same once-only rule as claim. */
  close(id: string, status: 'cancelled' | 'rejected'): Promise<{ closed: PendingAction } | { refused: ClaimRefusal; action?: PendingAction }>;
  finish(id: string, result: string): Promise<void>;
  /** Moves a pending, unexpired action to `verifying` for exactly one caller (then the push is sent). */
  claimForVerification(id: string): Promise<{ claimed: PendingAction } | { refused: ClaimRefusal; action?: PendingAction }>;
  /** Records the push that was sent for a `verifying` action. */
  recordVerification(id: string, verification: PendingVerification): Promise<void>;
  /** `verifying` -> `executing` once, after the push was approved; undefined when it was not verifying any more. */
  claimVerified(id: string): Promise<PendingAction | undefined>;
  /** `verifying` -> `not_verified` (rejected, timed out, or the push could not be sent); false when it had already ended. */
  endVerification(id: string, result: PushResult | 'failed' | 'interrupted'): Promise<boolean>;
  /** Like listExecuting, for actions whose claimer stopped while waiting for a push: the caller resumes or ends them. */
  listVerifying(): Promise<PendingAction[]>;
  addCard(id: string, card: CardLocation): Promise<void>;
  /**
   * Takes over actions whose claimer stopped mid-execution: executing, not held by this store, and
   * not renewed within the lease (at once on LibSQL, where no other process shares the database).
   * Each is returned to one caller only; the caller must finish it.
   */
  listExecuting(): Promise<PendingAction[]>;
  shutdown(): Promise<void>;
};

const schema = () => [
  `CREATE TABLE IF NOT EXISTS helpdesk_pending_actions (id TEXT PRIMARY KEY, kind TEXT NOT NULL, action TEXT NOT NULL,
     requester TEXT NOT NULL, origin TEXT, approver_roles TEXT NOT NULL, reason TEXT, status TEXT NOT NULL,
     created_at BIGINT NOT NULL, expires_at BIGINT NOT NULL, result TEXT, cards TEXT NOT NULL DEFAULT '[]')`,
  // When the executing claim was taken or last renewed (NULL in rows from before leases existed).
  { table: 'helpdesk_pending_actions', column: 'claimed_at', definition: 'BIGINT' },
  // The Okta Verify push an action waits for (JSON), so a restart can resume polling it.
  { table: 'helpdesk_pending_actions', column: 'verification', definition: 'TEXT' },
  { table: 'helpdesk_pending_actions', column: 'unverified_note', definition: 'TEXT' },
];

export async function createPendingActionStore(
  databaseUrl: string,
  now: () => number = Date.now,
  { claimLeaseMs }: { claimLeaseMs?: number } = {},
): Promise<PendingActionStore> {
  const db = await openDatabase(databaseUrl, schema, 'pending actions');
  const claims = createClaimKeeper({
    leaseMs: claimLeaseMs ?? db.claimLeaseMs,
    now,
    renew: (ids, at) => db.execute(`UPDATE helpdesk_pending_actions SET claimed_at = ? WHERE status IN ('executing', 'verifying') AND id IN (${placeholders(ids.length)})`, [at, ...ids]),
  });

  async function get(id: string): Promise<PendingAction | undefined> {
    const { rows } = await db.execute('SELECT * FROM helpdesk_pending_actions WHERE id = ?', [id]);
    return rows[0] ? fromRow(rows[0]) : undefined;
  }

  async function transition(id: string, status: PendingStatus): Promise<{ moved: PendingAction } | { refused: ClaimRefusal; action?: PendingAction }> {
    const at = now();
    const update = await db.execute(
      "UPDATE helpdesk_pending_actions SET status = ?, claimed_at = ? WHERE id = ? AND status = 'pending' AND expires_at > ? RETURNING *",
      [status, at, id, at],
    );
    if (update.rows[0]) return { moved: fromRow(update.rows[0]) };
    // Not moved: say why from the row as it is now.
    const action = await get(id);
    const refused: ClaimRefusal = !action ? 'unknown' : action.status !== 'pending' ? 'already_handled' : 'expired';
    return { refused, action };
  }

  /** pending -> `status` for exactly one caller, who then holds the row's lease. */
  async function claimInto(id: string, status: 'executing' | 'verifying'): Promise<{ claimed: PendingAction } | { refused: ClaimRefusal; action?: PendingAction }> {
    const result = await transition(id, status);
    if ('refused' in result) return result;
    claims.hold(id);
    return { claimed: result.moved };
  }

  /**
   * Takes over `status` rows whose claimer stopped: not held by this store and not renewed within the
   * lease. One UPDATE renews them for this store, so a second instance recovering at the same time
   * finds them fresh again and leaves them alone.
   */
  async function takeLapsed(status: 'executing' | 'verifying'): Promise<PendingAction[]> {
    const at = now();
    const { rows } = await db.execute(
      `UPDATE helpdesk_pending_actions SET claimed_at = ?
       WHERE status = ? AND (claimed_at IS NULL OR claimed_at <= ?) RETURNING *`,
      [at, status, claims.lapsedBefore()],
    );
    const taken = rows.map(fromRow).filter((action) => !claims.holds(action.id));
    for (const action of taken) claims.hold(action.id);
    return taken.sort((a, b) => a.createdAt - b.createdAt);
  }

  return {
    async create(input) {
      const createdAt = now();
      const lifetime = input.kind === 'confirm' ? CONFIRMATION_LIFETIME_MS : APPROVAL_LIFETIME_MS;
      const pending: PendingAction = {
        ...input,
        approverRoles: input.approverRoles ?? [],
        id: newId(),
        status: 'pending',
        createdAt,
        expiresAt: createdAt + lifetime,
        cards: [],
      };
      await db.execute(
        `INSERT INTO helpdesk_pending_actions (id, kind, action, requester, origin, approver_roles, reason, status, created_at, expires_at, unverified_note)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [
          pending.id, pending.kind, JSON.stringify(pending.action), JSON.stringify(pending.requester),
          pending.origin ? JSON.stringify(pending.origin) : null, JSON.stringify(pending.approverRoles),
          pending.reason ?? null, pending.status, pending.createdAt, pending.expiresAt, pending.unverifiedNote ?? null,
        ],
      );
      return pending;
    },
    get,
    claim: (id) => claimInto(id, 'executing'),
    async close(id, status) {
      const result = await transition(id, status);
      return 'refused' in result ? result : { closed: result.moved };
    },
    async finish(id, result) {
      await db.execute("UPDATE helpdesk_pending_actions SET status = 'done', result = ? WHERE id = ?", [result, id]);
      claims.release(id);
    },
    listExecuting: () => takeLapsed('executing'),
    listVerifying: () => takeLapsed('verifying'),
    claimForVerification: (id) => claimInto(id, 'verifying'),
    async recordVerification(id, verification) {
      await db.execute("UPDATE helpdesk_pending_actions SET verification = ? WHERE id = ? AND status = 'verifying'", [JSON.stringify(verification), id]);
    },
    async claimVerified(id) {
      const { rows } = await db.execute("UPDATE helpdesk_pending_actions SET status = 'executing', claimed_at = ? WHERE id = ? AND status = 'verifying' RETURNING *", [now(), id]);
      return rows[0] ? fromRow(rows[0]) : undefined;
    },
    async endVerification(id, result) {
      const { rows } = await db.execute("UPDATE helpdesk_pending_actions SET status = 'not_verified', result = ? WHERE id = ? AND status = 'verifying' RETURNING id", [result, id]);
      claims.release(id);
      return rows.length > 0;
    },
    async addCard(id, card) {
      await db.execute(`UPDATE helpdesk_pending_actions SET cards = ${db.dialect.jsonAppend('cards', '?')} WHERE id = ?`, [JSON.stringify(card), id]);
    },
    async shutdown() {
      claims.stop();
      await db.close();
    },
  };
}

function newId(): string {
  return `pa_${randomBytes(12).toString('base64url')}`;
}

function fromRow(row: SqlRow): PendingAction {
  const parse = <T>(value: unknown): T | undefined => (typeof value === 'string' ? (JSON.parse(value) as T) : undefined);
  return {
    id: String(row.id),
    kind: row.kind as PendingAction['kind'],
    action: parse<WriteAction>(row.action) as WriteAction,
    requester: parse<PendingRequester>(row.requester) as PendingRequester,
    origin: parse<PendingOrigin>(row.origin),
    approverRoles: parse<Role[]>(row.approver_roles) ?? [],
    reason: typeof row.reason === 'string' ? row.reason : undefined,
    status: row.status as PendingStatus,
    createdAt: Number(row.created_at),
    expiresAt: Number(row.expires_at),
    result: typeof row.result === 'string' ? row.result : undefined,
    cards: parse<CardLocation[]>(row.cards) ?? [],
    verification: parse<PendingVerification>(row.verification),
    unverifiedNote: typeof row.unverified_note === 'string' ? row.unverified_note : undefined,
  };
}
