// The only reader of process.env: one zod schema over the configuration contract in design.md.
// A setting that is absent selects the demo stand-in; a setting that is present but wrong stops
// startup with an error naming the variable. Nothing here falls back silently.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { config as loadDotenv } from 'dotenv';
import { z } from 'zod';

export type OktaAuth =
  | { kind: 'token'; token: string }
  | { kind: 'privateKey'; clientId: string; privateKey: string; keyId?: string; scopes: string[] };

/** `demo` means: start the embedded demo org and point the SDK at it. */
export type OktaSettings = { mode: 'live'; orgUrl: string; auth: OktaAuth } | { mode: 'demo' };

/**
 * `live`: Slack POSTs signed requests to /slack/events and /slack/interactions. `socket`: Socket
 * Mode (SLACK_APP_TOKEN): the app opens a WebSocket to Slack, so no public URL and no HTTP Slack
 * routes; the signing secret is not needed. `console`: the local Slack console stands in for Slack (demo Okta org only). `off`: no Slack door
 * at all, because Okta is live and Slack is not configured; the console never runs against a live
 * org, since whoever reaches it can post and click as anyone.
 */
export type SlackSettings =
  | ({ mode: 'live'; botToken: string; signingSecret: string; apiUrl: string; approvalsChannel?: string } & SlackIds)
  | ({ mode: 'socket'; botToken: string; appToken: string; apiUrl: string; approvalsChannel?: string } & SlackIds)
  | { mode: 'console'; apiUrl?: undefined; approvalsChannel?: string }
  | { mode: 'off'; apiUrl?: undefined; approvalsChannel?: undefined };

/** The workspace/enterprise ids and the app id this deployment serves; unset: learned from auth.test at startup. */
export type SlackIds = { teamIds?: string[]; appId?: string };

/** Which model answers: OpenAI (or a compatible server) or the offline planner. */
export type ModelChoice = { mode: 'openai'; modelId: string; apiKey: string; baseURL?: string } | { mode: 'offline'; modelId: string };

export type ModelSettings = ModelChoice & {
  /** Deadline for each model call (MODEL_TIMEOUT_SECONDS, default 30 s). */
  timeoutMs: number;
};

/**
 * Studio and /api sign-in through Okta. `clientId` unset (live org): no browser sign-in, only bearer
 * tokens. With the demo org the public client `helpdesk-studio` is used and the session secret is
 * random per process unless SESSION_SECRET is set.
 */
export type SsoSettings = {
  clientId?: string;
  clientSecret?: string;
  /** Okta groups whose members may use Studio and /api. */
  allowedGroups: string[];
  sessionSecret?: string;
};

export type Config = {
  projectRoot: string;
  port: number;
  /** Interface to listen on: loopback unless HOST says otherwise (e.g. 0.0.0.0 in a container). */
  host: string;
  /** Demo routes (the Slack console) listen on a non-loopback HOST, knowingly (ALLOW_DEMO_ROUTES_ON_NETWORK). */
  demoRoutesOnNetwork: boolean;
  /** LibSQL URL (`file:` paths are absolute, resolved from the project root) or postgres:// URL. */
  databaseUrl: string;
  model: ModelSettings;
  slack: SlackSettings;
  okta: OktaSettings;
  policyFile?: string;
  /** HELPDESK_CHANNEL: where refusals send employees for human help (a channel name or id). */
  helpdeskChannel?: string;
  auditToken?: string;
  /** The machine-to-machine bearer token for /api (no person: reads only). */
  mastraApiToken?: string;
  /** The authorization server whose tokens name people (OKTA_ISSUER; default: the org's, or the demo org's, default custom AS) and the audience its access tokens carry: the MCP door, Studio and /api. */
  mcp: { issuer?: string; audience: string };
  sso: SsoSettings;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
};

