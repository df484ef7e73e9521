// The MCP door end to end with the real @modelcontextprotocol/sdk client: Okta access tokens from
// the demo org's default authorization server (signed in through its authorize page), the help desk
// running against that org with its own service app, and the same desk and policy as Slack.
import { noopLogger } from '@mastra/core/logger';
import { createHonoServer } from '@mastra/deployer/server';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ElicitRequestSchema, type CallToolResult, type ElicitResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHelpdeskApp, type HelpdeskApp } from '../../src/app.js';
import { findProjectRoot, parseConfig } from '../../src/config.js';
import { createDemoOktaOrg, type DemoOktaOrg } from '../../src/demo/okta/index.js';
import { tempDatabaseUrl } from '../helpers/desk.js';
import { serviceAppKey, signIn, tokenRequest } from '../helpers/oauth.js';

const MARCUS = 'marcus.lee@acme.example'; // helpdesk role
const JORDAN = 'jordan.rivera@acme.example'; // employee
const OMAR = 'omar.haddad@acme.example';
const JANE = 'jane.smith@acme.example';
const CLIENT_ID = '0oaHelpdeskService';

let skewMs = 0;
let org: DemoOktaOrg;
let foreignOrg: DemoOktaOrg;
let orgUrl = '';
let foreignUrl = '';
let app: HelpdeskApp;
let server: Awaited<ReturnType<typeof createHonoServer>>;
const clients: Client[] = [];
let key: Awaited<ReturnType<typeof serviceAppKey>>;

beforeAll(async () => {
  key = await serviceAppKey('kid-helpdesk');
  org = createDemoOktaOrg({
    now: () => new Date(Date.now() + skewMs),
    serviceApps: [{ clientId: CLIENT_ID, jwks: [key.publicJwk], scopes: ['okta.users.read', 'okta.users.manage', 'okta.groups.read', 'okta.groups.manage', 'okta.factors.read', 'helpdesk.read'] }],
  });
  foreignOrg = createDemoOktaOrg();
  orgUrl = (await org.start()).url;
  foreignUrl = (await foreignOrg.start()).url;
  const env = { DATABASE_URL: tempDatabaseUrl(), OKTA_ORG_URL: orgUrl, OKTA_CLIENT_ID: CLIENT_ID, OKTA_PRIVATE_KEY: key.privateKey.replace(/\n/g, '\\n'), MASTRA_API_TOKEN: 'api-token-for-tests-0123456789' };
  app = await createHelpdeskApp(parseConfig(env, findProjectRoot()), { logger: noopLogger });
  server = await createHonoServer(app.mastra, { tools: {} });
});
afterAll(async () => {
  for (const client of clients) await client.close();
  await app.stop();
  await org.stop();
  await foreignOrg.stop();
});

const statusOf = (email: string) => [...org.state.users.values()].find((user) => user.profile.email === email)?.status;
const inProcess = async (url: string | URL, init?: RequestInit): Promise<Response> => server.request(url.toString(), init);
const tokenFor = async (login: string, scope = 'openid helpdesk.read helpdesk.act', at = orgUrl) => (await signIn(at, { login, scope })).access_token as string;
const textOf = (result: unknown) => ((result as CallToolResult).content[0] as { text: string }).text;

/** A real MCP client over Streamable HTTP; `elicit` answers confirmations (absent: no elicitation capability). */
async function connect(accessToken: string, elicit?: (message: string) => ElicitResult): Promise<Client> {
  const client = new Client({ name: 'test-client', version: '1.0.0' }, { capabilities: elicit ? { elicitation: {} } : {} });
  if (elicit) client.setRequestHandler(ElicitRequestSchema, (request) => elicit(request.params.message));
  const transport = new StreamableHTTPClientTransport(new URL('http://localhost/mcp'), { fetch: inProcess, requestInit: { headers: { authorization: `Bearer ${accessToken}` } } });
  await client.connect(transport);
  clients.push(client);
  return client;
}

