// Test helpers for Slack: signed /slack/events and /slack/interactions requests, event and click
// builders with fixed ids seeded from the real payloads in tests/fixtures/slack, an msw fake of the
// Web API that records every call (method + form fields), and a logger that records what was logged.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { noopLogger, type IMastraLogger } from '@mastra/core/logger';
import { http, HttpResponse, type HttpHandler } from 'msw';
import { computeSlackSignature } from '../../src/slack/signature.js';
import type { HelpdeskAnswer } from '../../src/slack/types.js';

export const SIGNING_SECRET = 'test-signing-secret-8f742231b10e8888';
export const BOT_TOKEN = 'xoxb-test-token-not-real';
export const SLACK_API_URL = 'https://slack.test/api/';
/** The pinned clock of route tests: 2026-11-01T12:00:00Z. */
export const NOW_MS = Date.UTC(2026, 10, 1, 12, 0, 0);
export const NOW_SECONDS = Math.floor(NOW_MS / 1000);

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'slack');

export type EventFixture = { origin: string; notes?: string[]; body: Record<string, unknown> };

/** Every Events API payload file (retry-headers.json is metadata, not a payload). */
export function eventFixtureNames(): string[] {
  return readdirSync(join(FIXTURES, 'events'))
    .filter((name) => name.endsWith('.json') && name !== 'retry-headers.json')
    .sort();
}

export function eventFixture(name: string): EventFixture {
  return JSON.parse(readFileSync(join(FIXTURES, 'events', name), 'utf8')) as EventFixture;
}

export type WebApiFixture = { status: number; headers: Record<string, string>; body: Record<string, unknown> };

export function webApiFixture(name: string): WebApiFixture {
  return JSON.parse(readFileSync(join(FIXTURES, 'web-api', name), 'utf8')) as WebApiFixture;
}

/** Fixed ids used by the builders (from message_im.real.json: a real DM to a real bot). */
export const IDS = {
  team: 'T043DB835ML',
  app: 'A0442TUPHGR',
  bot: 'U0442US8QGH',
  user: 'U043H11ES4V',
  dm: 'D0442US94JD',
  channel: 'C07KH38CR5E',
} as const;

/** The bot id auth.test answers with (bots.info maps it to IDS.app). */
export const BOT_ID = 'B0442US8QGH';

/** The workspace the builders' envelopes and the fake's people belong to. */
export const WORKSPACE = { teamIds: [IDS.team], appId: IDS.app } as const;

export type EventOptions = {
  eventId?: string;
  text?: string;
  user?: string;
  channel?: string;
  ts?: string;
  threadTs?: string;
  extra?: Record<string, unknown>;
};

/** A human DM (message.im), the real capture with fixed ids and the given overrides. */
export function dmEvent(options: EventOptions = {}): Record<string, unknown> {
  const base = structuredClone(eventFixture('message_im.real.json').body);
  const event = base.event as Record<string, unknown>;
  const ts = options.ts ?? '1664408649.009629';
  Object.assign(event, {
    text: options.text ?? 'I forgot my password',
    user: options.user ?? IDS.user,
    channel: options.channel ?? IDS.dm,
    ts,
    event_ts: ts,
    ...(options.threadTs ? { thread_ts: options.threadTs } : {}),
    ...options.extra,
  });
  delete event.blocks;
  base.event_id = options.eventId ?? 'Ev0000000001';
  return base;
}

/** An app_mention in a channel, same envelope as dmEvent. */
export function mentionEvent(options: EventOptions = {}): Record<string, unknown> {
  const ts = options.ts ?? '1664408700.000100';
  const base = dmEvent({ ...options, ts, channel: options.channel ?? IDS.channel });
  const event = base.event as Record<string, unknown>;
  event.type = 'app_mention';
  event.text = options.text ?? `<@${IDS.bot}> why can't I log in?`;
  delete event.channel_type;
  delete event.client_msg_id;
  return base;
}

