// The Web API wrapper against an msw fake of Slack: what is sent, 429 handling, error logging,
// the requester-email lookup and its bounded cache.
import { HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createSlackApi, createSlackClient, resolveSlackWorkspace } from '../../src/slack/slack-api.js';
import {
  BOT_ID,
  BOT_TOKEN,
  IDS,
  SLACK_API_URL,
  createRecordingLogger,
  createSlackFake,
  okJson,
  slackError,
  webApiFixture,
  WORKSPACE,
} from '../helpers/slack.js';

const fake = createSlackFake();
const server = setupServer(...fake.handlers);
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => fake.reset());
afterAll(() => server.close());

function api(options: { emailCacheSize?: number; maxRetryAfterSeconds?: number; workspace?: { teamIds: string[]; appId: string } } = {}) {
  const logger = createRecordingLogger();
  const sleeps: number[] = [];
  const clock = { ms: 1_800_000_000_000 };
  const client = createSlackClient({ botToken: BOT_TOKEN, apiUrl: SLACK_API_URL, timeoutMs: 2000 }, logger);
  const slack = createSlackApi({
    client,
    logger,
    workspace: WORKSPACE,
    now: () => clock.ms,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    emailTtlMs: 5 * 60_000,
    ...options,
  });
  return { slack, logger, sleeps, clock };
}

/** The team of the docs' users.info example. */
const DOCS_TEAM = 'T012AB3C4';

const fixtureReply = (name: string) => () => {
  const f = webApiFixture(name);
  return HttpResponse.json(f.body, { status: f.status, headers: f.headers });
};

describe('postReply', () => {
  it('posts the text in the given channel and thread with the bot token', async () => {
    const { slack } = api();
    const result = await slack.postReply({ channel: IDS.dm, threadTs: '1664408649.009629', text: 'Done.' });
    expect(result).toEqual({ ok: true, ts: '1700000000.000001' });
    expect(fake.posts()).toEqual([{ channel: IDS.dm, thread_ts: '1664408649.009629', text: 'Done.' }]);
    expect(fake.calls[0]?.authorization).toBe(`Bearer ${BOT_TOKEN}`);
  });

  it('sends blocks as JSON next to the fallback text', async () => {
    const { slack } = api();
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: 'Reset your password?' } }];
    await slack.postReply({ channel: IDS.dm, threadTs: '1.2', text: 'Reset your password?', blocks });
    expect(JSON.parse(fake.of('chat.postMessage')[0]?.blocks ?? 'null')).toEqual(blocks);
  });

  it('waits for Retry-After on a 429 and then posts once', async () => {
    const { slack, sleeps } = api();
    fake.reply('chat.postMessage', (params, call) =>
      call === 1 ? fixtureReply('ratelimited.429.json')() : okJson({ channel: params.channel, ts: '1700000000.000009' }),
    );
    const result = await slack.postReply({ channel: IDS.dm, threadTs: '1.2', text: 'hello' });
    expect(result).toEqual({ ok: true, ts: '1700000000.000009' });
    expect(sleeps).toEqual([1000]);
    expect(fake.of('chat.postMessage')).toHaveLength(2);
  });

  it('gives up instead of waiting when Retry-After is longer than allowed', async () => {
    const { slack, sleeps } = api({ maxRetryAfterSeconds: 30 });
    fake.reply('chat.postMessage', () => HttpResponse.json({ ok: false, error: 'ratelimited' }, { status: 429, headers: { 'Retry-After': '600' } }));
    expect(await slack.postReply({ channel: IDS.dm, threadTs: '1.2', text: 'hello' })).toEqual({ ok: false, error: 'ratelimited' });
    expect(sleeps).toEqual([]);
  });

  it.each([
    ['error.invalid_auth.docs.json', 'invalid_auth'],
    ['chat.postMessage.error.channel_not_found.json', 'channel_not_found'],
    ['chat.postMessage.error.not_in_channel.json', 'not_in_channel'],
  ])('reports %s as %s, logged with the channel id, without throwing', async (file, code) => {
    const { slack, logger } = api();
    fake.reply('chat.postMessage', fixtureReply(file));
    expect(await slack.postReply({ channel: 'C0NOTHERE', threadTs: '1.2', text: 'secret words' })).toEqual({ ok: false, error: code });
    expect(logger.records).toContainEqual({
      level: 'error',
      message: 'Slack chat.postMessage failed',
      args: [{ method: 'chat.postMessage', error: code, channel: 'C0NOTHERE' }],
    });
    expect(JSON.stringify(logger.records)).not.toContain('secret words');
  });

  it('does not retry a post after a network failure (it may have been delivered)', async () => {
    const { slack } = api();
    fake.reply('chat.postMessage', () => HttpResponse.error());
    expect(await slack.postReply({ channel: IDS.dm, threadTs: '1.2', text: 'x' })).toEqual({ ok: false, error: 'request_error' });
    expect(fake.of('chat.postMessage')).toHaveLength(1);
  });
});

