// Slack Socket Mode (SLACK_APP_TOKEN): the app opens a WebSocket to Slack instead of Slack POSTing to
// a public URL. Each `events_api` and `interactive` envelope goes through the same intake as the HTTP
// door (intake.ts) and is acknowledged with its envelope_id only after the intake succeeded: an event
// the inbox could not store is left unacknowledged, so Slack redelivers it. retry_attempt and
// retry_reason play the role of the HTTP retry headers, and the inbox's unique event_id makes any
// redelivery, also one after a reconnect, a no-op. `hello`, `disconnect` and reconnecting after a
// drop are @slack/socket-mode's SocketModeClient's job.
// There is no request signature in Socket Mode: the app-level token authenticates the connection
// (apps.connections.open hands out a one-time WebSocket URL), so what arrives on it is from Slack.
import type { IMastraLogger } from '@mastra/core/logger';
import { SocketModeClient } from '@slack/socket-mode';
import { errorNameOf } from './errors.js';
import type { Intake } from './intake.js';
import { classifyInteraction } from './interactions.js';
import { slackLoggerFor } from './slack-api.js';

export type SocketModeDoorOptions = {
  /** The app-level token (xapp-) with connections:write. */
  appToken: string;
  /** Slack Web API base URL, for apps.connections.open. */
  apiUrl: string;
  intake: Intake;
  logger: IMastraLogger;
  timeoutMs?: number;
  /** Pong deadline, which also spaces reconnect attempts (library default 5 s); tests shorten it. */
  clientPingTimeoutMs?: number;
};

export type SocketModeDoor = {
  /** Opens the connection; resolves once Slack said hello. */
  start(): Promise<void>;
  /** Takes no new envelopes (Slack redelivers them), acknowledges those in hand, then closes the socket. */
  stop(): Promise<void>;
};

/** What SocketModeClient emits as `slack_event` for every envelope but hello and disconnect. */
type Envelope = {
  ack: () => Promise<void>;
  envelope_id: string;
  type: string;
  body: unknown;
  retry_num?: number;
  retry_reason?: string;
};

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

export function createSocketModeDoor(options: SocketModeDoorOptions): SocketModeDoor {
  const { intake, logger } = options;
  const client = new SocketModeClient({
    appToken: options.appToken,
    logger: slackLoggerFor(logger, '@slack/socket-mode'),
    ...(options.clientPingTimeoutMs ? { clientPingTimeout: options.clientPingTimeoutMs } : {}),
    clientOptions: {
      slackApiUrl: options.apiUrl,
      timeout: options.timeoutMs ?? 10_000,
      // Resolve fetch per call so test interceptors installed after construction still apply.
      fetch: (url, init) => globalThis.fetch(url, init),
    },
  });
  const running = new Set<Promise<void>>();
  let stopping = false;

  /** Whether Slack may consider the envelope delivered. */
  async function handled(envelope: Envelope): Promise<boolean> {
    if (envelope.type === 'events_api' && isObject(envelope.body)) {
      const outcome = await intake.event(envelope.body, { retryNum: envelope.retry_num, retryReason: envelope.retry_reason });
      return outcome.kind !== 'not_stored';
    }
    if (envelope.type === 'interactive') {
      const parsed = classifyInteraction(envelope.body);
      if (parsed.kind === 'malformed') {
        logger.warn('A Socket Mode interactive envelope carried no payload object', { envelopeId: envelope.envelope_id });
        return true;
      }
      return intake.interaction(parsed) !== 'not_taking_clicks';
    }
    logger.debug('Ignored a Socket Mode envelope', { type: envelope.type });
    return true;
  }

  client.on('slack_event', (envelope: Envelope) => {
    // Unacknowledged: Slack redelivers it, to the next connection.
    if (stopping) return;
    const task: Promise<void> = handled(envelope)
      .then(async (deliver) => {
        if (deliver) await envelope.ack();
      })
      .catch((error: unknown) => logger.error('A Socket Mode envelope was not acknowledged', { type: envelope.type, error: errorNameOf(error) }))
      .finally(() => running.delete(task));
    running.add(task);
  });

  return {
    async start() {
      try {
        await client.start();
      } catch (cause) {
        const answer = slackAnswerOf(cause);
        if (!answer) throw cause;
        throw new Error(`Slack refused SLACK_APP_TOKEN for Socket Mode (${answer}): use an app-level token (xapp-) with the connections:write scope`, { cause });
      }
      logger.info('Connected to Slack in Socket Mode');
    },
    async stop() {
      stopping = true;
      while (running.size > 0) await Promise.allSettled([...running]);
      await client.disconnect();
    },
  };
}

/** What Slack's Web API answered (`invalid_auth`, ...) when a call failed with a platform error; never the token. */
function slackAnswerOf(error: unknown): string | undefined {
  return isObject(error) && isObject(error.data) && typeof error.data.error === 'string' ? error.data.error.slice(0, 60) : undefined;
}
