// Mastra's own storage (agent memory, workflow snapshots) on the same database as the project's
// tables: @mastra/libsql for LibSQL URLs, @mastra/pg for postgres:// (chosen like openDatabase;
// loaded only then, so a LibSQL deployment never carries the Postgres drivers).
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { MastraCompositeStore } from '@mastra/core/storage';
import { LibSQLStore } from '@mastra/libsql';
import { databaseKind, localFilePath } from './database.js';

const STORE_ID = 'helpdesk-storage';
/** Any fixed key: instances starting together run Mastra's migrations one after the other. */
const MIGRATION_LOCK_KEY = 0x6d617374;

/** Creates Mastra's tables (idempotent) and returns the store with a way to release its connections. */
export async function openMastraStore(databaseUrl: string): Promise<{ store: MastraCompositeStore; close: () => Promise<void> }> {
  if (databaseKind(databaseUrl) === 'postgres') {
    const { PostgresStore } = await import('@mastra/pg');
    const store = new PostgresStore({ id: STORE_ID, connectionString: databaseUrl });
    const client = await store.pool.connect();
    try {
      await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
      await store.init();
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
      client.release();
    }
    return { store, close: async () => store.close() };
  }
  const databaseFile = localFilePath(databaseUrl);
  if (databaseFile) mkdirSync(dirname(databaseFile), { recursive: true });
  const store = new LibSQLStore({ id: STORE_ID, url: databaseUrl });
  await store.init();
  return { store, close: async () => undefined };
}
