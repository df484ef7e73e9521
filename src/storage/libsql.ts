// The LibSQL backend of openDatabase: a local SQLite file in WAL mode (or a libsql:/http(s): server).
// Mastra's store shares the same file, so every connection waits out the other writers.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient, type Client } from '@libsql/client';
import { BUSY_TIMEOUT_MS, type OpenOptions, type SchemaStep, type SqlDatabase, type SqlDialect, type SqlRow } from './sql.js';

const SQLITE: SqlDialect = {
  name: 'sqlite',
  serialKey: 'INTEGER PRIMARY KEY AUTOINCREMENT',
  jsonText: (column, key) => `json_extract(${column}, '$.${key}')`,
  jsonAppend: (column, param) => `json_insert(${column}, '$[#]', json(${param}))`,
};

/**
 * Creates the folder of a `file:` database, opens it in WAL mode and applies the schema. Local files
 * are written synchronously on the event loop, so `busyTimeoutMs` is also how long a write can
 * stall the whole process while another connection holds the lock.
 */
export async function openLibsqlDatabase(
  databaseUrl: string,
  schema: (dialect: SqlDialect) => SchemaStep[],
  purpose: string,
  { busyTimeoutMs = BUSY_TIMEOUT_MS }: OpenOptions,
): Promise<SqlDatabase> {
  const filePath = localFilePath(databaseUrl);
  if (filePath) mkdirSync(dirname(filePath), { recursive: true });
  // `timeout` is SQLite's busy_timeout on every pooled connection; a PRAGMA would reach only one.
  let client: Client;
  try {
    client = createClient({ url: databaseUrl, timeout: busyTimeoutMs, intMode: 'number' });
  } catch (cause) {
    throw new Error(`DATABASE_URL is not a database URL the ${purpose} can open (file:, libsql:, http(s):, postgres:)`, { cause });
  }
  try {
    if (filePath) {
      await client.execute('PRAGMA journal_mode = WAL');
      // In WAL mode, NORMAL keeps every commit across a process crash; only an OS crash or power
      // loss can drop the last commits. It saves an fsync per commit on the request path.
      await client.execute('PRAGMA synchronous = NORMAL');
    }
    for (const step of schema(SQLITE)) {
      if (typeof step === 'string') await client.execute(step);
      else await addColumnIfMissing(client, step);
    }
  } catch (cause) {
    client.close();
    throw new Error(`Could not open the ${purpose} database`, { cause });
  }
  return {
    dialect: SQLITE,
    claimLeaseMs: 0,
    async execute(sql, args = []) {
      const result = await client.execute({ sql, args });
      return { rows: result.rows as unknown as SqlRow[], rowsAffected: result.rowsAffected };
    },
    async close() {
      client.close();
    },
  };
}

/** SQLite has no ADD COLUMN IF NOT EXISTS. Two connections opening one new file may both try: the loser finds the column there. */
async function addColumnIfMissing(client: Client, { table, column, definition }: Exclude<SchemaStep, string>): Promise<void> {
  const exists = async () => (await client.execute({ sql: 'SELECT 1 FROM pragma_table_info(?) WHERE name = ?', args: [table, column] })).rows.length > 0;
  if (await exists()) return;
  try {
    await client.execute(`ALTER TABLE ${table} ADD COLUMN ${column} ${definition}`);
  } catch (error) {
    if (!(await exists())) throw error;
  }
}

/** The database file for a local `file:` URL; undefined for in-memory and remote databases. */
export function localFilePath(databaseUrl: string): string | undefined {
  if (!databaseUrl.startsWith('file:')) return undefined;
  const path = databaseUrl.startsWith('file://') ? fileURLToPath(databaseUrl.split('?')[0]) : databaseUrl.slice('file:'.length).split('?')[0];
  return path === '' || path === ':memory:' ? undefined : path;
}
