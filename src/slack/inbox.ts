// The durable inbox: every verified Slack event that needs an answer is stored here (event_id
// unique) before Slack gets its 200, and its progress is recorded so a restart neither loses it nor
// answers it twice. LibSQL or Postgres (src/storage/database.ts); one table, single statements only.
// Several instances may share a Postgres inbox: a claim is one UPDATE ... WHERE status = 'pending'
// RETURNING, and an instance's unfinished events stay its own while it renews their lease. The
// lease keeper belongs to the inbox that claims (the worker's; with a turn thread, that thread's).
// Enqueues that arrive in the same event-loop turn share one INSERT ... ON CONFLICT DO NOTHING
// RETURNING: a local database is written synchronously on the caller's thread (the HTTP thread, for
// enqueue), and each write may wait there for the lock another thread's writer holds; on Postgres it
// is one round trip per burst instead of one per event.
import { randomUUID } from 'node:crypto';
import { createClaimKeeper, placeholders } from '../storage/claims.js';
import { openDatabase, type SqlRow, type SqlValue } from '../storage/database.js';
import { threadKeyOf, type SlackWork } from './events.js';

/**
 * pending    stored, acked, not started (or re-queued after a crash before the reply)
 * processing claimed by the worker: requester lookup and agent run in progress
 * posting    chat.postMessage is in flight: whether Slack has the reply is unknown until it returns
 * replied    the reply is in Slack (reply_ts set); only the cleanup (reaction, final state) remains
 * done       finished; kept for dedupe, pruned after the retention period
 * failed     finished without a normal answer; reason says why; never retried automatically
 */
export type InboxStatus = 'pending' | 'processing' | 'posting' | 'replied' | 'done' | 'failed';

export type InboxEntry = {
  seq: number;
  eventId: string;
  receivedAt: number;
  threadKey: string;
  work: SlackWork;
  status: InboxStatus;
  attempts: number;
  reason?: string;
  replyTs?: string;
};

export type RecoveryReport = {
  /** processing -> pending: crashed before the reply was sent, will run again. */
  requeued: string[];
  /** processing -> failed after maxAttempts claims: crashed every time. */
  gaveUp: InboxEntry[];
  /** posting -> failed: crashed while chat.postMessage was in flight; never re-posted. */
  unknownReply: string[];
};

export type Inbox = {
  /** Creates the table (idempotent). Every other method waits for it. */
  ready(): Promise<void>;
  /**
   * Stored once per event_id (ON CONFLICT DO NOTHING; events of one event-loop turn share one
   * INSERT): `inserted` is false when Slack re-delivered an event we already hold.
   */
  enqueue(work: SlackWork): Promise<{ inserted: boolean }>;
  /**
   * Work the worker may start now: for each thread not in `busyThreads`, its oldest unfinished event,
   * if that one is pending (to run) or replied (to finish). A thread whose oldest event is processing
   * or posting is blocked: later events of a thread never overtake earlier ones. Requesters take turns:
   * a person with turns running or many waiting threads comes after one with fewer.
   */
  nextRunnable(options: { busyThreads: Iterable<string>; limit: number }): Promise<InboxEntry[]>;
  /** pending -> processing, attempts + 1. Undefined when the event is not pending any more. */
  claim(eventId: string): Promise<InboxEntry | undefined>;
  markPosting(eventId: string): Promise<void>;
  /** `failure`: the reply was the honest failure sentence; the event ends as failed with this reason. */
  markReplied(eventId: string, replyTs: string, failure?: string): Promise<void>;
  markDone(eventId: string, reason?: string): Promise<void>;
  markFailed(eventId: string, reason: string): Promise<void>;
  /**
   * Takes over events whose holder stopped: processing or posting, not held by this inbox, and
   * either not renewed within the lease (at once on LibSQL, where no other process shares the
   * database) or claimed under this inbox's holder id by a predecessor (a turn thread that died).
   * Run at start-up and periodically; an event another live instance is answering is never touched.
   */
  recover(options: { maxAttempts: number }): Promise<RecoveryReport>;
  /** Deletes finished rows older than the retention periods; never touches unfinished ones. */
  prune(options: { doneOlderThanMs: number; failedOlderThanMs: number }): Promise<number>;
  get(eventId: string): Promise<InboxEntry | undefined>;
  list(): Promise<InboxEntry[]>;
  close(): void;
};

