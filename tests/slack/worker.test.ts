// The worker over a real inbox with a fake processor: order within a thread, a parallelism bound
// across threads, taking over what a stopped instance left, and a clean stop.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { noopLogger } from '@mastra/core/logger';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SlackWork } from '../../src/slack/events.js';
import { createInbox, type Inbox, type InboxEntry } from '../../src/slack/inbox.js';
import type { EventProcessor } from '../../src/slack/process-event.js';
import { createWorker, type Worker } from '../../src/slack/worker.js';
import { deferred } from '../helpers/slack.js';

const work = (eventId: string, thread: string, userId = 'U1'): SlackWork => ({
  eventId,
  teamId: 'T1',
  channelId: 'D1',
  userId,
  text: 'hi',
  ts: `${thread}.${eventId}`,
  threadTs: thread,
  origin: 'im',
});

/** A processor whose turns stay open until the test releases them; records the order of starts. */
function heldProcessor(inbox: Inbox) {
  const started: string[] = [];
  const gates = new Map<string, ReturnType<typeof deferred<void>>>();
  let running = 0;
  let maxRunning = 0;
  const gate = (id: string) => {
    if (!gates.has(id)) gates.set(id, deferred<void>());
    return gates.get(id)!;
  };
  const processor: EventProcessor = {
    async process(entry: InboxEntry) {
      started.push(entry.eventId);
      running += 1;
      maxRunning = Math.max(maxRunning, running);
      await gate(entry.eventId).promise;
      running -= 1;
      await inbox.markDone(entry.eventId);
    },
    finish: async (entry) => inbox.markDone(entry.eventId),
    apologize: async () => undefined,
  };
  return { processor, started, release: (id: string) => gate(id).resolve(), maxRunning: () => maxRunning, gate };
}

let dir: string;
let inbox: Inbox;
let worker: Worker | undefined;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'slack-worker-'));
  inbox = createInbox(`file:${join(dir, 'db.sqlite')}`);
});
afterEach(async () => {
  await worker?.stop();
  inbox.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Waits until the condition holds, yielding to the event loop between checks (no wall-clock asserts). */
async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 2000 && !condition(); i++) await new Promise((r) => setImmediate(r));
  expect(condition()).toBe(true);
}

/** Lets queued database calls and pumps run for a while. */
async function settle(): Promise<void> {
  for (let i = 0; i < 50; i++) await new Promise((r) => setImmediate(r));
}

