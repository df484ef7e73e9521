// Opens the project's LibSQL database for one of its own tables (audit, pending actions, Slack
// inbox). Mastra's store shares the same file, so every connection waits out the other writers.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient, type Client } from '@libsql/client';

const BUSY_TIMEOUT_MS = 5000;

/**
 * Creates the folder of a `file:` database, opens it in WAL mode and applies `schema`. Local files
 * are written synchronously on the event loop, so `busyTimeoutMs` is also how long a write can
 * stall the whole process while another connection holds the lock.
 */
export async function openDatabase(databaseUrl: string, schema: string[], purpose: string, { busyTimeoutMs = BUSY_TIMEOUT_MS } = {}): Promise<Client> {
  const filePath = localFilePath(databaseUrl);
  if (filePath) mkdirSync(dirname(filePath), { recursive: true });
  // `timeout` is SQLite's busy_timeout on every pooled connection; a PRAGMA would reach only one.
  let client: Client;
  try {
    client = createClient({ url: databaseUrl, timeout: busyTimeoutMs, intMode: 'number' });
  } catch (cause) {
    throw new Error(`DATABASE_URL is not a LibSQL URL the ${purpose} can open (file:, libsql:, http(s):)`, { cause });
  }
  try {
    if (filePath) {
      await client.execute('PRAGMA journal_mode = WAL');
      // In WAL mode, NORMAL keeps every commit across a process crash; only an OS crash or power
      // loss can drop the last commits. It saves an fsync per commit on the request path.
      await client.execute('PRAGMA synchronous = NORMAL');
    }
    await client.batch(schema, 'write');
  } catch (cause) {
    client.close();
    throw new Error(`Could not open the ${purpose} database`, { cause });
  }
  return client;
}

/** The database file for a local `file:` URL; undefined for in-memory and remote databases. */
export function localFilePath(databaseUrl: string): string | undefined {
  if (!databaseUrl.startsWith('file:')) return undefined;
  const path = databaseUrl.startsWith('file://') ? fileURLToPath(databaseUrl.split('?')[0]) : databaseUrl.slice('file:'.length).split('?')[0];
  return path === '' || path === ':memory:' ? undefined : path;
}
