// The whole app in zero-credential demo mode on a free loopback port (demo Okta org, Slack console
// signing with `consoleSigningSecret`, offline planner), for the end-to-end tests.
import { noopLogger } from '@mastra/core/logger';
import { afterAll, beforeAll } from 'vitest';
import { createHelpdeskApp, type AppOverrides, type HelpdeskApp } from '../../src/app.js';
import { findProjectRoot, parseConfig } from '../../src/config.js';
import { serveHelpdesk, type RunningServer } from '../../src/server.js';
import { tempDatabaseUrl } from './desk.js';
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
