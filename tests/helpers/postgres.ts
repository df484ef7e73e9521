// A fresh database on the run's Postgres server (tests/postgres-setup.ts), one per call, so test
// files and tests never see each other's rows.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';

export async function createTestDatabase(): Promise<string> {
  const admin = new URL(inject('postgresAdminUrl'));
  const name = `helpdesk_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: admin.href });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  admin.pathname = `/${name}`;
  return admin.href;
}

/** Drops these tables (if they exist), so the next test starts from an empty database. */
export async function dropTables(databaseUrl: string, tables: string[]): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`DROP TABLE IF EXISTS ${tables.join(', ')}`);
  } finally {
    await client.end();
  }
}
