// The help desk's own Okta access through an OAuth 2.0 service app, end to end: the app starts with
// OKTA_CLIENT_ID + OKTA_PRIVATE_KEY against the demo org (no SSWS token anywhere), proves the
// credentials at startup (private_key_jwt, DPoP nonce), and answers from Okta through DPoP-bound calls.
import { noopLogger } from '@mastra/core/logger';
import { createHonoServer } from '@mastra/deployer/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHelpdeskApp, type HelpdeskApp } from '../../src/app.js';
import { findProjectRoot, parseConfig } from '../../src/config.js';
import { createDemoOktaOrg, type DemoOktaOrg } from '../../src/demo/okta/index.js';
import { tempDatabaseUrl } from '../helpers/desk.js';
import { serviceAppKey } from '../helpers/oauth.js';

const API_TOKEN = 'api-token-for-tests-0123456789';
const CLIENT_ID = '0oaHelpdeskService';
let org: DemoOktaOrg;
let orgUrl = '';
let key: Awaited<ReturnType<typeof serviceAppKey>>;
const apps: HelpdeskApp[] = [];

beforeAll(async () => {
  key = await serviceAppKey('kid-helpdesk');
  org = createDemoOktaOrg({ serviceApps: [{ clientId: CLIENT_ID, jwks: [key.publicJwk], scopes: ['okta.users.read', 'okta.users.manage', 'okta.groups.read', 'okta.groups.manage', 'okta.factors.read'] }] });
  orgUrl = (await org.start()).url;
});
afterAll(async () => {
  for (const app of apps) await app.stop();
  await org.stop();
});

const build = (privateKey: string) =>
  createHelpdeskApp(
    parseConfig({ DATABASE_URL: tempDatabaseUrl(), OKTA_ORG_URL: orgUrl, OKTA_CLIENT_ID: CLIENT_ID, OKTA_PRIVATE_KEY: privateKey.replace(/\n/g, '\\n'), OKTA_KEY_ID: 'kid-helpdesk', MASTRA_API_TOKEN: API_TOKEN }, findProjectRoot()),
    { logger: noopLogger },
  );

describe('OKTA_CLIENT_ID + OKTA_PRIVATE_KEY against the demo org', () => {
  it('starts and answers a lookup from Okta through the service app token', async () => {
    const app = await build(key.privateKey);
    apps.push(app);
    const server = await createHonoServer(app.mastra, { tools: {} });

    const response = await server.request(
      new Request('http://localhost/api/agents/helpdesk/generate', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${API_TOKEN}` },
        body: JSON.stringify({ messages: [{ role: 'user', content: 'who is jordan' }] }),
      }),
    );

    expect(app.modes.okta).toBe('live');
    expect(JSON.stringify(await response.json())).toContain('jordan.rivera@acme.example');
    expect(org.requestCount()).toBeGreaterThan(0);
  });

  it('refuses to start with a key the org does not know, naming the settings to check', async () => {
    const stranger = await serviceAppKey('kid-helpdesk');

    await expect(build(stranger.privateKey)).rejects.toMatchObject({ message: expect.stringMatching(/invalid_client.*OKTA_CLIENT_ID, OKTA_PRIVATE_KEY/) });
  });
});