/** Startup error listing every bad or missing variable by name. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const DEFAULT_OKTA_SCOPES = ['okta.users.read', 'okta.users.manage', 'okta.groups.read', 'okta.groups.manage', 'okta.factors.read'];
const PROJECT_NAME = 'okta-helpdesk-agent';

const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

const httpUrl = (example: string) =>
  z
    .string()
    .trim()
    .refine((value) => URL.canParse(value) && /^https?:$/.test(new URL(value).protocol), `must be an http(s) URL, e.g. ${example}`);

/** Each variable's own shape; cross-variable rules (pairs, prefixes that depend on others) come after. */
const environmentSchema = z.object({
  OPENAI_API_KEY: optionalText,
  OPENAI_BASE_URL: optionalText.pipe(httpUrl('http://127.0.0.1:11434/v1').optional()),
  MODEL: optionalText,
  MODEL_TIMEOUT_SECONDS: optionalText.pipe(
    z.string().regex(/^\d+$/, 'must be a whole number of seconds').transform(Number).pipe(z.number().int().min(1).max(600)).optional(),
  ),
  SLACK_BOT_TOKEN: optionalText.pipe(
    z.string().startsWith('xoxb-', 'must be a bot token starting with xoxb-').optional(),
  ),
  SLACK_SIGNING_SECRET: optionalText,
  SLACK_APP_TOKEN: optionalText.pipe(
    z.string().startsWith('xapp-', 'must be an app-level token starting with xapp-').optional(),
  ),
  SLACK_TEAM_IDS: optionalText.pipe(
    z
      .string()
      .transform((v) => v.split(/[\s,]+/).filter(Boolean))
      .pipe(z.array(z.string().regex(/^[TE][A-Z0-9]{2,}$/, 'must list Slack team (T...) or enterprise (E...) ids, comma-separated')))
      .optional(),
  ),
  SLACK_APP_ID: optionalText.pipe(z.string().regex(/^A[A-Z0-9]{2,}$/, 'must be a Slack app id such as A0123ABCD').optional()),
  SLACK_API_URL: optionalText.pipe(httpUrl('https://slack.com/api/').optional()),
  SLACK_APPROVALS_CHANNEL: optionalText.pipe(
    z.string().regex(/^[CGD][A-Z0-9]{2,}$/, 'must be a Slack channel id such as C0123ABCD').optional(),
  ),
  OKTA_ORG_URL: optionalText.pipe(httpUrl('https://acme.okta.com').optional()),
  OKTA_API_TOKEN: optionalText.pipe(
    z
      .string()
      .refine((v) => !/^SSWS\s/i.test(v), 'give the token without the "SSWS " prefix')
      .refine((v) => /^00[A-Za-z0-9_-]{20,}$/.test(v), 'is not an Okta API token (they start with 00)')
      .optional(),
  ),
  OKTA_CLIENT_ID: optionalText,
  OKTA_PRIVATE_KEY: optionalText.pipe(
    z
      .string()
      .refine(
        (v) => v.includes('-----BEGIN') || v.trimStart().startsWith('{'),
        'must be a PEM private key or a JWK (JSON)',
      )
      .optional(),
  ),
  OKTA_KEY_ID: optionalText,
  OKTA_SCOPES: optionalText,
  HOST: optionalText,
  ALLOW_DEMO_ROUTES_ON_NETWORK: optionalText.pipe(z.enum(['true', 'false'], 'must be true or false').optional()),
  PORT: optionalText.pipe(
    z.string().regex(/^\d+$/, 'must be a port number').transform(Number).pipe(z.number().int().min(1).max(65535)).optional(),
  ),
  DATABASE_URL: optionalText.pipe(
    z
      .string()
      .refine((v) => /^(file:|libsql:|https?:|postgres(ql)?:\/\/)/.test(v), 'must be a file: path, a libsql:// URL or a postgres:// URL')
      .optional(),
  ),
  HELPDESK_POLICY: optionalText,
  HELPDESK_CHANNEL: optionalText.pipe(
    z
      .string()
      .regex(/^(#?[a-z0-9][a-z0-9_-]{0,79}|[CG][A-Z0-9]{2,})$/, 'must be a Slack channel name such as #it-help or a channel id such as C0123ABCD')
      .optional(),
  ),
  AUDIT_TOKEN: optionalText.pipe(z.string().min(16, 'must be at least 16 characters').optional()),
  MASTRA_API_TOKEN: optionalText.pipe(z.string().min(16, 'must be at least 16 characters').optional()),
  OKTA_ISSUER: optionalText.pipe(httpUrl('https://acme.okta.com/oauth2/default').optional()),
  OKTA_AUDIENCE: optionalText,
  OKTA_SSO_CLIENT_ID: optionalText,
  OKTA_SSO_CLIENT_SECRET: optionalText,
  SSO_ALLOWED_GROUPS: optionalText.pipe(
    z.string().transform((v) => v.split(',').map((group) => group.trim()).filter(Boolean)).pipe(z.array(z.string()).min(1, 'must name at least one Okta group')).optional(),
  ),
  SESSION_SECRET: optionalText.pipe(z.string().min(32, 'must be at least 32 characters (e.g. openssl rand -hex 32)').optional()),
  DEV_REQUESTER_EMAIL: optionalText,
  LOG_LEVEL: optionalText.pipe(z.enum(['debug', 'info', 'warn', 'error']).optional()),
});

type Environment = z.infer<typeof environmentSchema>;
/** The well-formed values, and whether a variable was set at all (well-formed or not). */
type Variables = { e: Environment; given: (key: keyof Environment) => boolean };

/**
 * Each variable parsed on its own, so one malformed value does not hide the others, and the
 * cross-variable rules still run: a malformed variable counts as given, never as missing.
 */
function parseVariables(env: Record<string, string | undefined>, problems: string[]): Variables {
  const values: Record<string, unknown> = {};
  const malformed = new Set<string>();
  for (const [key, schema] of Object.entries(environmentSchema.shape)) {
    const result = schema.safeParse(env[key]);
    if (result.success) values[key] = result.data;
    else {
      malformed.add(key);
      problems.push(...result.error.issues.map((issue) => `${key}: ${issue.message}`));
    }
  }
  const e = values as Environment;
  return { e, given: (key) => e[key] !== undefined || malformed.has(key) };
}

/** Parses a set of variables (process.env in production, a literal object in tests). */
export function parseConfig(env: Record<string, string | undefined>, projectRoot = findProjectRoot()): Config {
  const problems: string[] = [];
  const vars = parseVariables(env, problems);
  const { e } = vars;
  const okta = oktaSettings(vars, problems);
  const host = e.HOST ?? '127.0.0.1';
  const config: Config = {
    projectRoot,
    port: e.PORT ?? 4111,
    host,
    demoRoutesOnNetwork: false,
    databaseUrl: resolveDatabaseUrl(e.DATABASE_URL ?? 'file:./data/helpdesk.db', projectRoot),
    model: modelSettings(vars, problems),
    slack: slackSettings(vars, problems, okta.mode),
    okta,
    policyFile: e.HELPDESK_POLICY && resolvePath(e.HELPDESK_POLICY, projectRoot),
    helpdeskChannel: e.HELPDESK_CHANNEL,
    auditToken: e.AUDIT_TOKEN,
    mastraApiToken: e.MASTRA_API_TOKEN,
    mcp: { issuer: e.OKTA_ISSUER?.replace(/\/+$/, ''), audience: e.OKTA_AUDIENCE ?? 'api://default' },
    sso: ssoSettings(vars, problems, okta.mode),
    logLevel: e.LOG_LEVEL ?? 'info',
  };
  if (vars.given('DEV_REQUESTER_EMAIL')) {
    problems.push('DEV_REQUESTER_EMAIL is no longer used: Studio and /api now sign in through Okta (with the demo org, pick a person on its sign-in page); unset it');
  }
  if (config.slack.mode === 'console' && !isLoopback(host)) {
    if (e.ALLOW_DEMO_ROUTES_ON_NETWORK === 'true') config.demoRoutesOnNetwork = true;
    else {
      problems.push(
        `HOST=${host} is not a loopback address, and the local Slack console would be reachable from the network: anyone who reaches it can post and click as any demo person. ` +
          'Use HOST=127.0.0.1, configure Slack (SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET), or set ALLOW_DEMO_ROUTES_ON_NETWORK=true to expose the demo knowingly',
      );
    }
  }
  if (config.policyFile && !existsSync(config.policyFile)) {
    problems.push(`HELPDESK_POLICY names a file that does not exist: ${config.policyFile}`);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

/** Every secret value this configuration holds, so the audit log can refuse to store any of them. */
export function configuredSecrets(config: Config): string[] {
  const { slack, okta, model } = config;
  return [
    slack.mode === 'live' ? [slack.botToken, slack.signingSecret] : [],
    slack.mode === 'socket' ? [slack.botToken, slack.appToken] : [],
    okta.mode === 'live' ? (okta.auth.kind === 'token' ? [okta.auth.token] : [okta.auth.privateKey]) : [],
    model.mode === 'openai' ? [model.apiKey] : [],
    [config.auditToken ?? '', config.mastraApiToken ?? '', config.sso.clientSecret ?? '', config.sso.sessionSecret ?? ''],
  ]
    .flat()
    .filter(Boolean);
}

/** Production entry: `.env` at the project root (if any) under the real environment, then parse. */
export function loadConfig(): Config {
  const projectRoot = findProjectRoot();
  loadDotenv({ path: join(projectRoot, '.env'), quiet: true });
  return parseConfig(process.env, projectRoot);
}

function modelSettings({ e, given }: Variables, problems: string[]): ModelSettings {
  const modelId = e.MODEL ?? 'gpt-4o-mini';
  const timeoutMs = (e.MODEL_TIMEOUT_SECONDS ?? 30) * 1000;
  if (!e.OPENAI_API_KEY) {
    if (given('OPENAI_BASE_URL')) problems.push('OPENAI_BASE_URL is set but OPENAI_API_KEY is missing (use any placeholder for servers without keys)');
    return { mode: 'offline', modelId, timeoutMs };
  }
  if (!given('OPENAI_BASE_URL') && !e.OPENAI_API_KEY.startsWith('sk-')) {
    problems.push('OPENAI_API_KEY is not an OpenAI key (they start with sk-); set OPENAI_BASE_URL for other servers');
  }
  return { mode: 'openai', modelId, apiKey: e.OPENAI_API_KEY, baseURL: e.OPENAI_BASE_URL, timeoutMs };
}

const DEFAULT_SSO_GROUPS = ['IT-Admins', 'Helpdesk'];
/** The demo org's public (PKCE) client for Studio sign-in. */
export const DEMO_SSO_CLIENT_ID = 'helpdesk-studio';

function ssoSettings({ e, given }: Variables, problems: string[], oktaMode: OktaSettings['mode']): SsoSettings {
  const allowedGroups = e.SSO_ALLOWED_GROUPS ?? DEFAULT_SSO_GROUPS;
  const clientId = e.OKTA_SSO_CLIENT_ID ?? (oktaMode === 'demo' ? DEMO_SSO_CLIENT_ID : undefined);
  if (!clientId && (given('OKTA_SSO_CLIENT_SECRET') || given('SESSION_SECRET'))) problems.push('OKTA_SSO_CLIENT_ID is missing (OKTA_SSO_CLIENT_SECRET or SESSION_SECRET is set)');
  if (oktaMode === 'live' && given('OKTA_SSO_CLIENT_ID') && !given('SESSION_SECRET')) {
    problems.push('SESSION_SECRET is required with OKTA_SSO_CLIENT_ID: it encrypts the Studio session cookie (32+ random characters, the same on every instance)');
  }
  return { clientId, clientSecret: e.OKTA_SSO_CLIENT_SECRET, allowedGroups, sessionSecret: e.SESSION_SECRET };
}

function slackSettings({ e, given }: Variables, problems: string[], oktaMode: OktaSettings['mode']): SlackSettings {
  if (!given('SLACK_BOT_TOKEN') && !given('SLACK_SIGNING_SECRET') && !given('SLACK_APP_TOKEN')) {
    if (given('SLACK_API_URL')) problems.push('SLACK_API_URL is set but SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET are missing');
    return oktaMode === 'live' ? { mode: 'off' } : { mode: 'console', approvalsChannel: e.SLACK_APPROVALS_CHANNEL };
  }
  const apiUrl = e.SLACK_API_URL ?? 'https://slack.com/api/';
  const common = {
    botToken: e.SLACK_BOT_TOKEN ?? '',
    apiUrl: apiUrl.endsWith('/') ? apiUrl : `${apiUrl}/`,
    approvalsChannel: e.SLACK_APPROVALS_CHANNEL,
    teamIds: e.SLACK_TEAM_IDS,
    appId: e.SLACK_APP_ID,
  };
  if (given('SLACK_APP_TOKEN')) {
    if (!given('SLACK_BOT_TOKEN')) problems.push('SLACK_BOT_TOKEN is missing (SLACK_APP_TOKEN is set)');
    return { mode: 'socket', ...common, appToken: e.SLACK_APP_TOKEN ?? '' };
  }
  if (!given('SLACK_BOT_TOKEN')) problems.push('SLACK_BOT_TOKEN is missing (SLACK_SIGNING_SECRET is set)');
  if (!given('SLACK_SIGNING_SECRET')) problems.push('SLACK_SIGNING_SECRET is missing (SLACK_BOT_TOKEN is set)');
  return { mode: 'live', ...common, signingSecret: e.SLACK_SIGNING_SECRET ?? '' };
}

function oktaSettings({ e, given }: Variables, problems: string[]): OktaSettings {
  const oauthKeys = ['OKTA_CLIENT_ID', 'OKTA_PRIVATE_KEY'] as const;
  const anyOauth = [...oauthKeys, 'OKTA_KEY_ID' as const, 'OKTA_SCOPES' as const].some(given);
  if (!given('OKTA_ORG_URL')) {
    if (given('OKTA_API_TOKEN') || anyOauth) problems.push('OKTA_ORG_URL is missing (Okta credentials are set)');
    return { mode: 'demo' };
  }
  // A malformed OKTA_ORG_URL has been reported; the other Okta settings are still checked.
  const orgUrl = (e.OKTA_ORG_URL ?? '').replace(/\/+$/, '');
  if (given('OKTA_API_TOKEN') && anyOauth) {
    problems.push('OKTA_API_TOKEN and OKTA_CLIENT_ID/OKTA_PRIVATE_KEY are both set: choose one way to authenticate');
  }
  if (given('OKTA_API_TOKEN')) return { mode: 'live', orgUrl, auth: { kind: 'token', token: e.OKTA_API_TOKEN ?? '' } };
  if (!anyOauth) {
    problems.push('OKTA_API_TOKEN is missing (or set OKTA_CLIENT_ID and OKTA_PRIVATE_KEY for a service app)');
    return { mode: 'live', orgUrl, auth: { kind: 'token', token: '' } };
  }
  for (const name of oauthKeys) {
    if (!given(name)) problems.push(`${name} is missing (the other OAuth 2.0 service-app settings are set)`);
  }
  const scopes = e.OKTA_SCOPES ? e.OKTA_SCOPES.split(/[\s,]+/).filter(Boolean) : DEFAULT_OKTA_SCOPES;
  if (scopes.some((scope) => !scope.startsWith('okta.'))) problems.push('OKTA_SCOPES must list okta.* scopes');
  return {
    mode: 'live',
    orgUrl,
    auth: {
      kind: 'privateKey',
      clientId: e.OKTA_CLIENT_ID ?? '',
      privateKey: (e.OKTA_PRIVATE_KEY ?? '').replace(/\\n/g, '\n'),
      keyId: e.OKTA_KEY_ID,
      scopes,
    },
  };
}

/** 127.0.0.0/8, ::1 and localhost: only this machine can connect. */
export function isLoopback(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  return bare === 'localhost' || bare === '::1' || /^127(\.\d{1,3}){3}$/.test(bare);
}

function resolveDatabaseUrl(url: string, projectRoot: string): string {
  if (!url.startsWith('file:')) return url;
  return `file:${resolvePath(url.slice('file:'.length), projectRoot)}`;
}

function resolvePath(path: string, projectRoot: string): string {
  return isAbsolute(path) ? path : resolve(projectRoot, path);
}

/**
 * The folder holding this project's package.json. `mastra dev` runs with its working directory in
 * src/mastra/public and bundles the code elsewhere, so neither `./` nor import.meta.url is reliable.
 */
export function findProjectRoot(start = process.cwd()): string {
  for (let dir = resolve(start); ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && readFileSync(manifest, 'utf8').includes(`"name": "${PROJECT_NAME}"`)) return dir;
    if (dirname(dir) === dir) return resolve(start);
  }
}
