// The /health write check on Postgres (the LibSQL side is covered end to end in tests/e2e/health.test.ts):
// a write that commits is `ok`; a row lock held by another connection is `locked`, not a hang.
import pg from 'pg';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createWriteProbe, type WriteProbe } from '../../src/storage/write-probe.js';
import { createTestDatabase } from '../helpers/postgres.js';

let databaseUrl: string;
let probe: WriteProbe | undefined;

beforeAll(async () => {
  databaseUrl = await createTestDatabase();
});
afterEach(async () => {
  await probe?.close();
});

describe('the write probe on Postgres', () => {
  it('answers ok while writes commit, locked while another connection holds the row, and ok again after', async () => {
    probe = await createWriteProbe(databaseUrl, { deadlineMs: 500 });
    expect(await probe.check()).toEqual({ ok: true });

    const other = new pg.Client({ connectionString: databaseUrl });
    await other.connect();
    try {
      await other.query('BEGIN');
      await other.query('SELECT * FROM helpdesk_health WHERE id = 1 FOR UPDATE');
      expect(await probe.check()).toEqual({ ok: false, problem: 'locked' });
      await other.query('ROLLBACK');
    } finally {
      await other.end();
    }
    expect(await probe.check()).toEqual({ ok: true });
  });
});