describe('createWorker', () => {
  it('answers events of one thread strictly one after another, in arrival order', async () => {
    const held = heldProcessor(inbox);
    worker = createWorker({ inbox, processor: held.processor, logger: noopLogger, concurrency: 4 });
    await worker.start();
    for (const id of ['a1', 'a2', 'a3']) {
      await inbox.enqueue(work(id, 'A'));
      worker.wake();
    }
    await until(() => held.started.length === 1);
    await settle(); // give the worker every chance to (wrongly) start a2
    expect(held.started).toEqual(['a1']);
    held.release('a1');
    await until(() => held.started.length === 2);
    expect(held.started).toEqual(['a1', 'a2']);
    held.release('a2');
    held.release('a3');
    await worker.idle();
    expect(held.started).toEqual(['a1', 'a2', 'a3']);
  });

  it('asks the inbox once when an event arrives and once when its turn ends, when it keeps up', async () => {
    const held = heldProcessor(inbox);
    const asked = vi.spyOn(inbox, 'nextRunnable');
    worker = createWorker({ inbox, processor: held.processor, logger: noopLogger, concurrency: 4 });
    await worker.start();
    await worker.idle();
    asked.mockClear();

    await inbox.enqueue(work('q1', 'Q'));
    worker.wake();
    await until(() => held.started.length === 1);
    await settle();
    const whileRunning = asked.mock.calls.length;
    held.release('q1');
    await worker.idle();
    expect(whileRunning).toBe(1);
    expect(asked).toHaveBeenCalledTimes(2);
  });

  it('runs different threads in parallel, never more than the bound, and finishes all 20 events', async () => {
    const held = heldProcessor(inbox);
    worker = createWorker({ inbox, processor: held.processor, logger: noopLogger, concurrency: 3 });
    await worker.start();
    const threads = ['A', 'B', 'C', 'D', 'E'];
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) {
      const id = `e${String(i).padStart(2, '0')}`;
      ids.push(id);
      // Each thread is a different person's, so the per-requester cap does not hold any back.
      await inbox.enqueue(work(id, threads[i % threads.length]!, `U${threads[i % threads.length]!}`));
      worker.wake();
    }
    await until(() => held.started.length === 3);
    await settle();
    expect(held.started).toHaveLength(3);
    for (const id of ids) held.release(id);
    await worker.idle();
    expect([...held.started].sort()).toEqual(ids);
    expect(held.maxRunning()).toBe(3);
    for (const thread of threads) {
      const order = held.started.filter((id) => Number(id.slice(1)) % threads.length === threads.indexOf(thread));
      expect(order).toEqual([...order].sort());
    }
    expect((await inbox.list()).every((e) => e.status === 'done')).toBe(true);
  });

  it('serves a second person before the flood of 120 DMs another person sent first', async () => {
    const order: string[] = [];
    const processor: EventProcessor = {
      async process(entry) {
        order.push(entry.eventId);
        await new Promise((r) => setImmediate(r));
        await inbox.markDone(entry.eventId);
      },
      finish: async () => undefined,
      apologize: async () => undefined,
    };
    // Each DM is its own Slack thread: the per-thread order alone does not hold the flood back.
    for (let i = 0; i < 120; i++) await inbox.enqueue(work(`flood${String(i).padStart(3, '0')}`, `1700000000.${i}`));
    await inbox.enqueue(work('other', '1700000999.1', 'U2'));
    worker = createWorker({ inbox, processor, logger: noopLogger, concurrency: 2 });
    await worker.start();
    await worker.idle();
    expect(order).toHaveLength(121);
    expect(order.indexOf('other')).toBeLessThan(2);
  });

  it.each([
    [2, 1],
    [8, 2],
  ])('with %i slots, one person\'s flood of 120 DMs holds at most %i and a second person starts at once', async (concurrency, cap) => {
    const held = heldProcessor(inbox);
    worker = createWorker({ inbox, processor: held.processor, logger: noopLogger, concurrency });
    await worker.start();
    for (let i = 0; i < 120; i++) await inbox.enqueue(work(`flood${String(i).padStart(3, '0')}`, `1700000000.${i}`));
    worker.wake();
    await until(() => held.started.length === cap);
    await inbox.enqueue(work('other', '1700000999.1', 'U2'));
    worker.wake();
    // Nothing of the flood has finished: 'other' can only start in a slot the cap kept free.
    await until(() => held.started.includes('other'));
    expect(held.started).toEqual([...Array.from({ length: cap }, (_, i) => `flood${String(i).padStart(3, '0')}`), 'other']);
    for (let i = 0; i < 120; i++) held.release(`flood${String(i).padStart(3, '0')}`);
    held.release('other');
    await worker.idle();
    expect(held.started).toHaveLength(121);
  });

  it('keeps per-thread order in the start sequence across 20 events', async () => {
    const order: Array<[string, string]> = [];
    const processor: EventProcessor = {
      async process(entry) {
        order.push([entry.work.threadTs, entry.eventId]);
        await new Promise((r) => setImmediate(r));
        await inbox.markDone(entry.eventId);
      },
      finish: async () => undefined,
      apologize: async () => undefined,
    };
    for (let i = 0; i < 20; i++) await inbox.enqueue(work(`e${String(i).padStart(2, '0')}`, `T${i % 4}`));
    worker = createWorker({ inbox, processor, logger: noopLogger, concurrency: 2 });
    await worker.start();
    await worker.idle();
    expect(order).toHaveLength(20);
    for (let t = 0; t < 4; t++) {
      const ids = order.filter(([thread]) => thread === `T${t}`).map(([, id]) => id);
      expect(ids).toEqual([...ids].sort());
    }
  });

  it('keeps finished rows for dedupe for at least an hour, then prunes them on start', async () => {
    const clock = { ms: 1_800_000_000_000 };
    const timed = createInbox(`file:${join(dir, 'timed.sqlite')}`, { now: () => clock.ms });
    const processor: EventProcessor = { process: async () => undefined, finish: async () => undefined, apologize: async () => undefined };
    await timed.enqueue(work('old', 'Z'));
    await timed.markDone('old');
    clock.ms += 59 * 60_000;
    const early = createWorker({ inbox: timed, processor, logger: noopLogger });
    await early.start();
    await early.stop();
    expect((await timed.get('old'))?.status).toBe('done');
    clock.ms += 24 * 60 * 60_000;
    const late = createWorker({ inbox: timed, processor, logger: noopLogger });
    await late.start();
    await late.stop();
    expect(await timed.get('old')).toBeUndefined();
    timed.close();
  });

  it('stop() waits for the running turn and takes no new work', async () => {
    const held = heldProcessor(inbox);
    worker = createWorker({ inbox, processor: held.processor, logger: noopLogger, concurrency: 1 });
    await worker.start();
    await inbox.enqueue(work('x1', 'X'));
    await inbox.enqueue(work('y1', 'Y'));
    worker.wake();
    await until(() => held.started.length === 1);
    const stopped = worker.stop();
    held.release('x1');
    await stopped;
    expect(held.started).toEqual(['x1']);
    expect((await inbox.get('y1'))?.status).toBe('pending');
  });

  it('on its polls, answers an event another instance claimed and stopped on, never the ones it is running', async () => {
    const held = heldProcessor(inbox);
    worker = createWorker({ inbox, processor: held.processor, logger: noopLogger, concurrency: 4, pollIntervalMs: 10 });
    await worker.start();
    await inbox.enqueue(work('mine', 'M'));
    worker.wake();
    await until(() => held.started.includes('mine'));

    const other = createInbox(`file:${join(dir, 'db.sqlite')}`);
    await other.enqueue(work('theirs', 'T', 'U2'));
    expect(await other.claim('theirs')).toBeDefined();
    other.close();

    await vi.waitFor(() => expect(held.started).toEqual(['mine', 'theirs']), { timeout: 5000, interval: 10 });
    expect((await inbox.get('theirs'))?.attempts).toBe(2);
    expect((await inbox.get('mine'))?.status).toBe('processing');
    held.release('mine');
    held.release('theirs');
  });
});
