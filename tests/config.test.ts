// The configuration contract: unset means demo, present-but-wrong stops startup naming the variable.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, configuredSecrets, findProjectRoot, parseConfig } from '../src/config.js';

const ROOT = '/srv/helpdesk';
const OKTA_TOKEN = '00abcdefghijklmnopqrstuvwxyz0123456789AB';
const API_TOKEN = 'mastra-api-token-0123456789';

function problemsOf(env: Record<string, string>): string[] {
  try {
    parseConfig(env, ROOT);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('parseConfig', () => {
  it('runs every part as its demo stand-in when nothing is set', () => {
    const config = parseConfig({}, ROOT);
    expect(config.okta).toEqual({ mode: 'demo' });
    expect(config.slack.mode).toBe('console');
    expect(config.model).toEqual({ mode: 'offline', modelId: 'gpt-4o-mini', timeoutMs: 30_000 });
    expect(config.port).toBe(4111);
    expect(config.databaseUrl).toBe('file:/srv/helpdesk/data/helpdesk.db');
  });

  it('treats empty values (as copied from .env.example) as unset', () => {
    expect(parseConfig({ OKTA_ORG_URL: '', OPENAI_API_KEY: '  ', PORT: '' }, ROOT).okta).toEqual({ mode: 'demo' });
  });

  it('reads a live Okta token setup and strips the trailing slash of the org URL', () => {
    const config = parseConfig({ OKTA_ORG_URL: 'https://acme.okta.com/', OKTA_API_TOKEN: OKTA_TOKEN, MASTRA_API_TOKEN: API_TOKEN }, ROOT);
    expect(config.okta).toEqual({ mode: 'live', orgUrl: 'https://acme.okta.com', auth: { kind: 'token', token: OKTA_TOKEN } });
  });

  it('reads a service-app setup with default least scopes and unescaped key newlines', () => {
    const config = parseConfig(
      { OKTA_ORG_URL: 'https://acme.okta.com', OKTA_CLIENT_ID: '0oa1', OKTA_PRIVATE_KEY: '-----BEGIN PRIVATE KEY-----\\nabc\\n-----END PRIVATE KEY-----', MASTRA_API_TOKEN: API_TOKEN },
      ROOT,
    );
    expect(config.okta).toMatchObject({
      mode: 'live',
      auth: { kind: 'privateKey', clientId: '0oa1', privateKey: '-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----' },
    });
    expect(config.okta.mode === 'live' && config.okta.auth.kind === 'privateKey' && config.okta.auth.scopes).toContain('okta.users.manage');
  });

  it('reads OpenAI settings with a custom base URL and model', () => {
    const config = parseConfig({ OPENAI_API_KEY: 'ollama', OPENAI_BASE_URL: 'http://127.0.0.1:11434/v1', MODEL: 'llama3.1' }, ROOT);
    expect(config.model).toEqual({ mode: 'openai', apiKey: 'ollama', baseURL: 'http://127.0.0.1:11434/v1', modelId: 'llama3.1', timeoutMs: 30_000 });
  });

  it('reads the served team/enterprise ids as a list and the app id', () => {
    const config = parseConfig({ SLACK_BOT_TOKEN: 'xoxb-1-2-3', SLACK_SIGNING_SECRET: 'secret', SLACK_TEAM_IDS: 'T043DB835ML, E0GRID001', SLACK_APP_ID: 'A0442TUPHGR' }, ROOT);
    expect(config.slack).toMatchObject({ mode: 'live', teamIds: ['T043DB835ML', 'E0GRID001'], appId: 'A0442TUPHGR' });
  });

  it.each([
    [undefined, undefined],
    ['#it-help', '#it-help'],
    ['it-help', 'it-help'],
    ['C0123ABCD', 'C0123ABCD'],
  ])('reads HELPDESK_CHANNEL %s as %s', (value, expected) => {
    expect(parseConfig(value === undefined ? {} : { HELPDESK_CHANNEL: value }, ROOT).helpdeskChannel).toBe(expected);
  });

  it('adds the trailing slash the Slack WebClient needs to SLACK_API_URL', () => {
    const config = parseConfig({ SLACK_BOT_TOKEN: 'xoxb-1-2-3', SLACK_SIGNING_SECRET: 'secret', SLACK_API_URL: 'http://127.0.0.1:9/api' }, ROOT);
    expect(config.slack).toMatchObject({ mode: 'live', apiUrl: 'http://127.0.0.1:9/api/' });
  });

  it('runs Slack in Socket Mode with SLACK_APP_TOKEN and the bot token, without a signing secret', () => {
    const config = parseConfig({ SLACK_BOT_TOKEN: 'xoxb-1-2-3', SLACK_APP_TOKEN: 'xapp-1-A0442TUPHGR-1-abc' }, ROOT);
    expect(config.slack).toEqual({ mode: 'socket', botToken: 'xoxb-1-2-3', appToken: 'xapp-1-A0442TUPHGR-1-abc', apiUrl: 'https://slack.com/api/', approvalsChannel: undefined });
  });

  it('keeps absolute database paths, resolves relative ones from the project root and takes postgres:// URLs as given', () => {
    expect(parseConfig({ DATABASE_URL: 'file:/var/lib/h.db' }, ROOT).databaseUrl).toBe('file:/var/lib/h.db');
    expect(parseConfig({ DATABASE_URL: 'file:db/h.db' }, ROOT).databaseUrl).toBe('file:/srv/helpdesk/db/h.db');
    expect(parseConfig({ DATABASE_URL: 'postgres://helpdesk@db.internal:5432/helpdesk' }, ROOT).databaseUrl).toBe('postgres://helpdesk@db.internal:5432/helpdesk');
  });

  it.each([
    [{ OKTA_ORG_URL: 'acme.okta.com', OKTA_API_TOKEN: OKTA_TOKEN }, 'OKTA_ORG_URL'],
    [{ OKTA_ORG_URL: 'https://acme.okta.com', OKTA_API_TOKEN: `SSWS ${OKTA_TOKEN}` }, 'OKTA_API_TOKEN'],
    [{ OKTA_ORG_URL: 'https://acme.okta.com', OKTA_API_TOKEN: 'xoxb-not-okta' }, 'OKTA_API_TOKEN'],
    [{ OKTA_API_TOKEN: OKTA_TOKEN }, 'OKTA_ORG_URL'],
    [{ OKTA_ORG_URL: 'https://acme.okta.com' }, 'OKTA_API_TOKEN'],
    [{ OKTA_ORG_URL: 'https://acme.okta.com', OKTA_CLIENT_ID: '0oa1' }, 'OKTA_PRIVATE_KEY'],
    [{ OKTA_ORG_URL: 'https://acme.okta.com', OKTA_PRIVATE_KEY: '-----BEGIN PRIVATE KEY-----' }, 'OKTA_CLIENT_ID'],
    [{ OKTA_ORG_URL: 'https://acme.okta.com', OKTA_CLIENT_ID: '0oa1', OKTA_PRIVATE_KEY: 'not a key' }, 'OKTA_PRIVATE_KEY'],
    [{ OKTA_ORG_URL: 'https://acme.okta.com', OKTA_API_TOKEN: OKTA_TOKEN, OKTA_CLIENT_ID: '0oa1' }, 'OKTA_API_TOKEN'],
    [{ OKTA_ORG_URL: 'https://a.okta.com', OKTA_CLIENT_ID: '0oa1', OKTA_PRIVATE_KEY: '{"kty":"RSA"}', OKTA_SCOPES: 'users.read' }, 'OKTA_SCOPES'],
    [{ SLACK_BOT_TOKEN: 'xoxp-user-token', SLACK_SIGNING_SECRET: 's' }, 'SLACK_BOT_TOKEN'],
    [{ SLACK_BOT_TOKEN: 'xoxb-1-2-3' }, 'SLACK_SIGNING_SECRET'],
    [{ SLACK_SIGNING_SECRET: 'secret' }, 'SLACK_BOT_TOKEN'],
    [{ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's', SLACK_API_URL: 'slack.com/api' }, 'SLACK_API_URL'],
    [{ SLACK_APPROVALS_CHANNEL: '#it-approvals' }, 'SLACK_APPROVALS_CHANNEL'],
    [{ SLACK_BOT_TOKEN: 'xoxb-1-2-3', SLACK_APP_TOKEN: 'xoxb-not-an-app-token' }, 'SLACK_APP_TOKEN'],
    [{ SLACK_APP_TOKEN: 'xapp-1-A0442TUPHGR-1-abc' }, 'SLACK_BOT_TOKEN'],
    [{ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's', SLACK_TEAM_IDS: 'T043DB835ML, acme' }, 'SLACK_TEAM_IDS'],
    [{ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's', SLACK_APP_ID: 'T043DB835ML' }, 'SLACK_APP_ID'],
    [{ OPENAI_API_KEY: 'not-an-openai-key' }, 'OPENAI_API_KEY'],
    [{ OPENAI_BASE_URL: 'http://127.0.0.1:11434/v1' }, 'OPENAI_API_KEY'],
    [{ OPENAI_API_KEY: 'sk-x', OPENAI_BASE_URL: 'localhost:11434' }, 'OPENAI_BASE_URL'],
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://db/helpdesk' }, 'DATABASE_URL'],
    [{ HELPDESK_POLICY: 'no-such-policy.json' }, 'HELPDESK_POLICY'],
    [{ HELPDESK_CHANNEL: 'IT Help' }, 'HELPDESK_CHANNEL'],
    [{ HELPDESK_CHANNEL: '<#C0123ABCD>' }, 'HELPDESK_CHANNEL'],
    [{ AUDIT_TOKEN: 'short' }, 'AUDIT_TOKEN'],
    [{ DEV_REQUESTER_EMAIL: 'marcus' }, 'DEV_REQUESTER_EMAIL'],
    [{ OKTA_ISSUER: 'acme.okta.com/oauth2/default' }, 'OKTA_ISSUER'],
    [{ LOG_LEVEL: 'verbose' }, 'LOG_LEVEL'],
    [{ MODEL_TIMEOUT_SECONDS: '0' }, 'MODEL_TIMEOUT_SECONDS'],
    [{ MODEL_TIMEOUT_SECONDS: 'soon' }, 'MODEL_TIMEOUT_SECONDS'],
    [{ HOST: '0.0.0.0' }, 'HOST=0.0.0.0 is not a loopback address'],
    [{ HOST: '10.1.2.3' }, 'HOST=10.1.2.3 is not a loopback address'],
    [{ HOST: '0.0.0.0', ALLOW_DEMO_ROUTES_ON_NETWORK: 'yes' }, 'ALLOW_DEMO_ROUTES_ON_NETWORK'],
    [{ OKTA_ORG_URL: 'https://acme.okta.com', OKTA_API_TOKEN: OKTA_TOKEN, MASTRA_API_TOKEN: API_TOKEN, DEV_REQUESTER_EMAIL: 'a@b.co' }, 'DEV_REQUESTER_EMAIL'],
    [{ DEV_REQUESTER_EMAIL: 'marcus.lee@acme.example' }, 'DEV_REQUESTER_EMAIL is no longer used'],
    [{ OKTA_ORG_URL: 'https://acme.okta.com', OKTA_API_TOKEN: OKTA_TOKEN, OKTA_SSO_CLIENT_ID: '0oa-studio' }, 'SESSION_SECRET is required'],
    [{ OKTA_ORG_URL: 'https://acme.okta.com', OKTA_API_TOKEN: OKTA_TOKEN, OKTA_SSO_CLIENT_SECRET: 'secret' }, 'OKTA_SSO_CLIENT_ID is missing'],
    [{ SESSION_SECRET: 'too-short' }, 'SESSION_SECRET'],
    [{ SSO_ALLOWED_GROUPS: ' , ' }, 'SSO_ALLOWED_GROUPS'],
  ])('stops with a message naming the variable for %o', (env, variable) => {
    const problems = problemsOf(env);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.join('\n')).toContain(variable);
  });

  it('reports every problem at once, not only the first', () => {
    const problems = problemsOf({ PORT: 'x', LOG_LEVEL: 'loud', OKTA_ORG_URL: 'nope' });
    expect(problems.map((problem) => problem.split(/[:\s]/)[0])).toEqual(['OKTA_ORG_URL', 'PORT', 'LOG_LEVEL', 'OKTA_API_TOKEN']);
  });

  it('reports the missing variables of a live setup together with the malformed ones', () => {
    const problems = problemsOf({ PORT: 'x', OKTA_ORG_URL: 'https://acme.okta.com', SLACK_BOT_TOKEN: 'xoxb-1-2-3' });
    expect(problems.map((problem) => problem.split(/[:\s]/)[0])).toEqual(['PORT', 'OKTA_API_TOKEN', 'SLACK_SIGNING_SECRET']);
  });

  it('does not call a malformed variable missing', () => {
    const problems = problemsOf({ OKTA_ORG_URL: 'acme.okta.com', OKTA_API_TOKEN: OKTA_TOKEN, MASTRA_API_TOKEN: API_TOKEN });
    expect(problems).toEqual(['OKTA_ORG_URL: must be an http(s) URL, e.g. https://acme.okta.com']);
  });

  it('gives each model call the MODEL_TIMEOUT_SECONDS deadline', () => {
    expect(parseConfig({ MODEL_TIMEOUT_SECONDS: '5' }, ROOT).model.timeoutMs).toBe(5000);
  });

  it('never pairs a live Okta org with the local Slack console: Slack is off until it is configured', () => {
    const config = parseConfig({ OKTA_ORG_URL: 'https://acme.okta.com', OKTA_API_TOKEN: OKTA_TOKEN, MASTRA_API_TOKEN: API_TOKEN }, ROOT);
    expect(config.slack).toEqual({ mode: 'off' });
  });

  it.each(['127.0.0.1', '127.0.0.2', 'localhost', '::1', '[::1]'])('serves the demo console on the loopback host %s', (host) => {
    const config = parseConfig({ HOST: host }, ROOT);
    expect(config).toMatchObject({ host, slack: { mode: 'console' }, demoRoutesOnNetwork: false });
  });

  it('listens on any host when Slack is real, since no demo route is mounted', () => {
    const config = parseConfig({ HOST: '0.0.0.0', SLACK_BOT_TOKEN: 'xoxb-1-2-3', SLACK_SIGNING_SECRET: 'secret' }, ROOT);
    expect(config).toMatchObject({ host: '0.0.0.0', slack: { mode: 'live' }, demoRoutesOnNetwork: false });
  });

  it('exposes the demo console on the network only when told to, and flags it for the banner', () => {
    const config = parseConfig({ HOST: '0.0.0.0', ALLOW_DEMO_ROUTES_ON_NETWORK: 'true' }, ROOT);
    expect(config).toMatchObject({ slack: { mode: 'console' }, demoRoutesOnNetwork: true });
  });

  it('signs Studio in through the demo org by default, for IT-Admins and Helpdesk', () => {
    expect(parseConfig({}, ROOT).sso).toEqual({ clientId: 'helpdesk-studio', allowedGroups: ['IT-Admins', 'Helpdesk'] });
  });

  it('starts a live org without MASTRA_API_TOKEN: /api then takes only Okta tokens, and no browser sign-in without a client', () => {
    const config = parseConfig({ OKTA_ORG_URL: 'https://acme.okta.com', OKTA_API_TOKEN: OKTA_TOKEN }, ROOT);
    expect(config.mastraApiToken).toBeUndefined();
    expect(config.sso.clientId).toBeUndefined();
  });

  it('reads a live Studio sign-in client, its session secret and the allowed groups', () => {
    const secret = 's'.repeat(32);
    const config = parseConfig(
      { OKTA_ORG_URL: 'https://acme.okta.com', OKTA_API_TOKEN: OKTA_TOKEN, OKTA_SSO_CLIENT_ID: '0oa-studio', OKTA_SSO_CLIENT_SECRET: 'client-secret', SESSION_SECRET: secret, SSO_ALLOWED_GROUPS: 'IT-Admins, Service Desk' },
      ROOT,
    );
    expect(config.sso).toEqual({ clientId: '0oa-studio', clientSecret: 'client-secret', sessionSecret: secret, allowedGroups: ['IT-Admins', 'Service Desk'] });
    expect(configuredSecrets(config)).toEqual(expect.arrayContaining(['client-secret', secret]));
  });

  it('accepts a policy file that exists', () => {
    const dir = mkdtempSync(join(tmpdir(), 'policy-'));
    writeFileSync(join(dir, 'policy.json'), '{}');
    expect(parseConfig({ HELPDESK_POLICY: 'policy.json' }, dir).policyFile).toBe(join(dir, 'policy.json'));
  });
});

describe('findProjectRoot', () => {
  it('finds the project from the folder mastra dev runs in', () => {
    const root = findProjectRoot();
    expect(findProjectRoot(join(root, 'src', 'mastra', 'public'))).toBe(root);
  });
});
