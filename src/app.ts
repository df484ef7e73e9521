// Composition root: builds every part from a Config, choosing each real service or its demo
// stand-in, and wires them into one Mastra instance. `npm start`, `mastra dev` and the end-to-end
// tests all build the app here, so there is one wiring to trust. With `turnThread`, Slack turns run
// in a worker thread (src/turn-thread.ts) that builds its half here too (createTurnWorkerApp).
import { randomBytes, randomUUID } from 'node:crypto';
import type { MastraModelConfig } from '@mastra/core/llm';
import type { IMastraLogger } from '@mastra/core/logger';
import { Mastra } from '@mastra/core/mastra';
import { PinoLogger } from '@mastra/loggers';
import { Memory } from '@mastra/memory';
import { createAuditLog } from './audit/index.js';
import { createPeople, createStudioAuth } from './auth/index.js';
import { createAuditRoutes } from './audit/audit-route.js';
import { configuredSecrets, type Config } from './config.js';
import { createDemoOktaOrg, DEMO_OKTA_TOKEN, DEMO_PEOPLE, type DemoOktaOrg } from './demo/okta/index.js';
import { createSlackConsole, peopleFromDemoOrg } from './demo/slack-console/index.js';
import { createDesk } from './helpdesk/desk.js';
import { createPendingActionStore } from './helpdesk/pending-actions.js';
import { createResetLinkVault } from './helpdesk/reset-link-vault.js';
import { createHelpdeskAgent, HELPDESK_AGENT_ID } from './mastra/agents/helpdesk-agent.js';
import { createHelpdeskModel } from './mastra/agents/model.js';
import { guardModelCalls } from './mastra/agents/model-guard.js';
import { checkModelAtStartup, createModelHealth, type ModelHealth, type ModelStatus } from './mastra/agents/model-health.js';
import { createResponder } from './mastra/agents/respond.js';
import { createHelpdeskTools } from './mastra/tools/index.js';
import { createAccessTokenVerifier } from './mcp/access-token.js';
import { createMcpRoutes } from './mcp/mcp-door.js';
import { createDirectory, createOktaClient, verifyOktaAccess, type Directory } from './okta/index.js';
import { loadPolicy } from './policy/index.js';
import { createSlackClient, createSlackFrontDoor, createSlackTurnWorker, resolveSlackWorkspace, type SlackFrontDoor, type TurnWorker } from './slack/index.js';
import { openMastraStore } from './storage/mastra-store.js';
import { createWriteProbe, type WriteProblem } from './storage/write-probe.js';
import { createTurnThread, type TurnsStatus, type TurnThreadData, type TurnThreadModel } from './turn-thread.js';

export type PartModes = { okta: 'live' | 'demo'; slack: Config['slack']['mode']; model: 'openai' | 'offline' };

export type HelpdeskApp = {
  mastra: Mastra;
  modes: PartModes;
  /** Where the demo Okta org listens, when it is in use. */
  demoOktaUrl?: string;
  /** The demo Okta org itself, when in use (its state and request counter serve tests and benchmarks). */
  demoOkta?: DemoOktaOrg;
  /** Slack's HTTP routes, for the server to answer before Mastra's router; undefined without them (Socket Mode, Slack off). */
  slackHttp?: SlackFrontDoor['http'];
  /** Starts background work (the Slack worker). The HTTP server is started by the caller. */
  start(): Promise<void>;
  /** Resolves when no Slack event is being processed (tests, benchmarks, shutdown). */
  idle(): Promise<void>;
  /**
   * For /health: whether the database takes writes now (the inbox, cards and audit all need it), the
   * model service's state, and the turn thread's (always `ok` when turns run in this thread).
   */
  health(): Promise<{ database: 'ok' | WriteProblem; model: ModelStatus; turns: TurnsStatus }>;
  stop(): Promise<void>;
};

