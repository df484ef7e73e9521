// The durable inbox on a real SQLite file: dedupe, per-thread heads, claims, crash recovery, pruning.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SlackWork } from '../../src/slack/events.js';
import { createInbox, type Inbox } from '../../src/slack/inbox.js';

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
const clock = { ms: 1_800_000_000_000 };
const opened: Inbox[] = [];
const open = () => {
  const inbox = createInbox(url, { now: () => clock.ms });
  opened.push(inbox);
  return inbox;
};

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'slack-inbox-'));
  url = `file:${join(dir, 'nested', 'folder', 'helpdesk.db')}`;
});
afterEach(() => {
  for (const inbox of opened.splice(0)) inbox.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('createInbox', () => {
  it('creates the folder of a file: database and the table', async () => {
    const inbox = open();
    await inbox.ready();
    expect(existsSync(join(dir, 'nested', 'folder', 'helpdesk.db'))).toBe(true);
    expect(await inbox.list()).toEqual([]);
  });

  it('stores an event once: a re-delivery is reported as not inserted', async () => {
    const inbox = open();
    expect(await inbox.enqueue(work('Ev1'))).toEqual({ inserted: true });
    expect(await inbox.enqueue(work('Ev1'))).toEqual({ inserted: false });
    expect((await inbox.list()).map((e) => [e.eventId, e.status, e.attempts])).toEqual([['Ev1', 'pending', 0]]);
  });

  it('stores a burst of concurrent events in arrival order, each once, whatever the copies in the burst', async () => {
    const inbox = open();
    await inbox.ready();
    const ids = Array.from({ length: 30 }, (_, i) => `EvBurst${String(i).padStart(2, '0')}`);
    const results = await Promise.all(ids.flatMap((id) => [inbox.enqueue(work(id, `${id}.1`)), inbox.enqueue(work(id, `${id}.1`))]));
    expect(results.map((r) => r.inserted)).toEqual(ids.flatMap(() => [true, false]));
    expect((await inbox.list()).map((e) => e.eventId)).toEqual(ids);
    expect(await inbox.enqueue(work(ids[0]!, `${ids[0]}.1`))).toEqual({ inserted: false });
  });

  it('inserts exactly one row for 4 concurrent deliveries through two connections to the same file', async () => {
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
