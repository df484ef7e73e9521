// The Slack front door, composed: the /slack/events and /slack/interactions routes (or, with an
// app-level token, the Socket Mode connection instead), the durable inbox, the Slack Web API client,
// the worker that answers through the injected `respond`, and the safety model's Slack side (cards,
// clicks through the desk, private deliveries). The lead's composition root mounts `routes` on the
// Mastra server and calls start()/stop() with the process. Split in two when turns run in another
// thread: the door (routes or socket, inbox writes, clicks) with `turnsElsewhere`, and
// createSlackTurnWorker (the worker, its own Slack client) where the agent runs.
import type { IMastraLogger } from '@mastra/core/logger';
import type { ApiRoute } from '@mastra/core/server';
import type { Desk } from '../helpdesk/desk.js';
import type { PendingActionStore } from '../helpdesk/pending-actions.js';
import type { ResetLinkVault } from '../helpdesk/reset-link-vault.js';
import { createClickRunner } from './clicks.js';
import { createDelivery } from './delivery.js';
import { createInbox, type Inbox } from './inbox.js';
import { createIntake } from './intake.js';
import { createAnswerPresenter } from './present-answer.js';
import { createEventProcessor } from './process-event.js';
import { createSlackEventRoutes, type SlackHttpDoor } from './routes.js';
import { createSlackApi, createSlackClient, type SlackApiOptions } from './slack-api.js';
import type { SlackWorkspace } from './workspace.js';
import { createSocketModeDoor, type SocketModeDoorOptions } from './socket-mode.js';
import type { Respond } from './types.js';
import { createWorker, type Worker, type WorkerOptions } from './worker.js';

export type { HelpdeskAnswer, HelpdeskTurn, Respond } from './types.js';
export type { Inbox, InboxEntry, InboxStatus } from './inbox.js';
export { markdownToMrkdwn } from './mrkdwn.js';
export { createSlackClient, resolveSlackWorkspace, SlackWorkspaceError } from './slack-api.js';
export type { SlackWorkspace } from './workspace.js';

/** What both halves need: the Slack Web API, the database, and the safety model's Slack side. */
type SlackCommonOptions = {
  /** The project's database (DATABASE_URL: LibSQL, `file:` folders are created, or postgres://). */
  databaseUrl: string;
  /** Loads the pending actions an answer refers to, to show their cards, and records where they went. */
  pending: Pick<PendingActionStore, 'get' | 'addCard'>;
  /** Where answers' reset links are held until delivered privately. */
  resetLinks: Pick<ResetLinkVault, 'take'>;
  /** Channel id for approval cards; unset: each approver gets the card by DM. */
  approvalsChannel?: string;
  logger: IMastraLogger;
  /** Whose envelopes and people are served (resolveSlackWorkspace in live mode, the console's ids in demo). */
  workspace: SlackWorkspace;
  now?: () => number;
  /** Test seams and tuning; defaults are production values. */
  slackApi?: Pick<SlackApiOptions, 'sleep' | 'emailTtlMs' | 'emailCacheSize' | 'rateLimitRetries' | 'maxRetryAfterSeconds'>;
  slackTimeoutMs?: number;
};

export type SlackTurnWorkerOptions = SlackCommonOptions & {
  settings: { botToken: string; apiUrl: string };
  respond: Respond;
  /** Names approvers for approval cards. */
  desk: Pick<Desk, 'approverEmails'>;
  /** Slack threads answered in parallel (default 4). */
  concurrency?: number;
  /** The inbox's claim holder id (InboxOptions.holder): the same for every turn thread of one process. */
  claimHolder?: string;
  worker?: Pick<WorkerOptions, 'maxAttempts' | 'pollIntervalMs' | 'pruneIntervalMs' | 'doneRetentionMs' | 'failedRetentionMs'>;
};

export type SlackFrontDoorOptions = SlackCommonOptions & {
  /** With a signing secret: the HTTP routes. With an app-level token: Socket Mode, and no Slack HTTP route at all. */
  settings: { botToken: string; apiUrl: string } & ({ signingSecret: string } | { appToken: string });
  /** Decides and executes card clicks (who may click, expiry, once only) and names approvers. */
  desk: Pick<Desk, 'click' | 'approverEmails' | 'recoverInterrupted' | 'awaitVerification' | 'verificationsToResume'>;
  /** The bot's user id (auth.test) if known: sharper self-detection and mention stripping. */
  botUserId?: string;
  socketMode?: Pick<SocketModeDoorOptions, 'clientPingTimeoutMs'>;
} & (
    | (Pick<SlackTurnWorkerOptions, 'respond' | 'concurrency' | 'worker'> & { turnsElsewhere?: undefined })
    | {
        /**
         * Turns run outside this door (a worker thread draining the same inbox, see src/turn-thread.ts):
         * the door only stores, acknowledges, wakes them and handles clicks.
         */
        turnsElsewhere: TurnWorker;
      }
  );

