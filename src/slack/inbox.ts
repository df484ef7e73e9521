// The durable inbox: every verified Slack event that needs an answer is stored here (event_id
// unique) before Slack gets its 200, and its progress is recorded so a restart neither loses it nor
// answers it twice. LibSQL/SQLite through @libsql/client; one table, single statements only.
// Enqueues that arrive in the same event-loop turn share one INSERT: a local database is written
// synchronously on the caller's thread (the HTTP thread, for enqueue), and each write may wait
// there for the lock another thread's writer holds, so fewer writes keep acks flowing.
import type { Row } from '@libsql/client';
import { openDatabase } from '../storage/database.js';
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
  /** INSERT OR IGNORE: `inserted` is false when Slack re-delivered an event we already hold. */
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
  /** Run once at start-up, before the worker claims anything (one worker process per database). */
  recover(options: { maxAttempts: number }): Promise<RecoveryReport>;
  /** Deletes finished rows older than the retention periods; never touches unfinished ones. */
  prune(options: { doneOlderThanMs: number; failedOlderThanMs: number }): Promise<number>;
  get(eventId: string): Promise<InboxEntry | undefined>;
  list(): Promise<InboxEntry[]>;
  close(): void;
};

const SCHEMA = [
  `CREATE TABLE IF NOT EXISTS slack_inbox (
     seq INTEGER PRIMARY KEY AUTOINCREMENT,
     event_id TEXT NOT NULL UNIQUE,
     received_at INTEGER NOT NULL,
     thread_key TEXT NOT NULL,
     payload TEXT NOT NULL,
     status TEXT NOT NULL DEFAULT 'pending'
       CHECK (status IN ('pending','processing','posting','replied','done','failed')),
     attempts INTEGER NOT NULL DEFAULT 0,
     reason TEXT,
     reply_ts TEXT,
     updated_at INTEGER NOT NULL
   )`,
  `CREATE INDEX IF NOT EXISTS slack_inbox_open ON slack_inbox (status, thread_key, seq)`,
  `CREATE INDEX IF NOT EXISTS slack_inbox_finished ON slack_inbox (status, updated_at)`,
];

const UNFINISHED = `('pending','processing','posting','replied')`;
/** Rows per INSERT (5 parameters each, far below SQLite's parameter limit). */
const MAX_BATCH = 500;

type WaitingEnqueue = { work: SlackWork; settle: { resolve(result: { inserted: boolean }): void; reject(error: unknown): void } };
/** The person an inbox row answers (team and user of its work), for fairness across requesters. */
const REQUESTER_OF = (row: string) => `json_extract(${row}.payload, '$.teamId') || ':' || json_extract(${row}.payload, '$.userId')`;

export function createInbox(databaseUrl: string, options: { now?: () => number } = {}): Inbox {
  const now = options.now ?? Date.now;
  const opened = openDatabase(databaseUrl, SCHEMA, 'Slack inbox');
  // An init failure is reported by every call that awaits it, not as an unhandled rejection.
  opened.catch(() => undefined);

  const run = async (sql: string, args: Array<string | number | null> = []) => (await opened).execute({ sql, args });
  const setStatus = async (eventId: string, status: InboxStatus, extra: { reason?: string; replyTs?: string } = {}) => {
    await run(
      `UPDATE slack_inbox SET status = ?, reason = COALESCE(?, reason), reply_ts = COALESCE(?, reply_ts), updated_at = ?
       WHERE event_id = ?`,
      [status, extra.reason ?? null, extra.replyTs ?? null, now(), eventId],
    );
  };
  let batch: WaitingEnqueue[] = [];
  let scheduled = false;
  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(() => {
      scheduled = false;
      void insertBatch();
    });
  };
  /** One INSERT OR IGNORE for the waiting events; RETURNING names the rows that were new. */
  async function insertBatch(): Promise<void> {
    const taken = batch.slice(0, MAX_BATCH);
    batch = batch.slice(taken.length);
    if (batch.length > 0) schedule();
    const at = now();
    try {
      const result = await run(
        `INSERT OR IGNORE INTO slack_inbox (event_id, received_at, thread_key, payload, status, attempts, updated_at)
         VALUES ${taken.map(() => `(?, ?, ?, ?, 'pending', 0, ?)`).join(', ')} RETURNING event_id`,
        taken.flatMap(({ work }) => [work.eventId, at, threadKeyOf(work), JSON.stringify(work), at]),
      );
      const fresh = new Set(result.rows.map((row) => text(row.event_id)));
      // Two deliveries of one event in the same batch: the first one inserted it.
      for (const { work, settle } of taken) settle.resolve({ inserted: fresh.delete(work.eventId) });
    } catch (error) {
      for (const { settle } of taken) settle.reject(error);
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
      // DMs (each its own thread) takes turns with everyone else instead of going first.
      const result = await run(
        `WITH heads AS (
           SELECT i.*, ${REQUESTER_OF('i')} AS requester FROM slack_inbox i
           WHERE i.status IN ('pending','replied')
             AND i.seq = (SELECT MIN(j.seq) FROM slack_inbox j WHERE j.thread_key = i.thread_key AND j.status IN ${UNFINISHED})
             ${busy.length > 0 ? `AND i.thread_key NOT IN (${busy.map(() => '?').join(',')})` : ''}
         ),
         running AS (
           SELECT ${REQUESTER_OF('r')} AS requester, COUNT(*) AS n FROM slack_inbox r
           WHERE r.status IN ('processing','posting') GROUP BY requester
         )
         SELECT h.* FROM heads h LEFT JOIN running ON running.requester = h.requester
         ORDER BY COALESCE(running.n, 0) + ROW_NUMBER() OVER (PARTITION BY h.requester ORDER BY h.seq), h.seq
         LIMIT ?`,
        [...busy, limit],
      );
      return result.rows.map(toEntry);
    },
    async claim(eventId) {
      const result = await run(
        `UPDATE slack_inbox SET status = 'processing', attempts = attempts + 1, updated_at = ?
         WHERE event_id = ? AND status = 'pending' RETURNING *`,
        [now(), eventId],
      );
      return result.rows[0] ? toEntry(result.rows[0]) : undefined;
    },
    markPosting: (eventId) => setStatus(eventId, 'posting'),
    markReplied: (eventId, replyTs, failure) => setStatus(eventId, 'replied', { replyTs, reason: failure }),
    markDone: (eventId, reason) => setStatus(eventId, 'done', { reason }),
    markFailed: (eventId, reason) => setStatus(eventId, 'failed', { reason }),
    async recover({ maxAttempts }) {
      const stuck = await run(`SELECT * FROM slack_inbox WHERE status IN ('processing','posting') ORDER BY seq`);
      const report: RecoveryReport = { requeued: [], gaveUp: [], unknownReply: [] };
      for (const entry of stuck.rows.map(toEntry)) {
        if (entry.status === 'posting') {
          await setStatus(entry.eventId, 'failed', { reason: 'reply_state_unknown_after_restart' });
          report.unknownReply.push(entry.eventId);
        } else if (entry.attempts >= maxAttempts) {
          await setStatus(entry.eventId, 'failed', { reason: `crashed_${entry.attempts}_times` });
          report.gaveUp.push(entry);
        } else {
          await setStatus(entry.eventId, 'pending');
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
    close: () => void opened.then((client) => client.close(), () => undefined),
  };
}

function toEntry(row: Row): InboxEntry {
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

function text(value: Row[string]): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
