// Builds the real app in this process (createHelpdeskApp + serveHelpdesk) with a fresh temp-file database, live-mode Slack pointed at the fake Web API, the demo Okta org and a given model (or Slack turns in the worker thread with a model built there); logs are counted, not printed.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { noopLogger, type IMastraLogger } from '@mastra/core/logger';
import { createHelpdeskApp, type AppOverrides, type HelpdeskApp } from '../src/app.js';
import { findProjectRoot, parseConfig } from '../src/config.js';
import { DEMO_OKTA_TOKEN } from '../src/demo/okta/index.js';
import { serveHelpdesk } from '../src/server.js';
import type { FakeSlack } from './fake-slack.js';
import { BENCH_APP, BENCH_TEAM, dmEnvelope, signed, type DirectMessage, type Poster } from './slack-client.js';

export const BENCH_SIGNING_SECRET = 'bench-signing-secret-5c1b0e6f2a9d4e7b';
export const BENCH_BOT_TOKEN = 'xoxb-bench-token-not-real';

export type LogCount = { warn: number; error: number; first: string[] };

export type InProcessApp = { app: HelpdeskApp; url: string; databaseFile: string; logs: LogCount; close(): Promise<void> };

/**
 * The environment a live deployment would have, minus OpenAI, pointing Slack at `slackApiUrl` and
 * Okta at the demo org: the embedded one, or one in its own process at `oktaUrl` (as a live org).
 */
export function benchEnvironment(slackApiUrl: string, databaseFile: string, oktaUrl?: string): Record<string, string> {
  return {
    ...(oktaUrl ? { OKTA_ORG_URL: oktaUrl, OKTA_API_TOKEN: DEMO_OKTA_TOKEN } : {}),
    DATABASE_URL: `file:${databaseFile}`,
    SLACK_BOT_TOKEN: BENCH_BOT_TOKEN,
    SLACK_SIGNING_SECRET: BENCH_SIGNING_SECRET,
    SLACK_API_URL: slackApiUrl,
    SLACK_TEAM_IDS: BENCH_TEAM,
    SLACK_APP_ID: BENCH_APP,
  };
}

export function tempDatabaseFile(): { file: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'helpdesk-bench-'));
  return { file: join(dir, 'helpdesk.db'), remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** `turnThread`: Slack turns in the worker thread as `npm start` runs them (the model is then built in that thread). */
export async function startInProcessApp(slackApiUrl: string, models: Pick<AppOverrides, 'model' | 'turnThread'>, oktaUrl?: string): Promise<InProcessApp> {
  const database = tempDatabaseFile();
  const logs: LogCount = { warn: 0, error: 0, first: [] };
  const config = parseConfig(benchEnvironment(slackApiUrl, database.file, oktaUrl), findProjectRoot());
  const app = await createHelpdeskApp(config, { ...models, logger: countingLogger(logs) });
  const server = await serveHelpdesk(app, { host: '127.0.0.1', port: 0 });
  // Measure the steady state: a turn thread takes work once it has built its half.
  await app.idle();
  return {
    app,
    url: server.url,
    databaseFile: database.file,
    logs,
    async close() {
      await server.close();
      await app.stop();
      database.remove();
    },
  };
}

function countingLogger(logs: LogCount): IMastraLogger {
  const at = (level: 'warn' | 'error') => (message: string, ...args: unknown[]) => {
    logs[level] += 1;
    if (logs.first.length < 5) logs.first.push(`${level}: ${message} ${args.length ? JSON.stringify(args) : ''}`);
  };
  return Object.assign(Object.create(noopLogger) as IMastraLogger, { ...noopLogger, warn: at('warn'), error: at('error') });
}

export type Asked = { message: DirectMessage; sentAt: number; ackMs: number; repliedAt: number };

/** One DM, end to end: signed POST /slack/events, the reply in its thread at the fake Slack, then the app idle. */
export async function ask(target: InProcessApp, poster: Poster, slack: FakeSlack, message: DirectMessage): Promise<Asked> {
  const sent = await poster.send(signed(BENCH_SIGNING_SECRET, '/slack/events', dmEnvelope(message)));
  if (sent.status !== 200) throw new Error(`/slack/events answered ${sent.status} for "${message.text}"`);
  const repliedAt = await slack.replyIn(message.ts, 10_000);
  await target.app.idle();
  return { message, sentAt: sent.sentAt, ackMs: sent.ms, repliedAt };
}
