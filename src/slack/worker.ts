// Takes work from the inbox inside this process: strictly in order within one Slack thread, in
// parallel across threads up to a bound, taking turns across requesters (the inbox ranks them) with
// a cap on one requester's running turns. Woken by the route on every new event, polls as a safety
// net, resumes unfinished events on start (and, polling, those of another instance that stopped),
// prunes old finished rows, and stops cleanly.
import type { IMastraLogger } from '@mastra/core/logger';
import type { Inbox, InboxEntry } from './inbox.js';
import type { EventProcessor } from './process-event.js';

export type WorkerOptions = {
  inbox: Inbox;
  processor: EventProcessor;
  logger: IMastraLogger;
  /** Threads answered at the same time (default 4). */
  concurrency?: number;
  /**
   * Turns one requester may have running at once in this process (default a quarter of
   * `concurrency`, at least 1), so one person's flood always leaves slots free for everyone else.
   */
  perRequester?: number;
  /** Claims of one event before a crash-looping event is given up (default 3). */
  maxAttempts?: number;
  pollIntervalMs?: number;
  pruneIntervalMs?: number;
  /** Finished rows are kept this long for dedupe (Slack retries for about 5 minutes). */
  doneRetentionMs?: number;
  failedRetentionMs?: number;
};

export type Worker = {
  /** Recovers what a previous process left unfinished, then starts taking work. */
  start(): Promise<void>;
  /** Look for work now (called after each enqueue). Never throws, returns at once. */
  wake(): void;
  /** Resolves when nothing is running or queued to run in this process. */
  idle(): Promise<void>;
  /** Takes no new work and waits for what is running. */
  stop(): Promise<void>;
};

const HOUR = 60 * 60_000;

export function createWorker(options: WorkerOptions): Worker {
  const { inbox, processor, logger } = options;
  const concurrency = Math.max(1, options.concurrency ?? 4);
  const perRequester = Math.max(1, options.perRequester ?? Math.floor(concurrency / 4));
  /** Turns running in this process per requester (team:user), for the per-requester cap. */
  const turnsOf = new Map<string, number>();
  const maxAttempts = options.maxAttempts ?? 3;
  const busyThreads = new Set<string>();
  /** Threads whose last run hit a database error: skipped until the next poll, so errors never spin. */
  const stalledThreads = new Set<string>();
  const tasks = new Set<Promise<void>>();
  let state: 'new' | 'running' | 'stopped' = 'new';
  let pumping = false;
  let again = false;
  const timers: NodeJS.Timeout[] = [];

  /** Keeps a background promise visible: tracked until settled, failures logged. */
  function track(promise: Promise<void>): void {
    const tracked: Promise<void> = promise
      .catch((error: unknown) => logger.error('Slack worker task failed', { error: error instanceof Error ? error.name : 'unknown' }))
      .finally(() => tasks.delete(tracked));
    tasks.add(tracked);
  }

  function wake(): void {
    if (state !== 'running') return;
    if (pumping) {
      again = true;
      return;
    }
    pumping = true;
    track(pump());
  }

  async function pump(): Promise<void> {
    try {
      do {
        again = false;
        await fill();
      } while (again && state === 'running');
    } finally {
      pumping = false;
    }
  }

  async function fill(): Promise<void> {
    while (state === 'running' && busyThreads.size < concurrency) {
      const entries = await inbox.nextRunnable({
        busyThreads: [...busyThreads, ...stalledThreads],
        // More than the free slots: the heads of a requester at their cap are skipped below, and
        // the inbox ranks requesters with fewer turns first, so everyone else's come within these.
        limit: concurrency,
      });
      let started = 0;
      for (const entry of entries) {
        const requester = requesterOf(entry);
        if (busyThreads.size >= concurrency) break;
        if (busyThreads.has(entry.threadKey) || (turnsOf.get(requester) ?? 0) >= perRequester) continue;
        busyThreads.add(entry.threadKey);
        turnsOf.set(requester, (turnsOf.get(requester) ?? 0) + 1);
        started += 1;
        track(runOne(entry));
      }
      // Fewer than asked for: every runnable head was in this answer, so asking again now finds
      // nothing to start (an event enqueued meanwhile wakes the pump again). Saves one inbox query
      // per event when the worker keeps up, a round trip on Postgres.
      if (started === 0 || entries.length < concurrency) return;
    }
  }

  function requesterOf(entry: InboxEntry): string {
    return `${entry.work.teamId}:${entry.work.userId}`;
  }

  function endTurn(entry: InboxEntry): void {
    busyThreads.delete(entry.threadKey);
    const requester = requesterOf(entry);
    const left = (turnsOf.get(requester) ?? 1) - 1;
    if (left > 0) turnsOf.set(requester, left);
    else turnsOf.delete(requester);
  }

  async function runOne(entry: InboxEntry): Promise<void> {
    try {
      if (entry.status === 'replied') {
        await processor.finish(entry);
        return;
      }
      const claimed = await inbox.claim(entry.eventId);
      if (claimed) await processor.process(claimed);
    } catch (error) {
      // A database failure mid-way: the row stays unfinished and is recovered on the next start.
      stalledThreads.add(entry.threadKey);
      logger.error('Slack event processing stopped', { eventId: entry.eventId, error: error instanceof Error ? error.name : 'unknown' });
    } finally {
      endTurn(entry);
      wake();
    }
  }

  async function prune(): Promise<void> {
    const removed = await inbox.prune({
      doneOlderThanMs: options.doneRetentionMs ?? 24 * HOUR,
      failedOlderThanMs: options.failedRetentionMs ?? 7 * 24 * HOUR,
    });
    if (removed > 0) logger.debug('Pruned finished Slack inbox rows', { removed });
  }

  /** Takes over events whose holder stopped: at start (this process's previous run) and on every poll (another instance). */
  async function recover(): Promise<void> {
    const report = await inbox.recover({ maxAttempts });
    if (report.requeued.length > 0) logger.info('Resuming Slack events left unfinished', { eventIds: report.requeued });
    if (report.unknownReply.length > 0) {
      logger.warn('Slack events stopped while their reply was being posted; not posting again', { eventIds: report.unknownReply });
    }
    for (const entry of report.gaveUp) {
      logger.error('Slack event crashed the worker repeatedly; giving up', { eventId: entry.eventId, attempts: entry.attempts });
      track(processor.apologize(entry));
    }
  }

  return {
    async start() {
      if (state !== 'new') return;
      await recover();
      state = 'running';
      track(prune());
      const poll = () => {
        stalledThreads.clear();
        track(recover().finally(wake));
      };
      timers.push(setInterval(poll, options.pollIntervalMs ?? 15_000).unref());
      timers.push(setInterval(() => track(prune()), options.pruneIntervalMs ?? HOUR).unref());
      wake();
    },
    wake,
    async idle() {
      while (tasks.size > 0) await Promise.allSettled([...tasks]);
    },
    async stop() {
      state = 'stopped';
      for (const timer of timers) clearInterval(timer);
      timers.length = 0;
      while (tasks.size > 0) await Promise.allSettled([...tasks]);
    },
  };
}