export type AppOverrides = {
  model?: MastraModelConfig;
  logger?: IMastraLogger;
  /** Console mode: a known signing secret, so tests can sign their own events. Default: random. */
  consoleSigningSecret?: string;
  /** How long /health waits for its test write (default 1 s). */
  healthDeadlineMs?: number;
  /**
   * Run Slack turns (the agent, Okta, memory, replies) in a worker thread draining the same inbox, so
   * this thread only verifies, stores and acknowledges (`npm start`). Unset: turns run in this thread.
   */
  turnThread?: TurnThreadModel;
};

const MEMORY_MESSAGES = 20;
const SLACK_WORKER_CONCURRENCY = 8;
const CONSOLE_BOT_USER_ID = 'U0HELPDESK';

export async function createHelpdeskApp(config: Config, overrides: AppOverrides = {}): Promise<HelpdeskApp> {
  // Pretty logs for a person at a terminal; JSON lines (and no pino-pretty worker thread) otherwise.
  const logger = overrides.logger ?? new PinoLogger({ name: 'helpdesk', level: config.logLevel, prettyPrint: Boolean(process.stdout.isTTY) });
  const stops: Array<() => Promise<void> | void> = [];
  const okta = await connectOkta(config, stops);
  const modelHealth =
    config.model.mode === 'openai' && !overrides.model
      ? await checkModelAtStartup(config.model, (detail) => logger.warn('The model service is unreachable; starting anyway, /health says so', { detail }))
      : createModelHealth();

  const core = await buildCore(config, { directory: okta.directory, model: overrides.model, modelHealth });
  stops.push(...core.stops);
  const { storage, audit, pending, desk, agent } = core;
  const writeProbe = await createWriteProbe(config.databaseUrl, { deadlineMs: overrides.healthDeadlineMs });
  stops.push(() => writeProbe.close());

  // The MCP door, Studio and /api: access tokens and sign-ins from this issuer name the requester.
  const issuer = config.mcp.issuer ?? `${config.okta.mode === 'live' ? config.okta.orgUrl : okta.demoUrl}/oauth2/default`;
  const { clientId, clientSecret } = config.sso;
  const studioAuth = createStudioAuth(
    {
      verifyToken: createAccessTokenVerifier({ issuer, audience: config.mcp.audience, anyOfScopes: [] }),
      people: createPeople(okta.directory),
      allowedGroups: config.sso.allowedGroups,
      // Demo org: a new secret per process (sessions end with it); config requires SESSION_SECRET with a live sign-in client.
      sessionSecret: config.sso.sessionSecret ?? randomBytes(32).toString('hex'),
      machineToken: config.mastraApiToken,
      logger,
    },
    clientId ? { issuer, clientId, clientSecret } : undefined,
  );
  const mcpRoutes = createMcpRoutes({
    verifyToken: createAccessTokenVerifier({ issuer, audience: config.mcp.audience }),
    issuer,
    tools: createHelpdeskTools({ directory: okta.directory, desk }),
    desk,
    pending,
    directory: okta.directory,
    logger,
  });

  const slack = await slackWiring(config, logger, overrides.consoleSigningSecret, okta.demoOrg?.phone);
  // The responder needs the agent as registered with Mastra, and Mastra needs the routes first.
  let mastra: Mastra | undefined;
  let respond: ReturnType<typeof createResponder> | undefined;
  const doorOptions = {
    databaseUrl: config.databaseUrl,
    botUserId: slack?.botUserId,
    logger,
    desk,
    pending,
    resetLinks: core.resetLinks,
    approvalsChannel: config.slack.approvalsChannel,
  };
  const turnThread =
    slack && overrides.turnThread
      ? createTurnThread({
          data: { config, slack: { settings: slackWebApi(slack.settings), workspace: slack.workspace }, demoOktaUrl: okta.demoUrl, model: overrides.turnThread, claimHolder: randomUUID() },
          logger,
          modelHealth,
        })
      : undefined;
  const frontDoor =
    slack &&
    (turnThread
      ? createSlackFrontDoor({ ...doorOptions, settings: slack.settings, workspace: slack.workspace, turnsElsewhere: turnThread })
      : createSlackFrontDoor({
          ...doorOptions,
          settings: slack.settings,
          workspace: slack.workspace,
          concurrency: SLACK_WORKER_CONCURRENCY,
          respond: (turn) => {
            if (!mastra) throw new Error('The Slack worker ran before the app was built');
            respond ??= createResponder(mastra.getAgent(HELPDESK_AGENT_ID));
            return respond(turn);
          },
        }));

  mastra = new Mastra({
    agents: { [HELPDESK_AGENT_ID]: agent },
    storage,
    logger,
    server: {
      port: config.port,
      host: config.host,
      apiRoutes: [...(frontDoor?.routes ?? []), ...(slack?.consoleRoutes ?? []), ...createAuditRoutes(audit, config.auditToken), ...mcpRoutes],
      // Studio and /api: Okta sign-in or bearer tokens (people in the allowed groups), or the machine token.
      auth: studioAuth,
      middleware: [{ path: '/api/*', handler: studioAuth.gate }],
    },
  });

  return {
    mastra,
    modes: { okta: config.okta.mode, slack: config.slack.mode, model: config.model.mode },
    demoOktaUrl: okta.demoUrl,
    demoOkta: okta.demoOrg,
    slackHttp: frontDoor?.http,
    start: async () => frontDoor?.start(),
    idle: async () => frontDoor?.idle(),
    async health() {
      const probe = await writeProbe.check();
      return { database: probe.ok ? 'ok' : probe.problem, model: modelHealth.status(), turns: turnThread?.status() ?? 'ok' };
    },
    async stop() {
      await frontDoor?.stop();
      for (const stop of stops.reverse()) await stop();
    },
  };
}

