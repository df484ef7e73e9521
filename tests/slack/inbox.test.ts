// The durable inbox on both backends, a real SQLite file and a real Postgres database: dedupe,
// per-thread heads, claims, crash recovery, pruning; and, with several instances on one database,
// claims that hold across them and recovery that never takes over a live instance's work.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SlackWork } from '../../src/slack/events.js';
import { createInbox, type Inbox, type InboxOptions } from '../../src/slack/inbox.js';
import { POSTGRES_CLAIM_LEASE_MS } from '../../src/storage/postgres.js';
import { createTestDatabase, dropTables } from '../helpers/postgres.js';

const work = (eventId: string, threadTs = '1700000000.000100', channelId = 'D0442US94JD'): SlackWork => ({
  eventId,
  teamId: 'T043DB835ML',
  channelId,
  userId: 'U043H11ES4V',
  text: 'I forgot my password',
  ts: threadTs,
  threadTs,
  origin: 'im',
});

let dir: string;
let url: string;
let postgresUrl: string;
const clock = { ms: 1_800_000_000_000 };
const opened: Inbox[] = [];
const open = (options: InboxOptions = {}) => {
  const inbox = createInbox(url, { now: () => clock.ms, ...options });
  opened.push(inbox);
  return inbox;
};

beforeAll(async () => {
  postgresUrl = await createTestDatabase();
});
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'slack-inbox-'));
});
afterEach(async () => {
  for (const inbox of opened.splice(0)) inbox.close();
  rmSync(dir, { recursive: true, force: true });
  await dropTables(postgresUrl, ['slack_inbox']);
});

const BACKENDS = [
  { backend: 'LibSQL', databaseUrl: () => `file:${join(dir, 'nested', 'folder', 'helpdesk.db')}` },
  { backend: 'Postgres', databaseUrl: () => postgresUrl },
];

describe('createInbox on a file: URL', () => {
  it('creates the folder of a file: database and the table', async () => {
    url = BACKENDS[0].databaseUrl();
    const inbox = open();
    await inbox.ready();
    expect(existsSync(join(dir, 'nested', 'folder', 'helpdesk.db'))).toBe(true);
    expect(await inbox.list()).toEqual([]);
  });
});