describe('reactions', () => {
  it('adds and removes the reaction on the message, ignoring already_reacted / no_reaction', async () => {
    const { slack, logger } = api();
    fake.reply('reactions.add', () => slackError('already_reacted'));
    fake.reply('reactions.remove', () => slackError('no_reaction'));
    await slack.addReaction(IDS.dm, '1.2', 'eyes');
    await slack.removeReaction(IDS.dm, '1.2', 'eyes');
    expect(fake.of('reactions.add')).toEqual([{ channel: IDS.dm, timestamp: '1.2', name: 'eyes' }]);
    expect(fake.of('reactions.remove')).toEqual([{ channel: IDS.dm, timestamp: '1.2', name: 'eyes' }]);
    expect(logger.records.filter((r) => r.level !== 'debug')).toEqual([]);
  });

  it('never throws when reactions fail', async () => {
    const { slack, logger } = api();
    fake.reply('reactions.add', fixtureReply('error.missing_scope.java-sdk-observed.json'));
    await expect(slack.addReaction(IDS.dm, '1.2', 'eyes')).resolves.toBeUndefined();
    expect(logger.records.map((r) => r.level)).toEqual(['error']);
  });
});

describe('lookupEmail', () => {
  it('returns the lower-cased profile email and caches it for the TTL', async () => {
    const { slack, clock } = api();
    expect(await slack.lookupEmail(IDS.user)).toEqual({ ok: true, email: 'egon.spengler@ghostbusters.example.com' });
    await slack.lookupEmail(IDS.user);
    expect(fake.of('users.info')).toEqual([{ user: IDS.user }]);
    clock.ms += 5 * 60_000 + 1;
    await slack.lookupEmail(IDS.user);
    expect(fake.of('users.info')).toHaveLength(2);
  });

  it('keeps at most emailCacheSize users (least recently used goes first)', async () => {
    const { slack } = api({ emailCacheSize: 2 });
    for (const id of ['U1', 'U2', 'U3']) fake.users.set(id, { id, team_id: IDS.team, profile: { email: `${id}@acme.test` } });
    await slack.lookupEmail('U1');
    await slack.lookupEmail('U2');
    await slack.lookupEmail('U1'); // cached, now most recent
    await slack.lookupEmail('U3'); // evicts U2
    await slack.lookupEmail('U1'); // still cached
    await slack.lookupEmail('U2'); // fetched again
    expect(fake.of('users.info').map((p) => p.user)).toEqual(['U1', 'U2', 'U3', 'U2']);
  });

  it("uses the docs' users.info example", async () => {
    const { slack } = api({ workspace: { teamIds: [DOCS_TEAM], appId: IDS.app } });
    fake.reply('users.info', fixtureReply('users.info.ok.docs.json'));
    expect(await slack.lookupEmail('W012A3CDE')).toEqual({ ok: true, email: 'spengler@ghostbusters.example.com' });
  });

  it.each([
    ['user_not_found', fixtureReply('users.info.error.user_not_found.docs.json'), 'user_not_found'],
    ['missing_scope', fixtureReply('error.missing_scope.java-sdk-observed.json'), 'missing_scope'],
    ['no users:read.email scope (profile without email)', () => okJson({ user: { id: 'U9', team_id: IDS.team, profile: { real_name: 'Guest' } } }), 'no_email'],
    ['a bot user', () => okJson({ user: { id: 'U9', is_bot: true, profile: {} } }), 'bot'],
    ['a deleted user', () => okJson({ user: { id: 'U9', deleted: true, profile: { email: 'x@acme.test' } } }), 'deleted'],
    ['invalid_auth', fixtureReply('error.invalid_auth.docs.json'), 'slack_error:invalid_auth'],
  ])('reports %s without an email and caches nothing', async (_name, reply, reason) => {
    const { slack } = api();
    fake.reply('users.info', reply);
    expect(await slack.lookupEmail('U9')).toEqual({ ok: false, reason });
    await slack.lookupEmail('U9');
    expect(fake.of('users.info')).toHaveLength(2);
  });

  /** The docs' users.info member (team T012AB3C4) with the given fields changed. */
  const docsUser = (fields: Record<string, unknown>) => () => {
    const { body } = webApiFixture('users.info.ok.docs.json');
    return HttpResponse.json({ ...body, user: { ...(body.user as Record<string, unknown>), ...fields } });
  };

  it.each([
    ['a multi-channel guest', { is_restricted: true }, 'guest'],
    ['a single-channel guest', { is_restricted: true, is_ultra_restricted: true }, 'guest'],
    ['a Slack Connect stranger', { is_stranger: true }, 'external'],
    ['a person of another workspace', { team_id: 'T0OTHER01' }, 'external'],
    ['a profile without a team', { team_id: undefined }, 'external'],
  ])('refuses %s as not one of our members, and caches nothing', async (_name, fields, reason) => {
    const { slack } = api({ workspace: { teamIds: [DOCS_TEAM], appId: IDS.app } });
    fake.reply('users.info', docsUser(fields));
    expect(await slack.lookupEmail('W012A3CDE')).toEqual({ ok: false, reason });
    await slack.lookupEmail('W012A3CDE');
    expect(fake.of('users.info')).toHaveLength(2);
  });

  it('accepts an Enterprise Grid member through the enterprise id the app serves', async () => {
    const { slack } = api({ workspace: { teamIds: ['E0GRID001'], appId: IDS.app } });
    fake.reply('users.info', docsUser({ enterprise_user: { enterprise_id: 'E0GRID001' } }));
    expect(await slack.lookupEmail('W012A3CDE')).toEqual({ ok: true, email: 'spengler@ghostbusters.example.com' });
  });

  it('retries a read once after a network failure', async () => {
    const { slack } = api();
    fake.reply('users.info', (_params, call) => (call === 1 ? HttpResponse.error() : okJson({ user: { id: 'U9', team_id: IDS.team, profile: { email: 'a@acme.test' } } })));
    expect(await slack.lookupEmail('U9')).toEqual({ ok: true, email: 'a@acme.test' });
  });
});

