// MODEL_TIMEOUT_SECONDS reaches every model call of the running app: a model that never answers
// ends the Slack turn at the configured deadline with the honest sentence, and nothing else is said.
import { noopLogger } from '@mastra/core/logger';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHelpdeskApp, type HelpdeskApp } from '../../src/app.js';
import { findProjectRoot, parseConfig } from '../../src/config.js';
import { DEMO_PEOPLE } from '../../src/demo/okta/index.js';
import { peopleFromDemoOrg } from '../../src/demo/slack-console/index.js';
import { RESPONSE_WORDING } from '../../src/mastra/agents/respond.js';
import { serveHelpdesk, type RunningServer } from '../../src/server.js';
import { CONSOLE_ENVELOPE } from '../helpers/demo-app.js';
import { tempDatabaseUrl } from '../helpers/desk.js';
import { scriptedModel } from '../helpers/model.js';
import { freePort } from '../helpers/net.js';
import { dmEvent, signedEventRequest } from '../helpers/slack.js';

const SECRET = 'model-timeout-console-signing-secret-0123';
let app: HelpdeskApp;
let server: RunningServer;

beforeAll(async () => {
  const config = parseConfig({ PORT: String(await freePort()), DATABASE_URL: tempDatabaseUrl(), MODEL_TIMEOUT_SECONDS: '1' }, findProjectRoot());
  app = await createHelpdeskApp(config, { logger: noopLogger, consoleSigningSecret: SECRET, model: scriptedModel([{ hang: true }]).model });
  server = await serveHelpdesk(app, config);
});
afterAll(async () => {
  await server?.close();
  await app?.stop();
});

describe('MODEL_TIMEOUT_SECONDS', () => {
  it('ends a Slack turn whose model never answers at the configured deadline, with the honest sentence', async () => {
    const priya = peopleFromDemoOrg(DEMO_PEOPLE).find((p) => p.email.startsWith('priya.patel@'))!;
    const ts = '1800000300.000100';
    const event = dmEvent({ eventId: 'EvModelTimeout1', user: priya.slackUserId, channel: `D${priya.slackUserId}`, text: 'what groups am I in?', ts });
    const signed = signedEventRequest({ ...event, ...CONSOLE_ENVELOPE }, { secret: SECRET, timestamp: Math.floor(Date.now() / 1000) });

    expect((await fetch(`${server.url}/slack/events`, { method: 'POST', headers: signed.headers, body: await signed.text() })).status).toBe(200);
    await app.idle();

    const feed = (await (await fetch(`${server.url}/console/feed?since=0`)).json()) as { messages: Array<{ threadTs?: string; text: string; fromBot: boolean }> };
    expect(feed.messages.filter((m) => m.fromBot && m.threadTs === ts).map((m) => m.text)).toEqual([RESPONSE_WORDING.modelTimeout(1000)]);
  });
});
