// The Slack front door in Socket Mode, against a local fake of Slack: msw answers the Web API
// (apps.connections.open hands out a ws://127.0.0.1 URL) and a real WebSocket server on loopback
// says hello, sends envelopes built from the real fixtures and records the acks. Covers ack only
// after the store, once-only across redeliveries and reconnects, clicks, reconnects and stop().
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@libsql/client';
import { createHonoServer } from '@mastra/deployer/server';
import { http, passthrough } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createHelpdeskApp } from '../../src/app.js';
import { findProjectRoot, parseConfig } from '../../src/config.js';
import { serveHelpdesk } from '../../src/server.js';
import { ACTION_IDS } from '../../src/slack/cards.js';
import { createSlackFrontDoor, type HelpdeskTurn } from '../../src/slack/index.js';
import { freePort } from '../helpers/net.js';
import {
  BOT_TOKEN,
  IDS,
  NO_CARDS,
  NOW_MS,
  SLACK_API_URL,
  blockActionsPayload,
  createRecordingLogger,
  createSlackFake,
  dmEvent,
  okJson,
  signedEventRequest,
  slackError,
  textAnswer,
  WORKSPACE,
} from '../helpers/slack.js';
import { disconnectEnvelope, eventsApiEnvelope, interactiveEnvelope, startFakeSocketSlack, type FakeSocketSlack } from '../helpers/slack-socket.js';

const APP_TOKEN = 'xapp-1-A0442TUPHGR-1-test-app-token-not-real';
/** Short pong deadline: it also spaces the client's reconnect attempts (library default 5 s). */
const PING_TIMEOUT_MS = 200;

const fake = createSlackFake();
// The app under test may also listen on loopback (the demo Okta org, the HTTP server): real traffic.
const server = setupServer(...fake.handlers, http.all(/^http:\/\/127\.0\.0\.1:\d+\//, () => passthrough()));
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterAll(() => server.close());

let dir: string;
let databaseUrl: string;
let slack: FakeSocketSlack;
const stops: Array<() => Promise<void>> = [];

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'slack-socket-mode-'));
  databaseUrl = `file:${join(dir, 'data', 'helpdesk.db')}`;
  slack = await startFakeSocketSlack();
  fake.reply('apps.connections.open', () => okJson({ url: slack.nextUrl() }));
});
afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
  await slack.close();
  fake.reset();
  rmSync(dir, { recursive: true, force: true });
});

type Click = { pendingId: string; choice: string; slackUserId?: string };

/** One process's front door in Socket Mode on the test's database, connected to the fake. */
async function boot() {
  const turns: HelpdeskTurn[] = [];
  const clicks: Click[] = [];
  const logger = createRecordingLogger();
  const door = createSlackFrontDoor({
    settings: { botToken: BOT_TOKEN, appToken: APP_TOKEN, apiUrl: SLACK_API_URL },
    workspace: WORKSPACE,
    databaseUrl,
    respond: async (turn) => {
      turns.push(turn);
      return textAnswer(`you said ${turn.text}`);
    },
    ...NO_CARDS,
    desk: {
      ...NO_CARDS.desk,
      click: async (pendingId, choice, clicker) => {
        clicks.push({ pendingId, choice, slackUserId: clicker.slackUserId });
        return { kind: 'refused', message: 'Only the requester can confirm this.' };
      },
    },
    logger,
    now: () => NOW_MS,
    slackApi: { sleep: async () => undefined },
    socketMode: { clientPingTimeoutMs: PING_TIMEOUT_MS },
  });
  stops.push(() => door.stop());
  await door.start();
  return { door, turns, clicks, logger };
}

const dm = (eventId: string) => dmEvent({ eventId, text: 'I forgot my password' });