/** The parts both threads build alike: storage, audit, pending actions, the desk and the agent. */
async function buildCore(
  config: Config,
  { directory, model, modelHealth }: { directory: Directory; model?: MastraModelConfig; modelHealth: ModelHealth },
) {
  // Mastra's tables first: its migrations hold the write lock, and our own writers (and /health's
  // test write) would otherwise wait on them while the server is already answering.
  const { store: storage, close: closeStorage } = await openMastraStore(config.databaseUrl);
  const audit = await createAuditLog(config.databaseUrl, { knownSecrets: configuredSecrets(config) });
  const pending = await createPendingActionStore(config.databaseUrl);
  const resetLinks = createResetLinkVault();
  const desk = createDesk({ directory, resetLinks, policy: loadPolicy(config.policyFile), helpdeskChannel: config.helpdeskChannel, audit, pending });
  const agent = createHelpdeskAgent({
    model: guardModelCalls(model ?? createHelpdeskModel(config.model), { timeoutMs: config.model.timeoutMs, health: modelHealth }),
    tools: { directory, desk },
    memory: new Memory({ storage, options: { lastMessages: MEMORY_MESSAGES } }),
  });
  const stops: Array<() => Promise<void> | void> = [closeStorage, () => audit.close(), () => pending.shutdown()];
  return { storage, audit, pending, resetLinks, desk, agent, stops };
}

/** The Web API half of the Slack settings: what the turn thread needs to answer. */
const slackWebApi = ({ botToken, apiUrl }: { botToken: string; apiUrl: string }) => ({ botToken, apiUrl });

/**
 * The turn thread's half of the app (src/turn-worker.ts): the same storage, desk and agent, and the
 * worker that drains the inbox the HTTP thread fills. The demo Okta org stays in the HTTP thread
 * (one org state for both), reached at `demoOktaUrl`.
 */
