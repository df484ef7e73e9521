// GET /health tells a load balancer the truth: 200 only while the database takes writes (the inbox
// must store every Slack event before the ack), 503 with the reason while it cannot.
import { createClient } from '@libsql/client';
import { noopLogger } from '@mastra/core/logger';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHelpdeskApp, type HelpdeskApp } from '../../src/app.js';
import { findProjectRoot, parseConfig } from '../../src/config.js';
import { serveHelpdesk, type RunningServer } from '../../src/server.js';
import { tempDatabaseUrl } from '../helpers/desk.js';
import { freePort } from '../helpers/net.js';

const databaseUrl = tempDatabaseUrl();
let app: HelpdeskApp;
let server: RunningServer;

beforeAll(async () => {
  const config = parseConfig({ PORT: String(await freePort()), DATABASE_URL: databaseUrl }, findProjectRoot());
  app = await createHelpdeskApp(config, { logger: noopLogger, healthDeadlineMs: 300 });
  server = await serveHelpdesk(app, config);
});
afterAll(async () => {
  await server?.close();
  await app?.stop();
});

const health = async () => {
  const response = await fetch(`${server.url}/health`);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

describe('GET /health', () => {
  it('answers 200 with every part while the database takes writes', async () => {
    expect(await health()).toEqual({ status: 200, body: { status: 'ok', okta: 'demo', slack: 'console', model: 'offline', database: 'ok', modelStatus: 'ok', turns: 'ok' } });
  });

  it('answers 503 naming the database while another process holds its write lock, and recovers after', async () => {
    const other = createClient({ url: databaseUrl });
    const lock = await other.transaction('write');
    await lock.execute('CREATE TABLE IF NOT EXISTS lock_holder (id INTEGER)');
    try {
      expect(await health()).toEqual({ status: 503, body: { status: 'degraded', okta: 'demo', slack: 'console', model: 'offline', database: 'locked', modelStatus: 'ok', turns: 'ok' } });
    } finally {
      await lock.rollback();
      other.close();
    }
    expect((await health()).status).toBe(200);
  });
});