describe.each(BACKENDS)('the inbox on $backend', ({ databaseUrl }) => {
  beforeEach(() => {
    url = databaseUrl();
  });

  describe('storing and claiming', () => {
    it('stores an event once: a re-delivery is reported as not inserted', async () => {
      const inbox = open();
      expect(await inbox.enqueue(work('Ev1'))).toEqual({ inserted: true });
      expect(await inbox.enqueue(work('Ev1'))).toEqual({ inserted: false });
      expect((await inbox.list()).map((e) => [e.eventId, e.status, e.attempts])).toEqual([['Ev1', 'pending', 0]]);
    });

    it('stores a burst of concurrent events in arrival order, each once, whatever the copies in the burst', async () => {
      const inbox = open();
      await inbox.ready();
      // 600 enqueues in one event-loop turn: more than one INSERT's worth of rows.
      const ids = Array.from({ length: 300 }, (_, i) => `EvBurst${String(i).padStart(3, '0')}`);
      const results = await Promise.all(ids.flatMap((id) => [inbox.enqueue(work(id, `${id}.1`)), inbox.enqueue(work(id, `${id}.1`))]));
      expect(results.map((r) => r.inserted)).toEqual(ids.flatMap(() => [true, false]));
      expect((await inbox.list()).map((e) => e.eventId)).toEqual(ids);
      expect(await inbox.enqueue(work(ids[0]!, `${ids[0]}.1`))).toEqual({ inserted: false });
    });

    it('inserts exactly one row for 4 concurrent deliveries through two connections to the same database', async () => {
      const a = open();
      const b = open();
      await Promise.all([a.ready(), b.ready()]);
      const results = await Promise.all([a.enqueue(work('Ev1')), b.enqueue(work('Ev1')), a.enqueue(work('Ev1')), b.enqueue(work('Ev1'))]);
      expect(results.filter((r) => r.inserted)).toHaveLength(1);
      expect(await a.list()).toHaveLength(1);
    });

    it('offers only the oldest unfinished event of each thread, skipping busy threads', async () => {
      const inbox = open();
      await inbox.enqueue(work('A1', '1.1'));
      await inbox.enqueue(work('B1', '2.1'));
      await inbox.enqueue(work('A2', '1.1'));
      const ids = async (busy: string[] = []) =>
        (await inbox.nextRunnable({ busyThreads: busy, limit: 10 })).map((e) => e.eventId);
      expect(await ids()).toEqual(['A1', 'B1']);
      expect(await ids(['T043DB835ML:D0442US94JD:1.1'])).toEqual(['B1']);
      await inbox.claim('A1');
      expect(await ids()).toEqual(['B1']); // A2 waits behind A1 while it is processing
      await inbox.markDone('A1');
      expect(await ids()).toEqual(['B1', 'A2']); // oldest first across threads
    });

    it('claims a pending event once and counts the attempt', async () => {
      const inbox = open();
      await inbox.enqueue(work('Ev1'));
      expect(await inbox.claim('Ev1')).toMatchObject({ status: 'processing', attempts: 1 });
      expect(await inbox.claim('Ev1')).toBeUndefined();
    });

    it('keeps the reply ts and a failure reason through replied to failed', async () => {
      const inbox = open();
      await inbox.enqueue(work('Ev1'));
      await inbox.claim('Ev1');
      await inbox.markPosting('Ev1');
      await inbox.markReplied('Ev1', '1700000000.000200', 'okta_unavailable');
      expect(await inbox.get('Ev1')).toMatchObject({ status: 'replied', replyTs: '1700000000.000200', reason: 'okta_unavailable' });
      await inbox.markFailed('Ev1', 'okta_unavailable');
      expect(await inbox.get('Ev1')).toMatchObject({ status: 'failed', replyTs: '1700000000.000200' });
    });
  });

  describe('recover after a crash', () => {
    it('re-queues processing, gives up after maxAttempts, never re-posts a posting event, leaves replied to finish', async () => {
      const before = open();
      for (const id of ['pending', 'processing', 'crashy', 'posting', 'replied']) await before.enqueue(work(id, `${id}.1`));
      await before.claim('processing');
      await before.claim('crashy');
      await before.claim('posting');
      await before.markPosting('posting');
      await before.claim('replied');
      await before.markReplied('replied', '1700000000.000300');
      before.close();
      clock.ms += POSTGRES_CLAIM_LEASE_MS; // a stopped holder's lease lapses (LibSQL has none)

      const after = open();
      const report = await after.recover({ maxAttempts: 1 });
      expect(report.requeued).toEqual([]);
      expect(report.gaveUp.map((e) => e.eventId)).toEqual(['processing', 'crashy']);
      expect(report.unknownReply).toEqual(['posting']);

      const again = open();
      const status = Object.fromEntries((await again.list()).map((e) => [e.eventId, [e.status, e.reason]]));
      expect(status).toEqual({
        pending: ['pending', undefined],
        processing: ['failed', 'crashed_1_times'],
        crashy: ['failed', 'crashed_1_times'],
        posting: ['failed', 'reply_state_unknown_after_restart'],
        replied: ['replied', undefined],
      });
    });

    it('puts an event that crashed before its reply back to pending while attempts remain', async () => {
      const before = open();
      await before.enqueue(work('Ev1'));
      await before.claim('Ev1');
      before.close();
      clock.ms += POSTGRES_CLAIM_LEASE_MS;
      const after = open();
      expect(await after.recover({ maxAttempts: 3 })).toMatchObject({ requeued: ['Ev1'] });
      expect(await after.get('Ev1')).toMatchObject({ status: 'pending', attempts: 1 });
    });
  });

  describe('prune', () => {
    it('deletes old finished rows and never unfinished ones', async () => {
      const inbox = open();
      for (const id of ['old-done', 'old-failed', 'old-pending', 'old-processing']) await inbox.enqueue(work(id, `${id}.1`));
      await inbox.markDone('old-done');
      await inbox.markFailed('old-failed', 'x');
      await inbox.claim('old-processing');
      clock.ms += 2 * 60 * 60_000;
      await inbox.enqueue(work('new-done', 'n.1'));
      await inbox.markDone('new-done');

      const removed = await inbox.prune({ doneOlderThanMs: 60 * 60_000, failedOlderThanMs: 3 * 60 * 60_000 });
      expect(removed).toBe(1);
      expect((await inbox.list()).map((e) => e.eventId).sort()).toEqual(['new-done', 'old-failed', 'old-pending', 'old-processing']);
      clock.ms += 2 * 60 * 60_000;
      await inbox.prune({ doneOlderThanMs: 60 * 60_000, failedOlderThanMs: 3 * 60 * 60_000 });
      expect((await inbox.list()).map((e) => e.eventId).sort()).toEqual(['old-pending', 'old-processing']);
    });
  });

  describe('several instances on one database', () => {
    it('gives a pending event to exactly one of two instances claiming it at once', async () => {
      const [a, b] = [open(), open()];
      await a.enqueue(work('Ev1'));
      const claims = await Promise.all([a.claim('Ev1'), b.claim('Ev1'), a.claim('Ev1'), b.claim('Ev1')]);
      expect(claims.filter(Boolean)).toHaveLength(1);
      expect(await a.get('Ev1')).toMatchObject({ status: 'processing', attempts: 1 });
    });

    it('never recovers the events it is answering itself, however old their claim', async () => {
      const inbox = open();
      await inbox.enqueue(work('Ev1'));
      await inbox.claim('Ev1');
      clock.ms += 10 * POSTGRES_CLAIM_LEASE_MS;
      expect(await inbox.recover({ maxAttempts: 3 })).toEqual({ requeued: [], gaveUp: [], unknownReply: [] });
      expect(await inbox.get('Ev1')).toMatchObject({ status: 'processing' });
    });

    it("leaves another instance's claim alone while that instance renews it, and takes it over once it stops", async () => {
      // Real time here: the holder renews its claim on a timer, every third of the lease.
      const leased = { now: Date.now, claimLeaseMs: 600 };
      const holder = open(leased);
      const other = open(leased);
      await holder.enqueue(work('Ev1', '1.1'));
      await holder.enqueue(work('Ev2', '2.1'));
      await holder.claim('Ev1');
      await holder.claim('Ev2');
      await holder.markPosting('Ev2');
      await holder.markReplied('Ev2', '1700000000.000200');
      await sleep(1200);
      expect(await other.recover({ maxAttempts: 3 })).toEqual({ requeued: [], gaveUp: [], unknownReply: [] });
      expect(await other.nextRunnable({ busyThreads: [], limit: 10 })).toEqual([]); // Ev2's holder finishes it

      holder.close();
      await sleep(1200);
      expect(await other.recover({ maxAttempts: 3 })).toMatchObject({ requeued: ['Ev1'] });
      expect((await other.nextRunnable({ busyThreads: [], limit: 10 })).map((e) => [e.eventId, e.status])).toEqual([
        ['Ev1', 'pending'],
        ['Ev2', 'replied'],
      ]);
    });

    it('never takes back an event while it is claiming it', async () => {
      const inbox = open();
      const ids = Array.from({ length: 50 }, (_, i) => `Ev${i}`);
      for (const id of ids) await inbox.enqueue(work(id, `${Number(id.slice(2)) + 1}.1`));
      const outcomes = await Promise.all(ids.map(async (id) => ({ claimed: await inbox.claim(id), recovered: await inbox.recover({ maxAttempts: 3 }) })));

      expect(outcomes.every((o) => o.claimed !== undefined)).toBe(true);
      expect(outcomes.flatMap((o) => o.recovered.requeued)).toEqual([]);
      expect((await inbox.list()).map((e) => e.status)).toEqual(ids.map(() => 'processing'));
    });

    it("takes back at once what a predecessor with its holder id left, and waits out another holder's lease", async () => {
      const leased = (holder: string) => open({ holder, claimLeaseMs: POSTGRES_CLAIM_LEASE_MS });
      const dead = leased('process-1');
      const other = leased('process-2');
      await dead.enqueue(work('Ev1', '1.1'));
      await dead.enqueue(work('Ev2', '2.1'));
      await dead.claim('Ev1');
      await other.claim('Ev2');
      dead.close();

      const successor = leased('process-1');
      expect(await successor.recover({ maxAttempts: 3 })).toEqual({ requeued: ['Ev1'], gaveUp: [], unknownReply: [] });
      expect(await successor.get('Ev2')).toMatchObject({ status: 'processing' });
      clock.ms += POSTGRES_CLAIM_LEASE_MS;
      expect(await successor.recover({ maxAttempts: 3 })).toMatchObject({ requeued: ['Ev2'] });
    });

    it('recovers a stopped instance\'s event once when two instances recover at the same time', async () => {
      const stopped = open();
      await stopped.enqueue(work('Ev1'));
      await stopped.claim('Ev1');
      stopped.close();
      clock.ms += POSTGRES_CLAIM_LEASE_MS;
      const reports = await Promise.all([open().recover({ maxAttempts: 3 }), open().recover({ maxAttempts: 3 })]);
      expect(reports.flatMap((report) => report.requeued)).toEqual(['Ev1']);
    });
  });
});
