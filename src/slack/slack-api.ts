// The Slack Web API calls the bot makes (post, update and ephemeral messages, reactions, a user's
// email (full members of our workspace only), a user by email, opening a DM, and the startup auth.test/bots.info),
// with bounded timeouts and retries, Retry-After honoured on 429, and errors logged with the
// channel id instead of crashing. Nothing here logs message text or tokens.
import type { IMastraLogger } from '@mastra/core/logger';
import { LogLevel, WebClient, type Logger as SlackLogger } from '@slack/web-api';
import { memberProblemOf, type SlackWorkspace } from './workspace.js';

export type SlackClientSettings = { botToken: string; apiUrl: string; timeoutMs?: number };

/** A WebClient with a request timeout and no hidden retries (this module retries deliberately). */
export function createSlackClient(settings: SlackClientSettings, logger: IMastraLogger): WebClient {
  return new WebClient(settings.botToken, {
    slackApiUrl: settings.apiUrl,
    timeout: settings.timeoutMs ?? 10_000,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    // Resolve fetch per call so test interceptors installed after construction still apply.
    fetch: (url, init) => globalThis.fetch(url, init),
    logger: slackLoggerFor(logger),
    logLevel: LogLevel.WARN,
  });
}

export type PostResult = { ok: true; ts: string } | { ok: false; error: string };

export type SendResult = { ok: true } | { ok: false; error: string };

export type UserByEmail = { ok: true; userId: string } | { ok: false; reason: 'not_in_slack' | `slack_error:${string}` };

export type DirectMessageChannel = { ok: true; channel: string } | { ok: false; error: string };

export type EmailLookup =
  | { ok: true; email: string }
  | { ok: false; reason: 'no_email' | 'bot' | 'deleted' | 'user_not_found' | 'missing_scope' | 'guest' | 'external' | `slack_error:${string}` };

export const SLACK_UNAVAILABLE = "I couldn't check who you are with Slack just now, so nothing was changed. Please try again in a minute.";

export const NOT_A_MEMBER =
  "Sorry, I can only help full members of this company's Slack workspace, not guest or external accounts, so nothing was changed; please contact IT directly.";

/** The sentence for a failed email lookup: Slack could not be asked, a guest or outsider, or the caller's no-email sentence. */
export function identitySentence(lookup: Extract<EmailLookup, { ok: false }>, noEmail: string): string {
  if (lookup.reason === 'guest' || lookup.reason === 'external') return NOT_A_MEMBER;
  return lookup.reason.startsWith('slack_error:') ? SLACK_UNAVAILABLE : noEmail;
}

export type SlackApi = {
  postReply(message: { channel: string; threadTs: string; text: string; blocks?: unknown[] }): Promise<PostResult>;
  /** chat.postMessage to a channel or DM, in a thread only when `threadTs` is given. Never unfurls. */
  postMessage(message: { channel: string; threadTs?: string; text: string; blocks?: unknown[] }): Promise<PostResult>;
  /** chat.update: replaces a message the bot posted. */
  updateMessage(message: { channel: string; ts: string; text: string; blocks: unknown[] }): Promise<SendResult>;
  /** chat.postEphemeral: seen only by `user`, in `channel`. */
  postEphemeral(message: { channel: string; user: string; text: string }): Promise<SendResult>;
  /** users.lookupByEmail; `not_in_slack` when nobody (or only a bot, a deactivated user, a guest or an outsider) has it. */
  findUserByEmail(email: string): Promise<UserByEmail>;
  /** conversations.open with one user: the bot's DM channel with them. */
  openDirectMessage(userId: string): Promise<DirectMessageChannel>;
  /** Best effort: failures are logged, never thrown. */
  addReaction(channel: string, ts: string, name: string): Promise<void>;
  removeReaction(channel: string, ts: string, name: string): Promise<void>;
  /**
   * users.info -> profile.email of a full member of our workspace; successes are cached for
   * `emailTtlMs`. `fresh` skips the cache: a click that changes an account checks who clicks now
   * (a member turned guest a minute ago must not confirm on the strength of a cached answer).
   */
  lookupEmail(userId: string, options?: { fresh?: boolean }): Promise<EmailLookup>;
};

export type SlackApiOptions = {
  client: WebClient;
  /** Whose people may be served: guests and people of other teams are refused. */
  workspace: SlackWorkspace;
  logger: IMastraLogger;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  emailTtlMs?: number;
  emailCacheSize?: number;
  /** How many times a 429 is waited out before giving up. */
  rateLimitRetries?: number;
  /** A Retry-After longer than this is not waited for: the call fails instead. */
  maxRetryAfterSeconds?: number;
};