describe('card and delivery calls', () => {
  it('posts outside a thread without thread_ts and never unfurls', async () => {
    const { slack } = api();
    await slack.postMessage({ channel: 'D0JANE', text: 'private' });
    expect(fake.of('chat.postMessage')).toEqual([{ channel: 'D0JANE', text: 'private', unfurl_links: 'false', unfurl_media: 'false' }]);
  });

  it('updates a message with its new blocks and posts an ephemeral to one user', async () => {
    const { slack } = api();
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: 'Done.' } }];
    expect(await slack.updateMessage({ channel: 'C1', ts: '1.2', text: 'Done.', blocks })).toEqual({ ok: true });
    expect(await slack.postEphemeral({ channel: 'C1', user: 'U1', text: 'Not you.' })).toEqual({ ok: true });
    expect(fake.of('chat.update')).toEqual([{ channel: 'C1', ts: '1.2', text: 'Done.', blocks: JSON.stringify(blocks) }]);
    expect(fake.of('chat.postEphemeral')).toEqual([{ channel: 'C1', user: 'U1', text: 'Not you.' }]);
  });

  it('reports a failed update and ephemeral with their error codes', async () => {
    const { slack } = api();
    fake.reply('chat.update', () => slackError('message_not_found'));
    fake.reply('chat.postEphemeral', () => slackError('user_not_in_channel'));
    expect(await slack.updateMessage({ channel: 'C1', ts: '1.2', text: 'x', blocks: [] })).toEqual({ ok: false, error: 'message_not_found' });
    expect(await slack.postEphemeral({ channel: 'C1', user: 'U1', text: 'x' })).toEqual({ ok: false, error: 'user_not_in_channel' });
  });

  it.each([
    ['users_not_found', () => slackError('users_not_found'), { ok: false, reason: 'not_in_slack' }],
    ['a bot', () => okJson({ user: { id: 'U9', is_bot: true } }), { ok: false, reason: 'not_in_slack' }],
    ['a deactivated user', () => okJson({ user: { id: 'U9', deleted: true } }), { ok: false, reason: 'not_in_slack' }],
    ['invalid_auth', () => slackError('invalid_auth'), { ok: false, reason: 'slack_error:invalid_auth' }],
    ['a guest', () => okJson({ user: { id: 'U9', team_id: IDS.team, is_restricted: true } }), { ok: false, reason: 'not_in_slack' }],
    ['a person of another workspace', () => okJson({ user: { id: 'U9', team_id: 'T0OTHER01' } }), { ok: false, reason: 'not_in_slack' }],
    ['a person', () => okJson({ user: { id: 'U9', team_id: IDS.team } }), { ok: true, userId: 'U9' }],
  ])('finds a user by email: %s', async (_name, reply, expected) => {
    const { slack } = api();
    fake.reply('users.lookupByEmail', reply);
    expect(await slack.findUserByEmail('a@acme.test')).toEqual(expected);
    expect(fake.of('users.lookupByEmail')).toEqual([{ email: 'a@acme.test' }]);
  });

  it('opens a DM with one user', async () => {
    const { slack } = api();
    expect(await slack.openDirectMessage('U0JANE')).toEqual({ ok: true, channel: 'D0JANE' });
    fake.reply('conversations.open', () => slackError('user_disabled'));
    expect(await slack.openDirectMessage('U0GONE')).toEqual({ ok: false, error: 'user_disabled' });
  });
});