describe('Socket Mode front door', () => {
  it('connects with the app-level token and mounts no HTTP Slack route', async () => {
    const { door } = await boot();
    expect(fake.calls.filter((call) => call.method === 'apps.connections.open').map((call) => call.authorization)).toEqual([`Bearer ${APP_TOKEN}`]);
    expect(slack.connections).toHaveLength(1);
    expect(door.routes).toEqual([]);
  });

  it.each(['invalid_auth', 'not_authed'])('stops startup naming SLACK_APP_TOKEN when Slack answers %s', async (error) => {
    fake.reply('apps.connections.open', () => slackError(error));
    await expect(boot()).rejects.toThrow(`Slack refused SLACK_APP_TOKEN for Socket Mode (${error})`);
    expect(slack.connections).toHaveLength(0);
  });

  it('acknowledges an events_api envelope with its envelope_id once the event is stored, then answers it', async () => {
    const { door, turns } = await boot();
    slack.send(eventsApiEnvelope('env-1', dm('Ev0SOCKET001')));
    await slack.waitFor('the ack', () => slack.received.length === 1);

    expect(slack.received[0]?.message).toEqual({ envelope_id: 'env-1', payload: {} });
    expect(await door.inbox.get('Ev0SOCKET001')).toMatchObject({ eventId: 'Ev0SOCKET001' });
    await door.idle();
    expect(turns.map((turn) => turn.eventId)).toEqual(['Ev0SOCKET001']);
    expect(fake.posts()).toEqual([{ channel: IDS.dm, thread_ts: '1664408649.009629', text: 'you said I forgot my password' }]);
  });

  it('answers an event once when Slack redelivers it (retry_attempt 1, and again after a reconnect)', async () => {
    const { door, turns } = await boot();
    slack.send(eventsApiEnvelope('env-1', dm('Ev0SOCKET002')));
    slack.send(eventsApiEnvelope('env-2', dm('Ev0SOCKET002'), { retryAttempt: 1, retryReason: 'timeout' }));
    await slack.waitFor('two acks', () => slack.received.length === 2);

    slack.send(disconnectEnvelope());
    await slack.waitFor('the reconnect', () => slack.connections.length === 2);
    slack.send(eventsApiEnvelope('env-3', dm('Ev0SOCKET002'), { retryAttempt: 2, retryReason: 'timeout' }));
    await slack.waitFor('the third ack', () => slack.received.length === 3);
    await door.idle();

    expect(slack.received.map(({ connection, message }) => [connection, message.envelope_id])).toEqual([[0, 'env-1'], [0, 'env-2'], [1, 'env-3']]);
    expect((await door.inbox.list()).map((entry) => entry.eventId)).toEqual(['Ev0SOCKET002']);
    expect(turns).toHaveLength(1);
    expect(fake.posts()).toHaveLength(1);
  });

  it('does not acknowledge an event the inbox could not store, so Slack redelivers it', async () => {
    const { door, turns, logger } = await boot();
    const other = createClient({ url: databaseUrl });
    await other.execute(`CREATE TRIGGER refuse_inbox BEFORE INSERT ON slack_inbox BEGIN SELECT RAISE(ABORT, 'disk full'); END`);
    slack.send(eventsApiEnvelope('env-lost', dm('Ev0SOCKET003')));
    await slack.waitFor('the store failure', () => logger.records.some((record) => record.message === 'Could not store a Slack event'));

    await other.execute('DROP TRIGGER refuse_inbox');
    other.close();
    // Acks on one connection arrive in order: had env-lost been acked, it would come before env-retry.
    slack.send(eventsApiEnvelope('env-retry', dm('Ev0SOCKET003'), { retryAttempt: 1, retryReason: 'timeout' }));
    await slack.waitFor('the redelivery ack', () => slack.received.length > 0);
    await door.idle();

    expect(slack.acks()).toEqual(['env-retry']);
    expect(turns.map((turn) => turn.eventId)).toEqual(['Ev0SOCKET003']);
  });

  it('hands an interactive block_actions click to the click runner and acknowledges it', async () => {
    const { door, clicks } = await boot();
    const payload = blockActionsPayload({ user: IDS.user, actionId: ACTION_IDS.confirm, value: 'pa_socket_1', channel: IDS.dm, messageTs: '1700000000.000001' });
    slack.send(interactiveEnvelope('env-click', payload));
    await slack.waitFor('the ack', () => slack.received.length === 1);
    await door.idle();

    expect(slack.acks()).toEqual(['env-click']);
    expect(clicks).toEqual([{ pendingId: 'pa_socket_1', choice: 'confirm', slackUserId: IDS.user }]);
    expect(fake.of('chat.postEphemeral')).toEqual([expect.objectContaining({ channel: IDS.dm, user: IDS.user, text: 'Only the requester can confirm this.' })]);
  });

  it.each([
    ['a disconnect envelope', (fakeSlack: FakeSocketSlack) => fakeSlack.send(disconnectEnvelope())],
    ['a dropped connection', (fakeSlack: FakeSocketSlack) => fakeSlack.current().terminate()],
  ])('reconnects after %s with a new URL and takes events on the new connection', async (_name, drop) => {
    const { door } = await boot();
    drop(slack);
    await slack.waitFor('the reconnect', () => slack.connections.length === 2);
    slack.send(eventsApiEnvelope('env-after', dm('Ev0SOCKET004')));
    await slack.waitFor('the ack', () => slack.received.length === 1);

    expect(fake.of('apps.connections.open')).toHaveLength(2);
    expect(slack.received).toEqual([{ connection: 1, message: { envelope_id: 'env-after', payload: {} } }]);
    expect(await door.inbox.get('Ev0SOCKET004')).toBeDefined();
  });

  it('closes the socket with a normal closure on stop() and does not reconnect', async () => {
    const { door } = await boot();
    const closed = new Promise<number>((resolve) => slack.current().once('close', resolve));
    await door.stop();

    expect(await closed).toBe(1000);
    // Three reconnect delays: a client that reconnected would have asked for a new URL by then.
    await new Promise((resolve) => setTimeout(resolve, 3 * PING_TIMEOUT_MS));
    expect(fake.of('apps.connections.open')).toHaveLength(1);
    expect(slack.connections).toHaveLength(1);
  });
});

describe('the app with SLACK_APP_TOKEN', () => {
  it('serves no /slack/events route and says slack: socket on /health', async () => {
    const config = parseConfig(
      { SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_APP_TOKEN: APP_TOKEN, SLACK_API_URL, PORT: String(await freePort()), DATABASE_URL: databaseUrl },
      findProjectRoot(),
    );
    const app = await createHelpdeskApp(config, { logger: createRecordingLogger() });
    stops.push(() => app.stop());
    const running = await serveHelpdesk(app, config);
    stops.push(() => running.close());

    const health = await fetch(`${running.url}/health`);
    expect(await health.json()).toMatchObject({ status: 'ok', slack: 'socket' });
    expect(slack.connections).toHaveLength(1);
    const routes = await createHonoServer(app.mastra, { tools: {} });
    expect((await routes.request(signedEventRequest(dm('Ev0SOCKET005')))).status).toBe(404);
  });
});