export async function createTurnWorkerApp(
  { config, slack, demoOktaUrl, claimHolder }: Omit<TurnThreadData, 'model'>,
  { logger, model, modelHealth }: { logger: IMastraLogger; model?: MastraModelConfig; modelHealth: ModelHealth },
): Promise<TurnWorker> {
  if (config.okta.mode === 'demo' && !demoOktaUrl) throw new Error('The turn thread needs the demo Okta org URL');
  const directory = createDirectory(createOktaClient(config.okta.mode === 'live' ? config.okta : { orgUrl: demoOktaUrl!, auth: { kind: 'token', token: DEMO_OKTA_TOKEN } }));
  const core = await buildCore(config, { directory, model, modelHealth });
  const mastra = new Mastra({ agents: { [HELPDESK_AGENT_ID]: core.agent }, storage: core.storage, logger });
  const respond = createResponder(mastra.getAgent(HELPDESK_AGENT_ID));
  const worker = createSlackTurnWorker({
    settings: slack.settings,
    workspace: slack.workspace,
    databaseUrl: config.databaseUrl,
    concurrency: SLACK_WORKER_CONCURRENCY,
    claimHolder,
    logger,
    desk: core.desk,
    pending: core.pending,
    resetLinks: core.resetLinks,
    approvalsChannel: config.slack.approvalsChannel,
    respond,
  });
  return {
    ...worker,
    async stop() {
      await worker.stop();
      for (const stop of core.stops.reverse()) await stop();
    },
  };
}

async function connectOkta(
  config: Config,
  stops: Array<() => Promise<void> | void>,
): Promise<{ directory: Directory; demoUrl?: string; demoOrg?: DemoOktaOrg }> {
  if (config.okta.mode === 'live') {
    const client = createOktaClient(config.okta);
    await verifyOktaAccess(client, config.okta.auth);
    return { directory: createDirectory(client) };
  }
  const demoOrg = createDemoOktaOrg();
  const { url } = await demoOrg.start(0, '127.0.0.1');
  stops.push(() => demoOrg.stop());
  const client = createOktaClient({ orgUrl: url, auth: { kind: 'token', token: DEMO_OKTA_TOKEN } });
  return { directory: createDirectory(client), demoUrl: url, demoOrg };
}

/**
 * Live Slack, or the local console (a Slack Web API stand-in and page served by this server), or
 * no Slack door at all (`off`: Okta is live and Slack is not configured).
 */
async function slackWiring(config: Config, logger: IMastraLogger, consoleSigningSecret = randomBytes(32).toString('hex'), phone?: DemoOktaOrg['phone']) {
  if (config.slack.mode === 'off') return undefined;
  if (config.slack.mode === 'live' || config.slack.mode === 'socket') {
    const { botToken, apiUrl } = config.slack;
    // Fail closed: unset ids are learned from Slack now, and startup stops if they cannot be.
    const workspace = await resolveSlackWorkspace(createSlackClient({ botToken, apiUrl }, logger), config.slack);
    const settings = config.slack.mode === 'live' ? { botToken, apiUrl, signingSecret: config.slack.signingSecret } : { botToken, apiUrl, appToken: config.slack.appToken };
    return { settings, workspace, botUserId: undefined, consoleRoutes: [] };
  }
  // The console signs what it sends with a secret that lives only in this process.
  const signingSecret = consoleSigningSecret;
  const serverUrl = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${config.port}`;
  // The demo people's "phone" (Okta Verify pushes) exists only with the demo Okta org.
  const slackConsole = createSlackConsole({ people: peopleFromDemoOrg(DEMO_PEOPLE), signingSecret, serverUrl: () => serverUrl, botUserId: CONSOLE_BOT_USER_ID, phone });
  return {
    settings: { botToken: 'xoxb-local-console', signingSecret, apiUrl: slackConsole.apiUrl() },
    workspace: { teamIds: [slackConsole.ids.teamId], appId: slackConsole.ids.appId },
    botUserId: CONSOLE_BOT_USER_ID,
    consoleRoutes: slackConsole.routes,
  };
}
