// The HTTP thread's handle on the turn thread: a worker_threads Worker running src/turn-worker.ts,
// which builds the agent half of the app and drains the durable inbox. The HTTP thread only
// verifies, stores and acknowledges, then wakes it with a message. The handle is the Slack door's
// TurnWorker: start() spawns the thread and returns at once (the server takes and stores events
// while the thread builds its half; it drains them when ready), idle() asks the thread, stop() lets
// it finish its running turns. A thread that dies is started again; its start-up recovery re-queues
// the turn it was running (the inbox's crash rules apply), at once also on Postgres: every thread of
// one handle claims under the same holder id. status() is what /health reports.
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import type { IMastraLogger } from '@mastra/core/logger';
import type { Config } from './config.js';
import type { ModelHealth, ModelStatus } from './mastra/agents/model-health.js';
import type { SlackWorkspace, TurnWorker } from './slack/index.js';

/** A module exporting `createTurnModel(data)`: builds the model inside the thread (tests and benchmarks script it). */
export type TurnThreadModel = { module?: string; data?: unknown };

/** What the thread is started with (structured-cloned): everything it needs to build its half. */
export type TurnThreadData = {
  config: Config;
  slack: { settings: { botToken: string; apiUrl: string }; workspace: SlackWorkspace };
  /** The HTTP thread's demo Okta org, when in use: one org state for both threads. */
  demoOktaUrl?: string;
  model: TurnThreadModel;
  /** The inbox claim holder id of every thread this handle starts: a successor takes back a dead thread's claims at once. */
  claimHolder: string;
};

export type ToTurnThread = { type: 'wake' } | { type: 'idle'; id: number } | { type: 'stop' };
export type FromTurnThread =
  | { type: 'ready' }
  | { type: 'idle'; id: number }
  | { type: 'stopped' }
  | { type: 'log'; level: LogLevel; message: string; args: unknown[] }
  | { type: 'model'; status: ModelStatus };
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
/** The turn thread as /health reports it: building its half, taking work, or dead and about to be started again. */
export type TurnsStatus = 'starting' | 'ok' | 'restarting';

const RESTART_DELAY_MS = { first: 100, max: 30_000 };
/** The turn thread's nice value (Linux): when both want the CPU, the HTTP thread (nice 0) gets about ten times more. */
export const TURN_THREAD_NICE = 10;

/** The bundle (dist/main.js) sits next to dist/turn-worker.js; from source (tsx, vitest) the thread loads the .ts file through tsx. */
function entry(): { url: URL; execArgv: string[] } {
  const fromSource = import.meta.url.endsWith('.ts');
  return { url: new URL(`./turn-worker.${fromSource ? 'ts' : 'js'}`, import.meta.url), execArgv: fromSource ? ['--import', 'tsx'] : [] };
}

export function createTurnThread({ data, logger, modelHealth }: { data: TurnThreadData; logger: IMastraLogger; modelHealth: ModelHealth }): TurnWorker & { status(): TurnsStatus } {
  let state: 'new' | 'running' | 'stopping' | 'stopped' = 'new';
  /** Whether the current thread said it is taking work. */
  let threadReady = false;
  /** The thread that is starting or running, and when it said it is ready. */
  let current: { thread: Worker; ready: Promise<void>; exited: Promise<void> } | undefined;
  let restartDelay = RESTART_DELAY_MS.first;
  let restartTimer: NodeJS.Timeout | undefined;
  let nextId = 0;
  /** idle() requests in flight: true when the thread answered, false when it exited first. */
  const waiting = new Map<number, (answered: boolean) => void>();

  function spawn(): NonNullable<typeof current> {
    const { url, execArgv } = entry();
    const thread = new Worker(url, { workerData: data, execArgv, stdout: false, stderr: false });
    let startedAt = performance.now();
    let settleReady: { resolve(): void; reject(error: Error): void } | undefined;
    const ready = new Promise<void>((resolve, reject) => (settleReady = { resolve, reject }));
    ready.catch(() => undefined);
    let startupError: Error | undefined;
    thread.on('message', (message: FromTurnThread) => {
      if (message.type === 'ready') {
        startedAt = performance.now();
        threadReady = true;
        settleReady?.resolve();
      } else if (message.type === 'idle') {
        waiting.get(message.id)?.(true);
        waiting.delete(message.id);
      } else if (message.type === 'log') logger[message.level](message.message, ...message.args);
      else if (message.type === 'model') modelHealth.adopt(message.status);
    });
    thread.on('error', (error) => {
      startupError = error;
      logger.error('The turn thread failed', { error: error.name, message: error.message });
    });
    const exited = new Promise<void>((resolve) =>
      thread.once('exit', (code) => {
        settleReady?.reject(startupError ?? new Error(`The turn thread exited with ${code} while starting`));
        threadReady = false;
        if (current?.thread === thread) current = undefined;
        // Requests to a dead thread are asked again of its successor.
        for (const [id, answer] of waiting) {
          waiting.delete(id);
          answer(false);
        }
        resolve();
        if (state !== 'running') return;
        // A thread that ran a while before dying gets the short delay again; a crash loop backs off.
        restartDelay = performance.now() - startedAt > RESTART_DELAY_MS.max ? RESTART_DELAY_MS.first : Math.min(restartDelay * 2, RESTART_DELAY_MS.max);
        logger.error('The turn thread stopped; starting it again, unfinished Slack events are recovered', { exitCode: code, restartInMs: restartDelay });
        restartTimer = setTimeout(() => {
          restartTimer = undefined;
          if (state === 'running') current = spawn();
        }, restartDelay);
      }),
    );
    return { thread, ready, exited };
  }

  const send = (message: ToTurnThread) => current?.thread.postMessage(message);

  function askIdle(): Promise<boolean> {
    const id = nextId++;
    return new Promise<boolean>((resolve) => {
      waiting.set(id, resolve);
      send({ type: 'idle', id });
    });
  }

  return {
    async start() {
      if (state !== 'new') return;
      state = 'running';
      current = spawn();
    },
    status: () => (threadReady ? 'ok' : current ? 'starting' : 'restarting'),
    wake() {
      send({ type: 'wake' });
    },
    async idle() {
      while (state === 'running') {
        const running = current;
        if (!running) {
          // Between a crash and the restart: wait for the successor.
          await new Promise((resolve) => setTimeout(resolve, RESTART_DELAY_MS.first));
          continue;
        }
        try {
          await running.ready;
        } catch {
          continue;
        }
        if (await askIdle()) return;
      }
    },
    async stop() {
      if (state === 'stopped' || state === 'stopping') return;
      state = 'stopping';
      if (restartTimer) clearTimeout(restartTimer);
      const running = current;
      if (running) {
        const stopped = new Promise<void>((resolve) =>
          running.thread.on('message', (message: FromTurnThread) => {
            if (message.type === 'stopped') resolve();
          }),
        );
        send({ type: 'stop' });
        await Promise.race([stopped, running.exited]);
        await running.thread.terminate();
      }
      state = 'stopped';
    },
  };
}
