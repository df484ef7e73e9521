// Can the project's database take a write right now? /health asks this on every call: a server
// whose inbox cannot store Slack events must not report itself ready, or Slack's deliveries (and
// the load balancer's traffic) keep arriving at a door that can only answer 500.
import { openDatabase } from './database.js';

const schema = () => ['CREATE TABLE IF NOT EXISTS helpdesk_health (id INTEGER PRIMARY KEY CHECK (id = 1), checked_at BIGINT NOT NULL)'];
const DEFAULT_DEADLINE_MS = 1000;

export type WriteProblem = 'locked' | 'timed_out' | 'write_failed';

export type WriteProbe = {
  /** `ok` when a one-row write committed within the deadline; otherwise why not (no secrets, no paths). */
  check(): Promise<{ ok: true } | { ok: false; problem: WriteProblem }>;
  close(): Promise<void>;
};

export async function createWriteProbe(databaseUrl: string, { deadlineMs = DEFAULT_DEADLINE_MS } = {}): Promise<WriteProbe> {
  // A local write blocks the event loop while it waits for a lock: never longer than the deadline.
  // The lock wait ends first, so a held lock is reported as `locked`, not as a timeout.
  const db = await openDatabase(databaseUrl, schema, 'health check', { busyTimeoutMs: Math.floor(deadlineMs * 0.8) });
  return {
    async check() {
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<WriteProblem>((resolve) => (timer = setTimeout(() => resolve('timed_out'), deadlineMs)));
      const write = db
        .execute('INSERT INTO helpdesk_health (id, checked_at) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET checked_at = excluded.checked_at', [Date.now()])
        .then(
          () => 'ok' as const,
          // SQLite's busy error, or Postgres's lock_not_available (lock_timeout).
          (error: unknown): WriteProblem => (/SQLITE_BUSY|database is locked|^55P03$/i.test(String((error as { code?: unknown })?.code ?? error)) ? 'locked' : 'write_failed'),
        );
      try {
        const result = await Promise.race([write, timedOut]);
        return result === 'ok' ? { ok: true } : { ok: false, problem: result };
      } finally {
        clearTimeout(timer);
      }
    },
    close: () => db.close(),
  };
}
