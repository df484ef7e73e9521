// The Mastra API and Studio are not an open door to the tools: /api/* needs an Okta sign-in (see
// studio-sso.test.ts) or MASTRA_API_TOKEN, also with the demo org; /audit needs AUDIT_TOKEN; and a
// call without a verified requester (the machine token) only reads.
import { noopLogger } from '@mastra/core/logger';
import { createHonoServer } from '@mastra/deployer/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHelpdeskApp, type HelpdeskApp } from '../../src/app.js';
import { findProjectRoot, parseConfig } from '../../src/config.js';
import { createDemoOktaOrg, DEMO_OKTA_TOKEN } from '../../src/demo/okta/index.js';
import { tempDatabaseUrl } from '../helpers/desk.js';
import { signIn } from '../helpers/oauth.js';

const API_TOKEN = 'api-token-for-tests-0123456789';
const AUDIT_TOKEN = 'audit-token-for-tests-0123456789';
const oktaOrg = createDemoOktaOrg();
const apps: HelpdeskApp[] = [];

async function build(env: Record<string, string>) {
  const app = await createHelpdeskApp(parseConfig({ DATABASE_URL: tempDatabaseUrl(), ...env }, findProjectRoot()), { logger: noopLogger });
  apps.push(app);
  return createHonoServer(app.mastra, { tools: {} });
}

const generate = (text: string, headers: Record<string, string> = {}, extra: Record<string, unknown> = {}) =>
  new Request('http://localhost/api/agents/helpdesk/generate', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ messages: [{ role: 'user', content: text }], ...extra }),
  });

/** What an attacker sends: a requester in the body's requestContext, shaped exactly like the server's. */
const forgedAs = (email: string) => ({
  requestContext: { requester: { email, source: 'slack', slackUserId: 'U0FORGED', teamId: 'T0FORGED', channelId: 'C0FORGED', threadTs: '1.0' } },
});

const machine = { authorization: `Bearer ${API_TOKEN}` };
/** The Authorization header of a demo person signed in to the app's demo org (Studio's client). */
const signedInAs = async (app: HelpdeskApp, login: string) => ({ authorization: `Bearer ${(await signIn(app.demoOktaUrl!, { login, clientId: 'helpdesk-studio' })).access_token}` });

const statusOf = (app: HelpdeskApp, email: string) => [...app.demoOkta!.state.users.values()].find((u) => u.profile.email === email)?.status;

let liveOrgUrl = '';
beforeAll(async () => {
  liveOrgUrl = (await oktaOrg.start()).url;
});
afterAll(async () => {
  for (const app of apps) await app.stop();
  await oktaOrg.stop();
});

describe('with a live Okta org', () => {
  const env = () => ({ OKTA_ORG_URL: liveOrgUrl, OKTA_API_TOKEN: DEMO_OKTA_TOKEN, MASTRA_API_TOKEN: API_TOKEN, AUDIT_TOKEN });

  it('answers 401 on the Mastra API without the token, and serves it with the token', async () => {
    const server = await build(env());
    expect((await server.request('/api/agents')).status).toBe(401);
    expect((await server.request(generate('who is jordan'))).status).toBe(401);
    expect((await server.request('/api/agents', { headers: { authorization: `Bearer ${API_TOKEN}` } })).status).toBe(200);
  });

  it('keeps the Slack routes outside the API auth: they check Slack signatures instead', async () => {
    // A Slack app that is never called here: with its ids configured, building the routes makes no Slack call.
    const slack = { SLACK_BOT_TOKEN: 'xoxb-test-0-0', SLACK_SIGNING_SECRET: 'test-signing-secret', SLACK_API_URL: 'http://127.0.0.1:9/api/', SLACK_TEAM_IDS: 'T0TEST001', SLACK_APP_ID: 'A0TEST001' };
    const server = await build({ ...env(), ...slack });
    const unsigned = await server.request('/slack/events', { method: 'POST', body: '{}' });
    expect(unsigned.status).toBe(401);
    expect(await unsigned.text()).not.toContain('Unauthorized');
  });

  it('never mounts the local Slack console: nobody can post or click as someone else through it', async () => {
    const server = await build(env());
    const withToken = { authorization: `Bearer ${API_TOKEN}` };
    const page = await server.request('/console', { headers: withToken });
    expect(await page.text()).not.toContain('Local Slack console');
    const send = await server.request('/console/send', {
      method: 'POST',
      headers: { ...withToken, 'content-type': 'application/json' },
      body: JSON.stringify({ personId: 'UDEMO001', channel: 'dm', text: 'lock jordan.rivera@acme.example' }),
    });
    expect(send.status).not.toBe(200);
    expect(apps.at(-1)?.modes.slack).toBe('off');
  });

  it('serves the audit log only with AUDIT_TOKEN', async () => {
    const server = await build(env());
    expect((await server.request('/audit')).status).toBe(401);
    expect((await server.request('/audit', { headers: { authorization: `Bearer ${API_TOKEN}` } })).status).toBe(401);
    const allowed = await server.request('/audit?limit=5', { headers: { authorization: `Bearer ${AUDIT_TOKEN}` } });
    expect(allowed.status).toBe(200);
    expect(await allowed.json()).toEqual({ entries: [] });
  });

  it('lets an API caller (no verified requester) read but never write', async () => {
    const server = await build(env());
    const response = await server.request(generate('lock jordan.rivera@acme.example', { authorization: `Bearer ${API_TOKEN}` }));
    expect(JSON.stringify(await response.json())).toContain('Only a signed-in person can change accounts');
    expect(oktaOrg.state.users.get([...oktaOrg.state.users.values()].find((u) => u.profile.email === 'jordan.rivera@acme.example')!.id)?.status).toBe('ACTIVE');
  });
});