describe('MCP door with Okta access tokens', () => {
  it('lists the help desk tools and looks up the token holder as the requester', async () => {
    const client = await connect(await tokenFor(JORDAN));

    const { tools } = await client.listTools();
    const details = await client.callTool({ name: 'getUserDetails', arguments: { person: 'me' } });

    expect(tools.map((tool) => tool.name)).toEqual(expect.arrayContaining(['findUser', 'getUserDetails', 'lockAccount', 'addUserToGroup']));
    expect(textOf(details)).toContain('Your account (jordan.rivera@acme.example)');
  });

  it('runs a write only after the person confirms through elicitation, exactly as stored', async () => {
    const asked: string[] = [];
    const client = await connect(await tokenFor(MARCUS), (message) => (asked.push(message), { action: 'accept', content: { confirm: true } }));

    const result = await client.callTool({ name: 'lockAccount', arguments: { person: OMAR } });

    expect(asked).toEqual([expect.stringMatching(/^Please confirm: .*Omar Haddad/)]);
    expect(result.isError).toBeFalsy();
    expect(statusOf(OMAR)).toBe('SUSPENDED');
  });

  it("shows the Okta Verify number in a second elicitation and resets the target's MFA once their phone approves", async () => {
    const asked: string[] = [];
    const client = await connect(await tokenFor(MARCUS), (message) => {
      asked.push(message);
      const number = /tap (\d+)/.exec(message)?.[1];
      const [push] = org.phone.waiting(JORDAN);
      if (number && push) org.phone.answer(push.transactionId, { pick: Number(number) });
      return { action: 'accept', content: { confirm: true } };
    });

    const result = await client.callTool({ name: 'resetMfa', arguments: { person: JORDAN } });

    expect(asked).toEqual([expect.stringMatching(/^Please confirm: /), expect.stringMatching(/^Ask Jordan Rivera to open Okta Verify on their phone and tap \d+/)]);
    expect(result.isError).toBeFalsy();
    expect(org.state.factors.get([...org.state.users.values()].find((user) => user.profile.email === JORDAN)!.id)).toEqual([]);
  });

  it.each([
    ['declines', { action: 'decline' } as ElicitResult, /Cancelled; nothing was changed/],
    ['accepts without ticking confirm', { action: 'accept', content: { confirm: false } } as ElicitResult, /Cancelled; nothing was changed/],
  ])('changes nothing when the person %s', async (_case, answer, said) => {
    const client = await connect(await tokenFor(MARCUS), () => answer);

    const result = await client.callTool({ name: 'lockAccount', arguments: { person: JANE } });

    expect(textOf(result)).toMatch(said);
    expect(statusOf(JANE)).toBe('ACTIVE');
  });

  it('refuses a write to a client that cannot elicit, never confirming by itself', async () => {
    const client = await connect(await tokenFor(MARCUS));

    const result = await client.callTool({ name: 'lockAccount', arguments: { person: JANE } });

    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain('cannot ask for it');
    expect(statusOf(JANE)).toBe('ACTIVE');
  });

  it('refuses a password reset, whose link only Slack can deliver, before Okta is asked', async () => {
    const client = await connect(await tokenFor(MARCUS), () => ({ action: 'accept', content: { confirm: true } }));

    const result = await client.callTool({ name: 'resetPassword', arguments: { person: JANE } });

    expect(textOf(result)).toContain('only by Slack direct message');
    // Marcus is on the help desk: he is sent to the Slack bot, never told to ask the help desk.
    expect(textOf(result)).toContain('ask the help desk bot in Slack');
    expect(statusOf(JANE)).toBe('ACTIVE');
  });

  it('withdraws a request that needs approval and says so, since approvers are reached through Slack only', async () => {
    const client = await connect(await tokenFor(JORDAN), () => ({ action: 'accept', content: { confirm: true } }));

    const result = await client.callTool({ name: 'addUserToGroup', arguments: { person: 'me', groupName: 'Sales' } });

    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain('Nothing was requested or changed');
  });

  it('lets an employee token neither change nor look up someone else', async () => {
    const client = await connect(await tokenFor(JORDAN), () => ({ action: 'accept', content: { confirm: true } }));

    const lock = await client.callTool({ name: 'lockAccount', arguments: { person: JANE } });
    const lookup = await client.callTool({ name: 'getUserDetails', arguments: { person: JANE } });

    expect(lock.isError).toBe(true);
    expect(textOf(lookup)).not.toContain('Account Executive');
    expect(statusOf(JANE)).toBe('ACTIVE');
  });

  it('lets a helpdesk.read token look things up but not write, even for a helpdesk person', async () => {
    const client = await connect(await tokenFor(MARCUS, 'openid helpdesk.read'), () => ({ action: 'accept', content: { confirm: true } }));

    const lookup = await client.callTool({ name: 'getUserDetails', arguments: { person: JANE } });
    const query = await client.callTool({ name: 'queryUsers', arguments: { status: 'LOCKED_OUT' } });
    const lock = await client.callTool({ name: 'lockAccount', arguments: { person: JANE } });

    expect(textOf(lookup)).toContain('Jane Smith');
    expect(textOf(query)).toMatch(/Alex Kim +alex\.kim@acme\.example +LOCKED_OUT/);
    // The Okta calls each answer was read from, with the request ids Okta's System Log knows them by.
    expect(textOf(query)).toMatch(/\n\nQuery: all users, status LOCKED_OUT\.\n\nSources \(Okta\):\n(.+\n)*GET \/api\/v1\/users\?search=status%20eq%20%22LOCKED_OUT%22&limit=200 · 200 · req [0-9a-f]{32}(\n|$)/);
    expect(textOf(lookup)).toMatch(/\n\nSources \(Okta\):\n(.+ · \d{3} · req [0-9a-f]{32}(\n|$))+$/);
    expect(textOf(lock)).toContain('only the helpdesk.read scope');
    expect(statusOf(JANE)).toBe('ACTIVE');
  });

  it('refuses a session opened by someone else', async () => {
    const client = await connect(await tokenFor(JORDAN));
    const sessionId = (client.transport as StreamableHTTPClientTransport).sessionId ?? '';

    const answer = await inProcess('http://localhost/mcp', {
      method: 'POST',
      headers: { authorization: `Bearer ${await tokenFor(MARCUS)}`, 'mcp-session-id': sessionId, 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 9, method: 'tools/list' }),
    });

    expect(answer.status).toBe(403);
  });
});

