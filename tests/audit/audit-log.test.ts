// The audit log on both backends (a LibSQL file in the temp folder, a real Postgres database): order,
// filters, limits, secrets, concurrency; and LibSQL's own concerns (WAL, waiting out other writers).
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient } from '@libsql/client';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAuditLog, type AuditEntry, type AuditLog, type AuditOutcome } from '../../src/audit/index.js';
import type { OktaCall } from '../../src/okta/index.js';
import { freePort } from '../helpers/net.js';
import { createTestDatabase, dropTables } from '../helpers/postgres.js';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const LOCK_HOLDER = `
  import { createClient } from '@libsql/client';
  const client = createClient({ url: process.argv[1] });
  const tx = await client.transaction('write');
  await tx.execute("INSERT INTO helpdesk_audit (at, requester_email, action, outcome, detail) VALUES ('2025-01-01T00:00:00.000Z', 'x@acme.com', 'lock', 'executed', 'held the lock')");
  process.stdout.write('locked');
  await new Promise((resolve) => setTimeout(resolve, 300));
  await tx.commit();
  client.close();
`;

let folder: string;
let databaseUrl: string;
let postgresUrl: string;
const opened: AuditLog[] = [];

async function openLog(knownSecrets: string[] = []): Promise<AuditLog> {
  const log = await createAuditLog(databaseUrl, { knownSecrets });
  opened.push(log);
  return log;
}

const SUSPEND_CALL: OktaCall = { method: 'POST', path: '/api/v1/users/00uqrks9ig7XuWV7X5d7/lifecycle/suspend', at: '2025-09-29T03:49:59.120Z', status: 200, requestId: '22803a483906511558a95ace71b02fa4' };
const SESSIONS_CALL: OktaCall = { method: 'DELETE', path: '/api/v1/users/00uqrks9ig7XuWV7X5d7/sessions', at: '2025-09-29T03:49:59.480Z', status: null, requestId: null };

const entry = (overrides: Partial<AuditEntry> = {}): AuditEntry => ({
  slackUserId: 'U0123ABCD',
  requesterEmail: 'erin@acme.com',
  action: 'lock',
  target: 'pat@acme.com',
  outcome: 'executed',
  detail: 'Suspended and ended sessions.',
  oktaRequestId: '22803a483906511558a95ace71b02fa4',
  oktaCalls: [SUSPEND_CALL, SESSIONS_CALL],
  ...overrides,
});

beforeEach(() => {
  folder = join(tmpdir(), `helpdesk-audit-${randomUUID()}`);
  // A folder that does not exist yet: createAuditLog must create it.
  databaseUrl = `file:${join(folder, 'nested', 'helpdesk.db')}`;
});

beforeAll(async () => {
  postgresUrl = await createTestDatabase();
});

afterEach(async () => {
  for (const log of opened.splice(0)) await log.close();
  rmSync(folder, { recursive: true, force: true });
  await dropTables(postgresUrl, ['helpdesk_audit']);
});

const BACKENDS = [
  { backend: 'LibSQL', url: () => databaseUrl },
  { backend: 'Postgres', url: () => postgresUrl },
];

describe('opening the audit log', () => {
  it('creates the database folder, the table, its indexes and WAL mode', async () => {
    await openLog();
    expect(existsSync(join(folder, 'nested', 'helpdesk.db'))).toBe(true);
    const raw = createClient({ url: databaseUrl });
    try {
      const mode = await raw.execute('PRAGMA journal_mode');
      expect(mode.rows[0]?.journal_mode).toBe('wal');
      const indexes = await raw.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'helpdesk_audit' ORDER BY name");
      expect(indexes.rows.map((row) => row.name)).toEqual(['helpdesk_audit_at', 'helpdesk_audit_requester', 'helpdesk_audit_target']);
    } finally {
      raw.close();
    }
  });

  it('rejects a database URL neither backend can open, naming DATABASE_URL', async () => {
    await expect(createAuditLog('mysql://localhost/helpdesk')).rejects.toThrow(/DATABASE_URL/);
  });

  it('rejects a Postgres URL where no server answers, naming DATABASE_URL', async () => {
    await expect(createAuditLog(`postgres://helpdesk@127.0.0.1:${await freePort()}/helpdesk`)).rejects.toThrow(/DATABASE_URL/);
  });

  it('waits for another process holding the write lock instead of failing with SQLITE_BUSY', async () => {
    const log = await openLog();
    // Another connection (Mastra's store shares the file) holds a write transaction for 300 ms.
    const holder = spawn(process.execPath, ['--input-type=module', '-e', LOCK_HOLDER, databaseUrl], { cwd: REPO_ROOT });
    let holderErrors = '';
    holder.stderr.on('data', (chunk: Buffer) => (holderErrors += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => holder.on('exit', resolve));
    await new Promise<void>((resolve, reject) => {
      holder.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('locked') && resolve());
      holder.on('exit', () => reject(new Error(`lock holder exited before taking the lock: ${holderErrors}`)));
    });
    await log.record(entry({ detail: 'written while locked' }));
    expect(await exited).toBe(0);
    expect((await log.list()).map((e) => e.detail)).toEqual(['written while locked', 'held the lock']);
  });
});