/** Drains the inbox: the in-thread worker, or a handle on one running in another thread. */
export type TurnWorker = Worker;

export type SlackFrontDoor = {
  /** Empty in Socket Mode: without a signing secret there is no way to trust an HTTP request. */
  routes: ApiRoute[];
  /** The same handlers for a server that answers them straight from node:http (src/server.ts); undefined in Socket Mode. */
  http?: Pick<SlackHttpDoor, 'answers' | 'answer'>;
  inbox: Inbox;
  /** Creates the inbox table, resumes unfinished events and clicks (then keeps looking for those of stopped instances), starts the worker and, in Socket Mode, connects. */
  start(): Promise<void>;
  /** Resolves when neither the worker nor a card click has anything running (tests, graceful shutdown). */
  idle(): Promise<void>;
  /** Disconnects from Socket Mode, stops taking work and clicks, waits for running turns and clicks, closes the database. */
  stop(): Promise<void>;
};

/** How often actions left mid-click by a stopped instance are looked for (as often as the worker polls). */
const INTERRUPTED_CHECK_MS = 15_000;

/** The Web API client, its Slack calls, and private deliveries: one set per thread. */
function slackParts(options: SlackCommonOptions & { settings: { botToken: string; apiUrl: string }; desk: Pick<Desk, 'approverEmails'> }) {
  const { logger } = options;
  const client = createSlackClient({ botToken: options.settings.botToken, apiUrl: options.settings.apiUrl, timeoutMs: options.slackTimeoutMs }, logger);
  const slack = createSlackApi({ client, logger, workspace: options.workspace, now: options.now, ...options.slackApi });
  const delivery = createDelivery({ slack, desk: options.desk, pending: options.pending, resetLinks: options.resetLinks, logger, approvalsChannel: options.approvalsChannel });
  return { slack, delivery };
}

function turnWorkerOn(inbox: Inbox, { slack, delivery }: ReturnType<typeof slackParts>, options: SlackTurnWorkerOptions): Worker {
  const { logger } = options;
  const present = createAnswerPresenter({ pending: options.pending, delivery, logger });
  const processor = createEventProcessor({ inbox, slack, respond: options.respond, present, pending: options.pending, logger });
  return createWorker({ inbox, processor, logger, concurrency: options.concurrency, ...options.worker });
}

/**
 * The other half of a door whose turns run elsewhere: the worker that drains the inbox, with its
 * own Slack client, in the thread that runs the agent. start() recovers what a previous worker left
 * unfinished; stop() waits for running turns and closes its database connection.
 */
export function createSlackTurnWorker(options: SlackTurnWorkerOptions): Worker {
  const inbox = createInbox(options.databaseUrl, { now: options.now, holder: options.claimHolder });
  const worker = turnWorkerOn(inbox, slackParts(options), options);
  return {
    async start() {
      await inbox.ready();
      await worker.start();
    },
    wake: () => worker.wake(),
    idle: () => worker.idle(),
    async stop() {
      await worker.stop();
      inbox.close();
    },
  };
}

export function createSlackFrontDoor(options: SlackFrontDoorOptions): SlackFrontDoor {
  const { logger } = options;
  const inbox = createInbox(options.databaseUrl, { now: options.now });
  const parts = slackParts(options);
  const clicks = createClickRunner({ slack: parts.slack, desk: options.desk, delivery: parts.delivery, logger });
  const worker = options.turnsElsewhere ?? turnWorkerOn(inbox, parts, options);
  const intakeDeps = { inbox, worker, logger, botUserId: options.botUserId, workspace: options.workspace, clicks };
  const { settings } = options;
  const http = 'signingSecret' in settings ? createSlackEventRoutes({ ...intakeDeps, signingSecret: settings.signingSecret, now: options.now }) : undefined;
  const socket =
    'appToken' in settings
      ? createSocketModeDoor({ appToken: settings.appToken, apiUrl: settings.apiUrl, intake: createIntake(intakeDeps), logger, timeoutMs: options.slackTimeoutMs, ...options.socketMode })
      : undefined;
  let stopped = false;
  return {
    routes: http?.routes ?? [],
    http,
    inbox,
    async start() {
      await inbox.ready();
      await clicks.reportInterrupted();
      clicks.watchInterrupted((options.turnsElsewhere ? undefined : options.worker?.pollIntervalMs) ?? INTERRUPTED_CHECK_MS);
      await worker.start();
      await socket?.start();
    },
    async idle() {
      await Promise.all([worker.idle(), clicks.idle()]);
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await socket?.stop();
      await clicks.stop();
      await worker.stop();
      inbox.close();
    },
  };
}