describe('MCP door refusals at the HTTP layer', () => {
  const initialize = (authorization?: string) =>
    inProcess('http://localhost/mcp', {
      method: 'POST',
      headers: { ...(authorization ? { authorization } : {}), 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '1' } } }),
    });

  const expiredToken = async () => {
    skewMs = -2 * 60 * 60 * 1000;
    try {
      return await tokenFor(JORDAN);
    } finally {
      skewMs = 0;
    }
  };
  /** A service app's own token (client_credentials): valid, scoped, but it names no person. */
  const serviceToken = async () => {
    const tokenUrl = `${orgUrl}/oauth2/default/v1/token`;
    const assertion = await key.sign({ iss: CLIENT_ID, sub: CLIENT_ID, aud: tokenUrl, exp: Math.floor(Date.now() / 1000) + 300 });
    const form = { grant_type: 'client_credentials', scope: 'helpdesk.read', client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: assertion };
    return (await tokenRequest(orgUrl, form)).body.access_token as string;
  };

  it.each([
    ['no token', async () => undefined, 401],
    ['a malformed token', async () => 'Bearer not-a-jwt', 401],
    ['an expired token', async () => `Bearer ${await expiredToken()}`, 401],
    ['a token from a foreign issuer', async () => `Bearer ${await tokenFor(JORDAN, 'openid helpdesk.act', foreignUrl)}`, 401],
    ['a token without helpdesk scopes', async () => `Bearer ${await tokenFor(JORDAN, 'openid email')}`, 403],
    ['a service app token that names no person', async () => `Bearer ${await serviceToken()}`, 403],
  ])('answers %s with %i and where to get a token', async (_case, authorization, status) => {
    const answer = await initialize(await authorization());

    expect(answer.status).toBe(status);
    expect(answer.headers.get('www-authenticate')).toContain('resource_metadata="http://localhost/.well-known/oauth-protected-resource/mcp"');
  });

  it('publishes protected-resource metadata naming the issuer and the scopes', async () => {
    const answer = await inProcess('http://localhost/.well-known/oauth-protected-resource/mcp');

    expect(await answer.json()).toEqual({
      resource: 'http://localhost/mcp',
      authorization_servers: [`${orgUrl}/oauth2/default`],
      scopes_supported: ['helpdesk.read', 'helpdesk.act'],
      bearer_methods_supported: ['header'],
    });
  });
});
