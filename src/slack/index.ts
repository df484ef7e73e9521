// The Slack front door, composed: the /slack/events route, the durable inbox, the Slack Web API
// client and the worker that answers through the injected `respond`. The lead's composition root
// mounts `routes` on the Mastra server and calls start()/stop() with the process.
import type { IMastraLogger } from '@mastra/core/logger';
import type { ApiRoute } from '@mastra/core/server';
import { createInbox, type Inbox } from './inbox';
import { createEventProcessor } from './process-event';
import { createSlackEventRoutes } from './routes';
import { createSlackApi, createSlackClient, type SlackApiOptions } from './slack-api';
import type { Respond } from './types';
import { createWorker, type WorkerOptions } from './worker';

export type { HelpdeskAnswer, HelpdeskTurn, Respond } from './types';
export type { Inbox, InboxEntry, InboxStatus } from './inbox';
export { markdownToMrkdwn } from './mrkdwn';

export type SlackFrontDoorOptions = {
  settings: { botToken: string; signingSecret: string; apiUrl: string };
  /** LibSQL URL of the project's database (`file:` folders are created). */
  databaseUrl: string;
  respond: Respond;
  logger: IMastraLogger;
  /** Slack threads answered in parallel (default 4). */
  concurrency?: number;
  /** The bot's user id (auth.test) if known: sharper self-detection and mention stripping. */
  botUserId?: string;
  now?: () => number;
  /** Test seams and tuning; defaults are production values. */
  slackApi?: Pick<SlackApiOptions, 'sleep' | 'emailTtlMs' | 'emailCacheSize' | 'rateLimitRetries' | 'maxRetryAfterSeconds'>;
  worker?: Pick<WorkerOptions, 'maxAttempts' | 'pollIntervalMs' | 'pruneIntervalMs' | 'doneRetentionMs' | 'failedRetentionMs'>;
  slackTimeoutMs?: number;
};

export type SlackFrontDoor = {
  routes: ApiRoute[];
  inbox: Inbox;
  /** Creates the inbox table, resumes unfinished events and starts the worker. */
  start(): Promise<void>;
  /** Resolves when the worker has nothing running (for tests and graceful shutdown). */
  idle(): Promise<void>;
  /** Stops taking work, waits for running turns, closes the database. */
  stop(): Promise<void>;
};

export function createSlackFrontDoor(options: SlackFrontDoorOptions): SlackFrontDoor {
  const { logger } = options;
  const inbox = createInbox(options.databaseUrl, { now: options.now });
  const client = createSlackClient({ ...options.settings, timeoutMs: options.slackTimeoutMs }, logger);
  const slack = createSlackApi({ client, logger, now: options.now, ...options.slackApi });
  const processor = createEventProcessor({ inbox, slack, respond: options.respond, logger });
  const worker = createWorker({ inbox, processor, logger, concurrency: options.concurrency, ...options.worker });
  const routes = createSlackEventRoutes({
    signingSecret: options.settings.signingSecret,
    inbox,
    worker,
    logger,
    now: options.now,
    botUserId: options.botUserId,
  });
  let stopped = false;
  return {
    routes,
    inbox,
    async start() {
      await inbox.ready();
      await worker.start();
    },
    idle: () => worker.idle(),
    async stop() {
      if (stopped) return;
      stopped = true;
      await worker.stop();
      inbox.close();
    },
  };
}