export type SignOptions = {
  secret?: string;
  timestamp?: string | number;
  /** Replaces the computed signature (null: header omitted). */
  signature?: string | null;
  headers?: Record<string, string>;
};

/** A POST /slack/events request signed over exactly the bytes it carries. */
export function signedEventRequest(body: string | Record<string, unknown>, options: SignOptions = {}): Request {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  return signedRequest('/slack/events', 'application/json', raw, options);
}

/** A POST /slack/interactions request: `payload=<JSON>` form-encoded, signed over those bytes. */
export function signedInteractionRequest(payload: string | Record<string, unknown>, options: SignOptions = {}): Request {
  const raw = typeof payload === 'string' ? payload : new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  return signedRequest('/slack/interactions', 'application/x-www-form-urlencoded', raw, options);
}

function signedRequest(path: string, contentType: string, raw: string, options: SignOptions): Request {
  const timestamp = String(options.timestamp ?? NOW_SECONDS);
  const signature =
    options.signature === undefined ? computeSlackSignature(options.secret ?? SIGNING_SECRET, timestamp, raw) : options.signature;
  const headers: Record<string, string> = {
    'content-type': contentType,
    'x-slack-request-timestamp': timestamp,
    ...(signature === null ? {} : { 'x-slack-signature': signature }),
    ...options.headers,
  };
  return new Request(`http://localhost${path}`, { method: 'POST', headers, body: raw });
}

export type ClickOptions = { user: string; actionId: string; value: string; channel: string; messageTs: string; blocks?: unknown[] };

/** A block_actions click on a button of a message the bot posted (the real bolt-python capture, our ids). */
export function blockActionsPayload(options: ClickOptions): Record<string, unknown> {
  const fixture = JSON.parse(readFileSync(join(FIXTURES, 'interactions', 'block_actions_button_in_bot_message.bolt-python.json'), 'utf8')) as {
    payload: Record<string, unknown> & { message: Record<string, unknown>; actions: Array<Record<string, unknown>> };
  };
  const payload = structuredClone(fixture.payload);
  payload.user = { id: options.user };
  payload.team = { id: IDS.team };
  payload.api_app_id = IDS.app;
  payload.container = { type: 'message', message_ts: options.messageTs, channel_id: options.channel, is_ephemeral: false };
  payload.channel = { id: options.channel };
  payload.message = { ...payload.message, ts: options.messageTs, blocks: options.blocks ?? [] };
  payload.actions = [{ ...payload.actions[0], action_id: options.actionId, value: options.value }];
  return payload;
}

/** An answer with nothing to click and no link: what most turns return. */
export function textAnswer(text: string, extra: Partial<HelpdeskAnswer> = {}): HelpdeskAnswer {
  return { text, resetLinkReferences: [], pendingActionIds: [], ownerNotices: [], ...extra };
}

/** Desk, pending store and vault for front doors whose tests never show a card or a link. */
export const NO_CARDS = {
  desk: {
    click: async () => ({ kind: 'refused', message: 'no desk in this test' }) as const,
    approverEmails: async () => [],
    recoverInterrupted: async () => [],
    awaitVerification: async () => undefined,
    verificationsToResume: async () => [],
  },
  pending: { get: async () => undefined, addCard: async () => undefined },
  resetLinks: { take: () => undefined },
};

/** One Web API call as Slack received it: the method and the decoded form fields. */
export type SlackCall = { method: string; params: Record<string, string>; authorization: string | null };

type Reply = (params: Record<string, string>, call: number) => Response | Promise<Response>;

export const okJson = (body: Record<string, unknown>, init: ResponseInit = {}) =>
  HttpResponse.json({ ok: true, ...body }, init);
export const slackError = (error: string) => HttpResponse.json({ ok: false, error });

/**
 * An msw fake of the Slack Web API at SLACK_API_URL. Known users get an email; chat.postMessage
 * returns increasing ts values. `reply(method, fn)` overrides one method; calls are recorded.
 */
