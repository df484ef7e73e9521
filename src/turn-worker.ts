// Entry of the turn thread (a worker_threads Worker started by src/turn-thread.ts; bundled to
// dist/turn-worker.js): builds the agent half of the app from the data it was started with, recovers
// and drains the Slack inbox, and answers the HTTP thread's wake, idle and stop messages. Its logs
// and model-service state go to the HTTP thread, which owns the logger and /health. It runs at a
// lower CPU priority than the HTTP thread, so acknowledgements never wait for agent work.
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import type { MastraModelConfig } from '@mastra/core/llm';
import { noopLogger, type IMastraLogger } from '@mastra/core/logger';
import { createTurnWorkerApp } from './app.js';
import { createModelHealth } from './mastra/agents/model-health.js';
import { TURN_THREAD_NICE, type FromTurnThread, type LogLevel, type ToTurnThread, type TurnThreadData } from './turn-thread.js';

async function main(): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('src/turn-worker.ts runs only as a worker thread (src/turn-thread.ts)');
  yieldToAcknowledgements();
  const data = workerData as TurnThreadData;
  const post = (message: FromTurnThread) => port.postMessage(message);
  const logger = forwardingLogger(post, data.config.logLevel);
  const modelHealth = createModelHealth('ok', (status) => post({ type: 'model', status }));
  const model = data.model.module ? await scriptedModel(data.model) : undefined;
  const worker = await createTurnWorkerApp(data, { logger, model, modelHealth });

  port.on('message', (message: ToTurnThread) => {
    if (message.type === 'wake') worker.wake();
    else if (message.type === 'idle') void worker.idle().then(() => post({ type: 'idle', id: message.id }));
    else if (message.type === 'stop') {
      void worker.stop().then(() => {
        post({ type: 'stopped' });
        port.close();
      });
    }
  });
  await worker.start();
  post({ type: 'ready' });
}

async function scriptedModel({ module, data }: TurnThreadData['model']): Promise<MastraModelConfig> {
  const loaded = (await import(module!)) as { createTurnModel(data: unknown): MastraModelConfig };
  return loaded.createTurnModel(data);
}

/**
 * On Linux the nice value belongs to a thread, not the process: this lowers only the thread running
 * this isolate (its id from /proc/thread-self, "PID/task/TID"). Elsewhere, or where /proc is not
 * mounted, turns run at normal priority.
 */
function yieldToAcknowledgements(): void {
  if (process.platform !== 'linux') return;
  try {
    setPriority(Number(readlinkSync('/proc/thread-self').split('/').at(-1)), TURN_THREAD_NICE);
  } catch {
    // No /proc: normal priority.
  }
}

const LEVELS: LogLevel[] = ['debug', 'info', 'warn', 'error'];

/**
 * A Mastra logger whose lines are written by the HTTP thread's logger (one output). Lines below
 * LOG_LEVEL are dropped here: Mastra logs much at debug, and each line crossing costs that thread.
 */
function forwardingLogger(post: (message: FromTurnThread) => void, minLevel: LogLevel): IMastraLogger {
  const at = (level: LogLevel) => (message: string, ...args: unknown[]) => {
    if (LEVELS.indexOf(level) < LEVELS.indexOf(minLevel)) return;
    try {
      post({ type: 'log', level, message, args });
    } catch {
      // An argument that cannot cross threads: the line without it.
      post({ type: 'log', level, message, args: [] });
    }
  };
  return Object.assign(Object.create(noopLogger) as IMastraLogger, { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') });
}

// A failure here reaches the HTTP thread as the Worker's 'error' event: its start fails, or it restarts the thread.
await main();