describe('resolveSlackWorkspace', () => {
  const client = () => createSlackClient({ botToken: BOT_TOKEN, apiUrl: SLACK_API_URL, timeoutMs: 2000 }, createRecordingLogger());

  it('uses configured ids as they are, without asking Slack', async () => {
    expect(await resolveSlackWorkspace(client(), { teamIds: ['T0CONF001', 'E0CONF001'], appId: 'A0CONF001' })).toEqual({ teamIds: ['T0CONF001', 'E0CONF001'], appId: 'A0CONF001' });
    expect(fake.calls).toEqual([]);
  });

  it.each([
    ['nothing is configured', {}, { teamIds: [IDS.team], appId: IDS.app }],
    ['only the app id is configured', { appId: 'A0CONF001' }, { teamIds: [IDS.team], appId: 'A0CONF001' }],
    ['only the team ids are configured', { teamIds: ['E0CONF001'] }, { teamIds: ['E0CONF001'], appId: IDS.app }],
  ])('learns what is unset from auth.test and bots.info when %s', async (_name, configured, expected) => {
    expect(await resolveSlackWorkspace(client(), configured)).toEqual(expected);
  });

  it('serves the enterprise too when auth.test reports an org-wide install', async () => {
    fake.reply('auth.test', () => okJson({ team_id: IDS.team, enterprise_id: 'E0GRID001', user_id: IDS.bot, bot_id: BOT_ID }));
    expect((await resolveSlackWorkspace(client(), {})).teamIds).toEqual([IDS.team, 'E0GRID001']);
  });

  it.each([
    ['auth.test is refused', 'auth.test', () => slackError('invalid_auth'), /workspace from Slack \(invalid_auth\): set SLACK_TEAM_IDS and SLACK_APP_ID/],
    ['bots.info names no app', 'bots.info', () => okJson({ bot: { id: BOT_ID } }), /app id from Slack: set SLACK_TEAM_IDS and SLACK_APP_ID/],
  ])('stops startup naming the settings when %s', async (_name, method, reply, message) => {
    fake.reply(method, reply);
    await expect(resolveSlackWorkspace(client(), {})).rejects.toThrow(message);
  });
});