describe.each(BACKENDS)('the audit log on $backend', ({ url }) => {
  beforeEach(() => {
    databaseUrl = url();
  });

  it('keeps entries across close and reopen', async () => {
    const first = await createAuditLog(databaseUrl);
    await first.record(entry());
    await first.close();
    const second = await openLog();
    expect(await second.list()).toHaveLength(1);
  });

  describe('record and list', () => {
    it('returns every field it stored, with an id and the time', async () => {
      const log = await openLog();
      await log.record(entry({ at: '2025-09-29T03:50:00.000Z', target: 'Pat@ACME.com' }));
      expect(await log.list()).toEqual([{ ...entry(), id: 1, at: '2025-09-29T03:50:00.000Z', target: 'pat@acme.com' }]);
    });

    it('leaves out optional fields that were not given', async () => {
      const log = await openLog();
      await log.record({ requesterEmail: 'erin@acme.com', action: 'lookup', outcome: 'decided_allow' });
      const [stored] = await log.list();
      expect(Object.keys(stored ?? {}).sort()).toEqual(['action', 'at', 'id', 'outcome', 'requesterEmail']);
      expect(Date.now() - Date.parse(stored?.at ?? '')).toBeLessThan(60_000);
    });

    it('keeps the Okta calls of each entry in their order, and an empty list as empty', async () => {
      const log = await openLog();
      await log.record(entry({ detail: 'two calls' }));
      await log.record(entry({ detail: 'no call', oktaCalls: [] }));
      const stored = Object.fromEntries((await log.list()).map((e) => [e.detail, e.oktaCalls]));
      expect(stored).toEqual({ 'two calls': [SUSPEND_CALL, SESSIONS_CALL], 'no call': [] });
    });

    it('lists newest first, and by insertion order within the same millisecond', async () => {
      const log = await openLog();
      await log.record(entry({ at: '2025-01-02T00:00:00.000Z', detail: 'middle' }));
      await log.record(entry({ at: '2025-01-03T00:00:00.000Z', detail: 'newest' }));
      await log.record(entry({ at: '2025-01-01T00:00:00.000Z', detail: 'oldest' }));
      await log.record(entry({ at: '2025-01-02T00:00:00.000Z', detail: 'middle, recorded later' }));
      expect((await log.list()).map((e) => e.detail)).toEqual(['newest', 'middle, recorded later', 'middle', 'oldest']);
    });

    it('filters by requester and by target, ignoring case', async () => {
      const log = await openLog();
      await log.record(entry({ requesterEmail: 'erin@acme.com', target: 'pat@acme.com' }));
      await log.record(entry({ requesterEmail: 'Sam@Acme.com', target: 'pat@acme.com' }));
      await log.record(entry({ requesterEmail: 'erin@acme.com', target: 'lee@acme.com' }));
      expect((await log.list({ requester: 'ERIN@acme.com' })).map((e) => e.target)).toEqual(['lee@acme.com', 'pat@acme.com']);
      expect((await log.list({ target: 'Pat@acme.com' })).map((e) => e.requesterEmail)).toEqual(['sam@acme.com', 'erin@acme.com']);
      expect(await log.list({ requester: 'erin@acme.com', target: 'pat@acme.com' })).toHaveLength(1);
      expect(await log.list({ requester: 'nobody@acme.com' })).toEqual([]);
    });

    it('returns at most `limit` entries, 100 by default', async () => {
      const log = await openLog();
      await Promise.all(Array.from({ length: 105 }, (_, i) => log.record(entry({ detail: `entry ${i}` }))));
      expect(await log.list()).toHaveLength(100);
      expect(await log.list({ limit: 3 })).toHaveLength(3);
    });

    it('pages with `before`: only entries strictly older', async () => {
      const log = await openLog();
      for (const day of ['01', '02', '03']) await log.record(entry({ at: `2025-01-${day}T00:00:00.000Z`, detail: day }));
      expect((await log.list({ before: '2025-01-03T00:00:00.000Z' })).map((e) => e.detail)).toEqual(['02', '01']);
    });

    it('rejects an outcome outside the union and a time that is not a timestamp', async () => {
      const log = await openLog();
      await expect(log.record(entry({ outcome: 'done' as AuditOutcome }))).rejects.toThrow(/Unknown audit outcome/);
      await expect(log.record(entry({ at: 'yesterday' }))).rejects.toThrow(/Not a timestamp/);
      expect(await log.list()).toEqual([]);
    });
  });

  describe('secret guard', () => {
    it.each([
      ['detail', 'Link: https://acme.okta.com/reset_password/drpwf5himYrnOpIMbDfb'],
      ['detail', 'https://acme.okta.com/signin/reset-password/XE6wE17zmphl3KqAPFxO'],
      ['detail', 'posted with xoxb-1234-5678-abcdef'],
      ['detail', 'Authorization: SSWS 00abcdefghijklmnopqrstuvwxyz'],
      ['target', 'SSWS 00abcdefghijklmnopqrstuvwxyz'],
      ['oktaRequestId', 'xoxp-not-a-real-token-abcdef'],
      ['slackUserId', 'xapp-1-A0123456789-1234567890-abcdef0123'],
      ['detail', 'Authorization: Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIwMHUxIn0.c2lnbmF0dXJlLWJ5dGVz'],
      ['detail', 'token eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIwMHUxIn0.c2lnbmF0dXJlLWJ5dGVz in a sentence'],
      ['oktaCalls', [{ ...SUSPEND_CALL, path: '/reset_password/drpwf5himYrnOpIMbDfb' }]],
      ['oktaCalls', [{ ...SUSPEND_CALL, path: 'https://acme.okta.com/reset_password/drpwf5himYrnOpIMbDfb' }]],
    ] as [keyof AuditEntry, AuditEntry[keyof AuditEntry]][])('refuses to store a secret in %s: %s', async (field, value) => {
      const log = await openLog();
      await expect(log.record(entry({ [field]: value }))).rejects.toThrow(new RegExp(`Refusing to audit .* in "${field}"`));
      expect(await log.list()).toEqual([]);
    });

    it.each([
      ['a person named like a bearer token', "done: Bearer X's account is now suspended and every Okta session was ended."],
      ['a group named like an SSWS header', 'done: Jane Doe was added to SSWS Team.'],
      ['a display name that starts like a Slack token', 'Please confirm: Lock xoxb-fan (xoxb@acme.example).'],
      ['a sentence about reset links', 'Okta issued a one-time password reset link; it goes only to jane@acme.example by direct message.'],
    ])('records %s', async (_name, detail) => {
      const log = await openLog();
      await log.record(entry({ detail }));
      expect((await log.list()).map((e) => e.detail)).toEqual([detail]);
    });

    it('refuses a configured secret wherever it appears, whatever its shape', async () => {
      const log = await openLog(['plain-looking-signing-secret']);
      await expect(log.record(entry({ detail: 'signed with plain-looking-signing-secret' }))).rejects.toThrow(/Refusing to audit a configured secret in "detail"/);
      expect(await log.list()).toEqual([]);
    });

    it('stores ordinary sentences about resets and tokens', async () => {
      const log = await openLog();
      await log.record(entry({ action: 'reset_password', detail: 'Reset link sent by DM to the account owner (reference r-42).' }));
      expect(await log.list()).toHaveLength(1);
    });
  });

  describe('concurrent writes', () => {
    it('keeps all 50 records written at once', async () => {
      const log = await openLog();
      await Promise.all(Array.from({ length: 50 }, (_, i) => log.record(entry({ detail: `write ${i}` }))));
      const stored = await log.list({ limit: 1000 });
      expect(new Set(stored.map((e) => e.detail)).size).toBe(50);
    });
  });
});