/** Error codes that mean the app's configuration is wrong; logged at error level with the channel. */
const CONFIGURATION_ERRORS = new Set(['invalid_auth', 'not_authed', 'account_inactive', 'token_revoked', 'token_expired', 'channel_not_found', 'not_in_channel', 'missing_scope', 'is_archived']);

export function createSlackApi(options: SlackApiOptions): SlackApi {
  const { client, logger } = options;
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((done) => setTimeout(done, ms)));
  const rateLimitRetries = options.rateLimitRetries ?? 3;
  const maxRetryAfter = options.maxRetryAfterSeconds ?? 120;
  const emailTtl = options.emailTtlMs ?? 5 * 60_000;
  const emailCacheSize = options.emailCacheSize ?? 1000;
  const emails = new Map<string, { email: string; expires: number }>();

  /** Runs a call, waiting out 429s (Retry-After); `idempotent` calls also get one retry on a network error. */
  async function call<T>(method: string, idempotent: boolean, run: () => Promise<T>): Promise<T> {
    let networkRetries = idempotent ? 1 : 0;
    for (let rateLimited = 0; ; ) {
      try {
        return await run();
      } catch (error) {
        const retryAfter = rateLimitOf(error);
        if (retryAfter !== undefined && rateLimited < rateLimitRetries && retryAfter <= maxRetryAfter) {
          rateLimited += 1;
          logger.warn('Slack rate-limited a call; waiting for Retry-After', { method, retryAfterSeconds: retryAfter });
          await sleep(retryAfter * 1000);
          continue;
        }
        if (errorCodeOf(error) === 'request_error' && networkRetries > 0) {
          networkRetries -= 1;
          continue;
        }
        throw error;
      }
    }
  }

  function report(method: string, error: unknown, channel?: string): string {
    const code = errorCodeOf(error);
    const level = CONFIGURATION_ERRORS.has(code) ? 'error' : 'warn';
    logger[level](`Slack ${method} failed`, { method, error: code, channel });
    return code;
  }

  async function postMessage({ channel, threadTs, text, blocks }: { channel: string; threadTs?: string; text: string; blocks?: unknown[] }): Promise<PostResult> {
    try {
      // No unfurling: Slack must never fetch a link we post (a reset link works once).
      const result = await call('chat.postMessage', false, () =>
        client.chat.postMessage({
          channel,
          text,
          ...(threadTs ? { thread_ts: threadTs } : {}),
          ...(blocks ? { blocks: blocks as never } : {}),
          unfurl_links: false,
          unfurl_media: false,
        }),
      );
      return { ok: true, ts: String(result.ts ?? '') };
    } catch (error) {
      return { ok: false, error: report('chat.postMessage', error, channel) };
    }
  }

  return {
    postReply: postMessage,
    postMessage,
    async updateMessage({ channel, ts, text, blocks }) {
      try {
        await call('chat.update', true, () => client.chat.update({ channel, ts, text, blocks: blocks as never }));
        return { ok: true };
      } catch (error) {
        return { ok: false, error: report('chat.update', error, channel) };
      }
    },
    async postEphemeral({ channel, user, text }) {
      try {
        await call('chat.postEphemeral', false, () => client.chat.postEphemeral({ channel, user, text }));
        return { ok: true };
      } catch (error) {
        return { ok: false, error: report('chat.postEphemeral', error, channel) };
      }
    },
    async findUserByEmail(email) {
      try {
        const { user } = await call('users.lookupByEmail', true, () => client.users.lookupByEmail({ email }));
        if (!user?.id || user.is_bot || user.deleted || memberProblemOf(options.workspace, user)) return { ok: false, reason: 'not_in_slack' };
        return { ok: true, userId: user.id };
      } catch (error) {
        if (errorCodeOf(error) === 'users_not_found') return { ok: false, reason: 'not_in_slack' };
        return { ok: false, reason: `slack_error:${report('users.lookupByEmail', error)}` };
      }
    },
    async openDirectMessage(userId) {
      try {
        const result = await call('conversations.open', true, () => client.conversations.open({ users: userId }));
        const channel = result.channel?.id;
        return channel ? { ok: true, channel } : { ok: false, error: 'no_channel' };
      } catch (error) {
        return { ok: false, error: report('conversations.open', error) };
      }
    },
    async addReaction(channel, ts, name) {
      try {
        await call('reactions.add', true, () => client.reactions.add({ channel, timestamp: ts, name }));
      } catch (error) {
        if (errorCodeOf(error) !== 'already_reacted') report('reactions.add', error, channel);
      }
    },
    async removeReaction(channel, ts, name) {
      try {
        await call('reactions.remove', true, () => client.reactions.remove({ channel, timestamp: ts, name }));
      } catch (error) {
        if (errorCodeOf(error) !== 'no_reaction') report('reactions.remove', error, channel);
      }
    },
    async lookupEmail(userId, { fresh = false } = {}) {
      const cached = emails.get(userId);
      if (cached && cached.expires > now() && !fresh) {
        emails.delete(userId);
        emails.set(userId, cached);
        return { ok: true, email: cached.email };
      }
      emails.delete(userId);
      let user;
      try {
        user = (await call('users.info', true, () => client.users.info({ user: userId }))).user;
      } catch (error) {
        const code = report('users.info', error);
        if (code === 'user_not_found' || code === 'missing_scope') return { ok: false, reason: code };
        return { ok: false, reason: `slack_error:${code}` };
      }
      if (!user) return { ok: false, reason: 'user_not_found' };
      if (user.is_bot || user.id === 'USLACKBOT') return { ok: false, reason: 'bot' };
      if (user.deleted) return { ok: false, reason: 'deleted' };
      const problem = memberProblemOf(options.workspace, user);
      if (problem) return { ok: false, reason: problem };
      const email = user.profile?.email?.trim().toLowerCase();
      if (!email) return { ok: false, reason: 'no_email' };
      emails.set(userId, { email, expires: now() + emailTtl });
      while (emails.size > emailCacheSize) {
        const oldest = emails.keys().next().value;
        if (oldest === undefined) break;
        emails.delete(oldest);
      }
      return { ok: true, email };
    },
  };
}

