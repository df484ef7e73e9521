// The pending-action store on both backends (a LibSQL file, a real Postgres database): a click's
// claim runs once even across two stores (two instances) on one database, expiry, cards, and the
// take-over of actions whose claimer stopped, never of one a live store is executing.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createPendingActionStore, type NewPendingAction, type PendingActionStore } from '../../src/helpdesk/pending-actions.js';
import { POSTGRES_CLAIM_LEASE_MS } from '../../src/storage/postgres.js';
import { createTestDatabase, dropTables } from '../helpers/postgres.js';

const lockJane: NewPendingAction = {
  kind: 'confirm',
  action: { kind: 'lock', targetEmail: 'jane.doe@acme.example' },
  requester: { email: 'jane.doe@acme.example', slackUserId: 'U043H11ES4V', teamId: 'T043DB835ML' },
  origin: { channelId: 'D0442US94JD', threadTs: '1700000000.000100' },
};

let dir: string;
let postgresUrl: string;
const clock = { ms: 1_800_000_000_000 };
const stores: PendingActionStore[] = [];

beforeAll(async () => {
  postgresUrl = await createTestDatabase();
});
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'pending-actions-'));
});
afterEach(async () => {
  for (const store of stores.splice(0)) await store.shutdown();
  rmSync(dir, { recursive: true, force: true });
  await dropTables(postgresUrl, ['helpdesk_pending_actions']);
});

describe.each([
  { backend: 'LibSQL', databaseUrl: () => `file:${join(dir, 'helpdesk.db')}` },
  { backend: 'Postgres', databaseUrl: () => postgresUrl },
])('pending actions on $backend', ({ databaseUrl }) => {
  const open = async (options: { claimLeaseMs?: number } = {}) => {
    const store = await createPendingActionStore(databaseUrl(), () => clock.ms, options);
    stores.push(store);
    return store;
  };

  it('claims an action for exactly one of several clicks arriving at two instances at once', async () => {
    const [a, b] = [await open(), await open()];
    const { id } = await a.create(lockJane);
    const results = await Promise.all([a.claim(id), b.claim(id), a.claim(id), b.claim(id)]);
    expect(results.filter((result) => 'claimed' in result)).toHaveLength(1);
    expect(results.filter((result) => 'refused' in result && result.refused === 'already_handled')).toHaveLength(3);
    expect(await b.get(id)).toMatchObject({ status: 'executing', action: lockJane.action, requester: lockJane.requester, origin: lockJane.origin });
  });

  it('refuses a click after the action expired, and an unknown id', async () => {
    const store = await open();
    const { id } = await store.create(lockJane);
    clock.ms += 10 * 60 * 1000;
    expect(await store.claim(id)).toMatchObject({ refused: 'expired' });
    expect(await store.claim('pa_unknown')).toEqual({ refused: 'unknown', action: undefined });
  });

  it('keeps every card posted for an action, in order', async () => {
    const store = await open();
    const { id } = await store.create({ ...lockJane, kind: 'approval', approverRoles: ['admin'] });
    await store.addCard(id, { channelId: 'D0000ADMIN1', ts: '1700000000.000200' });
    await store.addCard(id, { channelId: 'D0000ADMIN2', ts: '1700000000.000300' });
    expect((await store.get(id))?.cards).toEqual([
      { channelId: 'D0000ADMIN1', ts: '1700000000.000200' },
      { channelId: 'D0000ADMIN2', ts: '1700000000.000300' },
    ]);
  });

  it('with leases (several instances), hands an action whose claimer stopped to one instance only, never one a live store is executing', async () => {
    const leased = { claimLeaseMs: POSTGRES_CLAIM_LEASE_MS };
    const stopped = await open(leased);
    const live = await open(leased);
    const left = await stopped.create(lockJane);
    const running = await live.create(lockJane);
    await stopped.claim(left.id);
    await stopped.shutdown();
    clock.ms += POSTGRES_CLAIM_LEASE_MS; // the stopped claimer's lease has lapsed
    await live.claim(running.id); // a fresh claim, as a live store's renewals keep it

    const [first, second] = [await open(leased), await open(leased)];
    const taken = await Promise.all([first.listExecuting(), second.listExecuting(), live.listExecuting()]);
    expect(taken.flat().map((action) => action.id)).toEqual([left.id]);
  });
});