const schema = ({ serialKey }: { serialKey: string }) => [
  `CREATE TABLE IF NOT EXISTS slack_inbox (
     seq ${serialKey},
     event_id TEXT NOT NULL UNIQUE,
     received_at BIGINT NOT NULL,
     thread_key TEXT NOT NULL,
     payload TEXT NOT NULL,
     status TEXT NOT NULL DEFAULT 'pending'
       CHECK (status IN ('pending','processing','posting','replied','done','failed')),
     attempts INTEGER NOT NULL DEFAULT 0,
     reason TEXT,
     reply_ts TEXT,
     updated_at BIGINT NOT NULL
   )`,
  `CREATE INDEX IF NOT EXISTS slack_inbox_open ON slack_inbox (status, thread_key, seq)`,
  `CREATE INDEX IF NOT EXISTS slack_inbox_finished ON slack_inbox (status, updated_at)`,
  // Who claimed the row (InboxOptions.holder): a restarted turn thread takes back its predecessor's at once.
  { table: 'slack_inbox', column: 'claimed_by', definition: 'TEXT' },
];

const UNFINISHED = `('pending','processing','posting','replied')`;
/** Rows per INSERT (5 parameters each, far below SQLite's and Postgres's parameter limits). */
const MAX_BATCH = 500;

type WaitingEnqueue = { work: SlackWork; settle: { resolve(result: { inserted: boolean }): void; reject(error: unknown): void } };

export type InboxOptions = {
  now?: () => number;
  /**
   * Who claims through this inbox (default: a new random id). The turn threads one process starts
   * one after another share its id: only one runs at a time, so a claim with that id that this
   * inbox does not hold was its dead predecessor's, and recover() takes it over without waiting for
   * the lease (on Postgres 60 s; other instances' claims still wait for it).
   */
  holder?: string;
  /** How long another instance's claim is respected without renewal (default: the backend's lease). */
  claimLeaseMs?: number;
};