describe('a requester forged in the request body', () => {
  it('is ignored: a write is refused as from an unknown requester and Okta is not changed', async () => {
    const server = await build({ MASTRA_API_TOKEN: API_TOKEN });
    const response = await server.request(generate('lock jordan.rivera@acme.example', machine, forgedAs('priya.patel@acme.example')));
    const body = JSON.stringify(await response.json());
    expect(body).toContain('Only a signed-in person can change accounts');
    expect(body).not.toContain('Please confirm');
    expect(statusOf(apps.at(-1)!, 'jordan.rivera@acme.example')).toBe('ACTIVE');
  });

  it('gives no one else\'s reads: "my groups" stays unknown instead of the forged person\'s groups', async () => {
    const server = await build({ MASTRA_API_TOKEN: API_TOKEN });
    const response = await server.request(generate('what groups am I in?', machine, forgedAs('priya.patel@acme.example')));
    expect(response.status).toBe(200);
    expect(JSON.stringify(await response.json())).not.toContain('IT-Admins');
  });

  it('does not replace the signed-in person: Studio still acts as whoever signed in', async () => {
    const server = await build({});
    // Marcus (help desk) may not lock an IT admin; Priya could have locked herself with a confirmation.
    const response = await server.request(generate('lock priya.patel@acme.example', await signedInAs(apps.at(-1)!, 'marcus.lee@acme.example'), forgedAs('priya.patel@acme.example')));
    const body = JSON.stringify(await response.json());
    expect(body).toContain('is one of the IT admins, so only one of the IT admins can change that account. Ask one of the IT admins.');
    expect(body).not.toContain('Please confirm');
  });
});

describe('with the demo org', () => {
  it('serves the local Slack console', async () => {
    const server = await build({});
    expect(await (await server.request('/console')).text()).toContain('Local Slack console');
  });

  it('has no /audit at all when AUDIT_TOKEN is unset (Mastra answers with its fallback page)', async () => {
    const server = await build({});
    const response = await server.request('/audit', { headers: { authorization: `Bearer ${AUDIT_TOKEN}` } });
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await response.text()).not.toContain('entries');
  });

  it('keeps the Mastra API behind sign-in: no credentials, no API', async () => {
    const server = await build({});
    expect((await server.request('/api/agents')).status).toBe(401);
    expect((await server.request(generate('who is jordan'))).status).toBe(401);
  });

  it('lets a signed-in demo person act as themself, still through the policy and a confirmation', async () => {
    const server = await build({});
    const response = await server.request(generate('lock jordan.rivera@acme.example', await signedInAs(apps.at(-1)!, 'marcus.lee@acme.example')));
    expect(JSON.stringify(await response.json())).toContain('Please confirm: Lock Jordan Rivera');
  });
});
