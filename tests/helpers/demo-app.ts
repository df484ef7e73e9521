// The whole app in zero-credential demo mode on a free loopback port (demo Okta org, Slack console
// signing with `consoleSigningSecret`, offline planner), for the end-to-end tests.
import { noopLogger } from '@mastra/core/logger';
import { afterAll, beforeAll } from 'vitest';
import { createHelpdeskApp, type AppOverrides, type HelpdeskApp } from '../../src/app.js';
import { findProjectRoot, parseConfig } from '../../src/config.js';
import { serveHelpdesk, type RunningServer } from '../../src/server.js';
import { tempDatabaseUrl } from './desk.js';
import { dmEvent, signedEventRequest } from './slack.js';
import { freePort } from './net.js';
import { createTestDatabase } from './postgres.js';

export type DemoHelpdesk = { app: HelpdeskApp; server: RunningServer; databaseUrl: string };

/**
 * Starts the demo app before the file's tests and stops it after them; read its parts inside tests.
 * `backend`: a fresh SQLite file (default) or a fresh database on the run's Postgres server.
 * With a turn thread, the tests start once it takes work, unless `awaitTurnThread` is false.
 */
export function useDemoHelpdesk(
  consoleSigningSecret: string,
  overrides: Pick<AppOverrides, 'turnThread'> = {},
  { backend = 'libsql', awaitTurnThread = true }: { backend?: 'libsql' | 'postgres'; awaitTurnThread?: boolean } = {},
): DemoHelpdesk {
  const demo = {} as DemoHelpdesk;
  beforeAll(async () => {
    demo.databaseUrl = backend === 'postgres' ? await createTestDatabase() : tempDatabaseUrl();
    const config = parseConfig({ PORT: String(await freePort()), DATABASE_URL: demo.databaseUrl }, findProjectRoot());
    demo.app = await createHelpdeskApp(config, { logger: noopLogger, consoleSigningSecret, ...overrides });
    demo.server = await serveHelpdesk(demo.app, config);
    if (overrides.turnThread && awaitTurnThread) await demo.app.idle();
  });
  afterAll(async () => {
    await demo.server?.close();
    await demo.app?.stop();
  });
  return demo;
}

/** The demo console's own workspace and app ids (src/demo/slack-console): the only envelopes the demo serves. */
export const CONSOLE_ENVELOPE = { team_id: 'TCONSOLE01', api_app_id: 'ACONSOLE01' } as const;

/** The console's one channel (#it-help); it answers channel_not_found for any other, as Slack would. */
export const CONSOLE_CHANNEL = 'CITHELP001';

/** A message as the console's feed shows it. */
export type ConsoleMessage = {
  ts: string;
  threadTs?: string;
  channel?: string;
  text: string;
  fromBot: boolean;
  blocks?: Array<{ type: string; block_id?: string; elements?: Array<{ action_id?: string }> }>;
};

/** Everything the bot has posted in the console so far. */
export async function botMessages(demo: DemoHelpdesk): Promise<ConsoleMessage[]> {
  const feed = (await (await fetch(`${demo.server.url}/console/feed?since=0`)).json()) as { messages: ConsoleMessage[] };
  return feed.messages.filter((m) => m.fromBot);
}

/** One signed DM from a console person to the bot (event id from `ts`); the bot's reply in its thread. */
export async function dmTheBot(demo: DemoHelpdesk, secret: string, from: { slackUserId: string }, text: string, ts: string): Promise<ConsoleMessage | undefined> {
  const event = dmEvent({ eventId: `Ev${from.slackUserId}${ts.replace('.', '')}`, user: from.slackUserId, channel: `D${from.slackUserId}`, text, ts });
  const signed = signedEventRequest({ ...event, ...CONSOLE_ENVELOPE }, { secret, timestamp: Math.floor(Date.now() / 1000) });
  const response = await fetch(`${demo.server.url}/slack/events`, { method: 'POST', headers: signed.headers, body: await signed.text() });
  if (response.status !== 200) throw new Error(`/slack/events answered ${response.status}`);
  await demo.app.idle();
  return (await botMessages(demo)).find((m) => m.threadTs === ts);
}