export class SlackWorkspaceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SlackWorkspaceError';
  }
}

/**
 * The ids this deployment serves: the configured ones, completed at startup from auth.test (team,
 * enterprise) and bots.info (app) when unset. Failing to learn them stops startup: never "anyone".
 */
export async function resolveSlackWorkspace(client: WebClient, configured: { teamIds?: readonly string[]; appId?: string }): Promise<SlackWorkspace> {
  if (configured.teamIds?.length && configured.appId) return { teamIds: configured.teamIds, appId: configured.appId };
  const fail = (what: string, error?: unknown): never => {
    const code = error === undefined ? '' : ` (${errorCodeOf(error)})`;
    throw new SlackWorkspaceError(`Could not learn this app's ${what} from Slack${code}: set SLACK_TEAM_IDS and SLACK_APP_ID, or check SLACK_BOT_TOKEN`);
  };
  const auth = await client.auth.test().catch((error: unknown) => fail('workspace', error));
  const learned = [auth.team_id, auth.enterprise_id].filter((id): id is string => Boolean(id));
  const teamIds = configured.teamIds?.length ? configured.teamIds : learned;
  if (teamIds.length === 0) fail('workspace');
  let appId = configured.appId;
  if (!appId) {
    const botId = auth.bot_id ?? fail('app id');
    const bot = await client.bots.info({ bot: botId }).catch((error: unknown) => fail('app id', error));
    appId = bot.bot?.app_id ?? fail('app id');
  }
  return { teamIds, appId };
}

/** Slack's error code (`channel_not_found`, ...), or a short name for transport failures. Never the message. */
export function errorCodeOf(error: unknown): string {
  if (typeof error !== 'object' || error === null) return 'unknown_error';
  const e = error as { code?: unknown; data?: { error?: unknown }; statusCode?: unknown };
  if (e.code === 'slack_webapi_platform_error' && typeof e.data?.error === 'string') return e.data.error;
  if (e.code === 'slack_webapi_rate_limited_error') return 'ratelimited';
  if (e.code === 'slack_webapi_http_error') return `http_${String(e.statusCode)}`;
  if (e.code === 'slack_webapi_request_error') return 'request_error';
  return error instanceof Error ? error.name : 'unknown_error';
}

function rateLimitOf(error: unknown): number | undefined {
  const e = error as { code?: unknown; retryAfter?: unknown } | null;
  return e?.code === 'slack_webapi_rate_limited_error' && typeof e.retryAfter === 'number' ? e.retryAfter : undefined;
}

/** Routes a Slack SDK client's own logging into the Mastra logger (warn and above only: debug lines carry payloads). */
export function slackLoggerFor(logger: IMastraLogger, source = '@slack/web-api'): SlackLogger {
  let level = LogLevel.WARN;
  const text = (parts: unknown[]) => parts.map((part) => (typeof part === 'string' ? part : String(part))).join(' ');
  return {
    debug: () => undefined,
    info: () => undefined,
    warn: (...parts: unknown[]) => logger.warn(`${source}: ${text(parts)}`),
    error: (...parts: unknown[]) => logger.error(`${source}: ${text(parts)}`),
    setLevel: (next) => {
      level = next;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}