export function createSlackFake() {
  const calls: SlackCall[] = [];
  const counts = new Map<string, number>();
  const overrides = new Map<string, Reply>();
  const users = new Map<string, Record<string, unknown>>([
    [IDS.user, { id: IDS.user, team_id: IDS.team, is_bot: false, deleted: false, is_restricted: false, is_ultra_restricted: false, profile: { email: 'Egon.Spengler@ghostbusters.example.com' } }],
  ]);
  let nextTs = 1;

  const defaults: Record<string, Reply> = {
    'auth.test': () => okJson({ team_id: IDS.team, user_id: IDS.bot, bot_id: BOT_ID }),
    'bots.info': (params) => okJson({ bot: { id: params.bot, app_id: params.bot === BOT_ID ? IDS.app : 'A0SOMEONE1', user_id: IDS.bot } }),
    'chat.postMessage': (params) => okJson({ channel: params.channel, ts: `1700000000.${String(nextTs++).padStart(6, '0')}` }),
    'reactions.add': () => okJson({}),
    'reactions.remove': () => okJson({}),
    'users.info': (params) => {
      const user = users.get(params.user ?? '');
      return user ? okJson({ user }) : slackError('user_not_found');
    },
    'users.lookupByEmail': (params) => {
      const wanted = (params.email ?? '').toLowerCase();
      const user = [...users.values()].find((u) => String((u.profile as { email?: string } | undefined)?.email ?? '').toLowerCase() === wanted);
      return user ? okJson({ user }) : slackError('users_not_found');
    },
    'conversations.open': (params) => okJson({ channel: { id: dmChannelOf(params.users ?? '') } }),
    'chat.update': (params) => okJson({ channel: params.channel, ts: params.ts, text: params.text }),
    'chat.postEphemeral': () => okJson({ message_ts: `1700000000.${String(nextTs++).padStart(6, '0')}` }),
  };

  const handler: HttpHandler = http.post(`${SLACK_API_URL}:method`, async ({ request, params }) => {
    const method = String(params.method);
    const form = new URLSearchParams(await request.text());
    const fields = Object.fromEntries(form);
    calls.push({ method, params: fields, authorization: request.headers.get('authorization') });
    const count = (counts.get(method) ?? 0) + 1;
    counts.set(method, count);
    const reply = overrides.get(method) ?? defaults[method];
    if (!reply) return slackError('unknown_method');
    return reply(fields, count);
  });

  return {
    handlers: [handler],
    calls,
    users,
    reply(method: string, fn: Reply) {
      overrides.set(method, fn);
    },
    /** Calls of one method, in order. */
    of(method: string): Array<Record<string, string>> {
      return calls.filter((call) => call.method === method).map((call) => call.params);
    },
    /** What was posted: channel, thread_ts and text of each chat.postMessage. */
    posts(): Array<{ channel?: string; thread_ts?: string; text?: string }> {
      return calls
        .filter((call) => call.method === 'chat.postMessage')
        .map(({ params }) => ({ channel: params.channel, thread_ts: params.thread_ts, text: params.text }));
    },
    reset() {
      calls.length = 0;
      counts.clear();
      overrides.clear();
      nextTs = 1;
    },
  };
}

export type SlackFake = ReturnType<typeof createSlackFake>;

/** The fake's DM channel with a user (what conversations.open returns for them). */
export function dmChannelOf(userId: string): string {
  return `D${userId.replace(/^U/, '')}`;
}

export type LogRecord = { level: 'debug' | 'info' | 'warn' | 'error'; message: string; args: unknown[] };

/** A Mastra logger that keeps every record, to assert what is (and is not) logged. */
export function createRecordingLogger(): IMastraLogger & { records: LogRecord[] } {
  const records: LogRecord[] = [];
  const at =
    (level: LogRecord['level']) =>
    (message: string, ...args: unknown[]) => {
      records.push({ level, message, args });
    };
  return Object.assign(Object.create(noopLogger) as IMastraLogger, {
    ...noopLogger,
    records,
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
  });
}

/** A promise with its resolve/reject exposed, to hold a fake agent turn open. */
export function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