export function createInbox(databaseUrl: string, options: InboxOptions = {}): Inbox {
  const now = options.now ?? Date.now;
  const holder = options.holder ?? randomUUID();
  const opened = openDatabase(databaseUrl, schema, 'Slack inbox');
  // An init failure is reported by every call that awaits it, not as an unhandled rejection.
  opened.catch(() => undefined);
  const keeper = opened.then((db) =>
    createClaimKeeper({
      leaseMs: options.claimLeaseMs ?? db.claimLeaseMs,
      now,
      renew: (ids, at) =>
        db.execute(`UPDATE slack_inbox SET updated_at = ? WHERE status IN ('processing','posting','replied') AND event_id IN (${placeholders(ids.length)})`, [at, ...ids]),
    }),
  );
  keeper.catch(() => undefined);

  const run = async (sql: string, args: SqlValue[] = []) => (await opened).execute(sql, args);
  /** The person an inbox row answers (team and user of its work), for fairness across requesters. */
  const requesterOf = async (row: string) => {
    const { dialect } = await opened;
    return `${dialect.jsonText(`${row}.payload`, 'teamId')} || ':' || ${dialect.jsonText(`${row}.payload`, 'userId')}`;
  };
  /** Moves an event to `status`; with `from`, only if it is still in that state and its claim has lapsed or was this holder's. */
  const setStatus = async (eventId: string, status: InboxStatus, extra: { reason?: string; replyTs?: string; from?: InboxStatus; lapsedBefore?: number } = {}) => {
    const guard = extra.from ? ' AND status = ? AND (updated_at <= ? OR claimed_by = ?)' : '';
    const result = await run(
      `UPDATE slack_inbox SET status = ?, reason = COALESCE(?, reason), reply_ts = COALESCE(?, reply_ts), updated_at = ?
       WHERE event_id = ?${guard}`,
      [status, extra.reason ?? null, extra.replyTs ?? null, now(), eventId, ...(extra.from ? [extra.from, extra.lapsedBefore ?? 0, holder] : [])],
    );
    if (status === 'done' || status === 'failed') (await keeper).release(eventId);
    return result.rowsAffected === 1;
  };
  /** Claims under way in this inbox, by event id. */
  const claiming = new Map<string, number>();
  let batch: WaitingEnqueue[] = [];
  let scheduled = false;
  /** One INSERT at a time: a later batch never overtakes an earlier one, so seq keeps arrival order. */
  let inserting = false;
  const schedule = () => {
    if (scheduled || inserting) return;
    scheduled = true;
    setImmediate(() => {
      scheduled = false;
      void insertBatch();
    });
  };
  /** One INSERT for the waiting events, skipping event ids already held; RETURNING names the rows that were new. */
  async function insertBatch(): Promise<void> {
    inserting = true;
    const taken = batch.slice(0, MAX_BATCH);
    batch = batch.slice(taken.length);
    const at = now();
    try {
      const result = await run(
        `INSERT INTO slack_inbox (event_id, received_at, thread_key, payload, status, attempts, updated_at)
         VALUES ${taken.map(() => `(?, ?, ?, ?, 'pending', 0, ?)`).join(', ')} ON CONFLICT (event_id) DO NOTHING RETURNING event_id`,
        taken.flatMap(({ work }) => [work.eventId, at, threadKeyOf(work), JSON.stringify(work), at]),
      );
      const fresh = new Set(result.rows.map((row) => text(row.event_id)));
      // Two deliveries of one event in the same batch: the first one inserted it.
      for (const { work, settle } of taken) settle.resolve({ inserted: fresh.delete(work.eventId) });
    } catch (error) {
      for (const { settle } of taken) settle.reject(error);
    } finally {
      inserting = false;
      if (batch.length > 0) schedule();
    }
  }
  const get = async (eventId: string) => {
    const result = await run('SELECT * FROM slack_inbox WHERE event_id = ?', [eventId]);
    return result.rows[0] ? toEntry(result.rows[0]) : undefined;
  };

  return {
    ready: async () => {
      await opened;
    },
    enqueue: (work) =>
      new Promise((resolve, reject) => {
        batch.push({ work, settle: { resolve, reject } });
        schedule();
      }),
    async nextRunnable({ busyThreads, limit }) {
      const busy = [...busyThreads];
      // Fair across requesters: each thread's head is ranked by how many turns its requester already
      // has running plus its place among that requester's waiting heads, so one person's flood of
      // DMs (each its own thread) takes turns with everyone else instead of going first. A replied
      // head is offered only once its holder's lease has lapsed (its holder finishes it otherwise).
      const result = await run(
        `WITH heads AS (
           SELECT i.*, ${await requesterOf('i')} AS requester FROM slack_inbox i
           WHERE (i.status = 'pending' OR (i.status = 'replied' AND i.updated_at <= ?))
             AND i.seq = (SELECT MIN(j.seq) FROM slack_inbox j WHERE j.thread_key = i.thread_key AND j.status IN ${UNFINISHED})
             ${busy.length > 0 ? `AND i.thread_key NOT IN (${placeholders(busy.length)})` : ''}
         ),
         running AS (
           SELECT ${await requesterOf('r')} AS requester, COUNT(*) AS n FROM slack_inbox r
           WHERE r.status IN ('processing','posting') GROUP BY requester
         )
         SELECT h.* FROM heads h LEFT JOIN running ON running.requester = h.requester
         ORDER BY COALESCE(running.n, 0) + ROW_NUMBER() OVER (PARTITION BY h.requester ORDER BY h.seq), h.seq
         LIMIT ?`,
        [(await keeper).lapsedBefore(), ...busy, limit],
      );
      return result.rows.map(toEntry);
    },
    async claim(eventId) {
      // Counted while under way: a recovery whose SELECT is answered between this UPDATE's answer and
      // the hold below (on Postgres both can arrive in one read) leaves the row alone.
      claiming.set(eventId, (claiming.get(eventId) ?? 0) + 1);
      try {
        const result = await run(
          `UPDATE slack_inbox SET status = 'processing', attempts = attempts + 1, updated_at = ?, claimed_by = ?
           WHERE event_id = ? AND status = 'pending' RETURNING *`,
          [now(), holder, eventId],
        );
        if (!result.rows[0]) return undefined;
        (await keeper).hold(eventId);
        return toEntry(result.rows[0]);
      } finally {
        const left = (claiming.get(eventId) ?? 1) - 1;
        if (left > 0) claiming.set(eventId, left);
        else claiming.delete(eventId);
      }
    },
    markPosting: async (eventId) => void (await setStatus(eventId, 'posting')),
    markReplied: async (eventId, replyTs, failure) => void (await setStatus(eventId, 'replied', { replyTs, reason: failure })),
    markDone: async (eventId, reason) => void (await setStatus(eventId, 'done', { reason })),
    markFailed: async (eventId, reason) => void (await setStatus(eventId, 'failed', { reason })),
    async recover({ maxAttempts }) {
      const claims = await keeper;
      const lapsedBefore = claims.lapsedBefore();
      const stuck = await run(`SELECT * FROM slack_inbox WHERE status IN ('processing','posting') AND (updated_at <= ? OR claimed_by = ?) ORDER BY seq`, [lapsedBefore, holder]);
      const report: RecoveryReport = { requeued: [], gaveUp: [], unknownReply: [] };
      for (const entry of stuck.rows.map(toEntry)) {
        if (claims.holds(entry.eventId) || claiming.has(entry.eventId)) continue;
        // Each move re-checks state and lease: another instance may have recovered it, or its holder renewed it.
        const guard = { from: entry.status, lapsedBefore };
        if (entry.status === 'posting') {
          if (await setStatus(entry.eventId, 'failed', { reason: 'reply_state_unknown_after_restart', ...guard })) report.unknownReply.push(entry.eventId);
        } else if (entry.attempts >= maxAttempts) {
          if (await setStatus(entry.eventId, 'failed', { reason: `crashed_${entry.attempts}_times`, ...guard })) report.gaveUp.push(entry);
        } else if (await setStatus(entry.eventId, 'pending', guard)) {
          report.requeued.push(entry.eventId);
        }
      }
      return report;
    },
    async prune({ doneOlderThanMs, failedOlderThanMs }) {
      const at = now();
      const result = await run(
        `DELETE FROM slack_inbox WHERE (status = 'done' AND updated_at < ?) OR (status = 'failed' AND updated_at < ?)`,
        [at - doneOlderThanMs, at - failedOlderThanMs],
      );
      return result.rowsAffected;
    },
    get,
    async list() {
      const result = await run('SELECT * FROM slack_inbox ORDER BY seq');
      return result.rows.map(toEntry);
    },
    close: () => {
      void keeper.then((claims) => claims.stop(), () => undefined);
      void opened.then((db) => db.close(), () => undefined);
    },
  };
}

function toEntry(row: SqlRow): InboxEntry {
  return {
    seq: Number(row.seq),
    eventId: text(row.event_id) ?? '',
    receivedAt: Number(row.received_at),
    threadKey: text(row.thread_key) ?? '',
    work: JSON.parse(text(row.payload) ?? 'null') as SlackWork,
    status: text(row.status) as InboxStatus,
    attempts: Number(row.attempts),
    reason: text(row.reason),
    replyTs: text(row.reply_ts),
  };
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
