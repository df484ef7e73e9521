// The Slack front door through the real Mastra server in-process: signed requests in, what was
// sent to Slack (msw recorder) out. Covers the ack contract, dedupe, every fixture event, replies,
// failures and restarts on a shared database file.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Mastra } from '@mastra/core/mastra';
import { createHonoServer } from '@mastra/deployer/server';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSlackFrontDoor, type HelpdeskTurn, type Respond, type SlackWorkspace } from '../../src/slack/index.js';
import { WORDING } from '../../src/slack/process-event.js';
import { NOT_A_MEMBER, SLACK_UNAVAILABLE } from '../../src/slack/slack-api.js';
import {
  BOT_TOKEN,
  IDS,
  NO_CARDS,
  NOW_MS,
  NOW_SECONDS,
  SIGNING_SECRET,
  SLACK_API_URL,
  createRecordingLogger,
  createSlackFake,
  deferred,
  dmEvent,
  eventFixture,
  eventFixtureNames,
  mentionEvent,
  signedEventRequest,
  slackError,
  textAnswer,
  WORKSPACE,
} from '../helpers/slack.js';

const fake = createSlackFake();
const server = setupServer(...fake.handlers);
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterAll(() => server.close());

let dir: string;
let databaseUrl: string;
const doors: Array<{ stop(): Promise<void> }> = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'slack-front-door-'));
  databaseUrl = `file:${join(dir, 'data', 'helpdesk.db')}`;
});
afterEach(async () => {
  for (const door of doors.splice(0)) await door.stop();
  fake.reset();
  rmSync(dir, { recursive: true, force: true });
});

/** What users.info answers for the builders' user: a full member of the workspace. */
const member = { id: IDS.user, team_id: IDS.team, is_restricted: false, is_ultra_restricted: false, profile: { email: 'egon@acme.example' } };

type BootOptions = { respond?: Respond; start?: boolean; concurrency?: number; workspace?: SlackWorkspace };

/** One process's worth of front door: Mastra server + inbox + worker on the test's database file. */
async function boot(options: BootOptions = {}) {
  const turns: HelpdeskTurn[] = [];
  const respond: Respond =
    options.respond ??
    (async (turn) => {
      turns.push(turn);
      return textAnswer(`**Done**: you said ${turn.text}`);
    });
  const logger = createRecordingLogger();
  const door = createSlackFrontDoor({
    settings: { botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET, apiUrl: SLACK_API_URL },
    workspace: options.workspace ?? WORKSPACE,
    databaseUrl,
    respond: async (turn) => {
      if (options.respond) turns.push(turn);
      return respond(turn);
    },
    ...NO_CARDS,
    logger,
    now: () => NOW_MS,
    concurrency: options.concurrency ?? 4,
    slackApi: { sleep: async () => undefined },
  });
  doors.push(door);
  const mastra = new Mastra({ server: { apiRoutes: door.routes }, logger: false });
  const app = await createHonoServer(mastra, { tools: {} });
  if (options.start !== false) await door.start();
  return { door, app, turns, logger, send: async (request: Request) => app.request(request) };
}

const statuses = async (door: { inbox: { list(): Promise<Array<{ eventId: string; status: string; reason?: string }>> } }) =>
  (await door.inbox.list()).map(({ eventId, status, reason }) => ({ eventId, status, reason }));

describe('POST /slack/events: verification and limits', () => {
  it('answers url_verification with the challenge once the request is signed', async () => {
    const { send } = await boot();
    const body = eventFixture('url_verification.docs.json').body;
    const response = await send(signedEventRequest(body));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ challenge: body.challenge });
  });

  it('checks the signature before url_verification', async () => {
    const { send } = await boot();
    const response = await send(signedEventRequest(eventFixture('url_verification.docs.json').body, { signature: null }));
    expect(response.status).toBe(401);
  });

  const body = JSON.stringify(dmEvent());
  it.each([
    ['no signature', signedEventRequest(body, { signature: null })],
    ['no timestamp', new Request('http://localhost/slack/events', { method: 'POST', body, headers: { 'x-slack-signature': 'v0=' + '0'.repeat(64) } })],
    ['another secret', signedEventRequest(body, { secret: 'not-the-signing-secret' })],
    ['a timestamp 301 s old', signedEventRequest(body, { timestamp: NOW_SECONDS - 301 })],
    ['a timestamp 301 s ahead', signedEventRequest(body, { timestamp: NOW_SECONDS + 301 })],
    ['a signature of a different body', signedEventRequest(body, { signature: signedEventRequest(`${body} `).headers.get('x-slack-signature') })],
    ['a truncated signature', signedEventRequest(body, { signature: 'v0=abc' })],
  ])('rejects %s with 401 and stores nothing', async (_name, request) => {
    const { send, door, logger } = await boot();
    const response = await send(request);
    expect(response.status).toBe(401);
    expect(await door.inbox.list()).toEqual([]);
    expect(logger.records.some((r) => r.level === 'warn' && r.message === 'Rejected a Slack events request')).toBe(true);
  });

  it.each([
    ['a form body', 'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J'],
    ['a JSON array', '[1,2]'],
    ['truncated JSON', '{"type":"event_callback"'],
  ])('answers 400 to a signed request with %s', async (_name, raw) => {
    const { send } = await boot();
    expect((await send(signedEventRequest(raw))).status).toBe(400);
  });

  it('answers 413 when Content-Length declares more than 1 MB', async () => {
    const { send } = await boot();
    const request = signedEventRequest('{}', { headers: { 'content-length': String(1024 * 1024 + 1) } });
    expect((await send(request)).status).toBe(413);
  });

  it('answers 413 when more than 1 MB actually arrives without a Content-Length', async () => {
    const { send } = await boot();
    const big = new TextEncoder().encode(`{"pad":"${'x'.repeat(1024 * 1024)}"}`);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < big.length; i += 64 * 1024) controller.enqueue(big.slice(i, i + 64 * 1024));
        controller.close();
      },
    });
    const signed = signedEventRequest(new TextDecoder().decode(big));
    const headers = new Headers(signed.headers);
    headers.delete('content-length');
    const request = new Request('http://localhost/slack/events', { method: 'POST', headers, body: stream, duplex: 'half' } as RequestInit);
    expect((await send(request)).status).toBe(413);
  });
});

describe('POST /slack/events: every fixture event', () => {
  const handled = new Set([
    'app_mention.authorizations.python-sdk.json',
    'app_mention.docs.json',
    'app_mention.rich_text.java-sdk.json',
    'message_im.docs.json',
    'message_im.real.json',
    'message_thread_reply_im.bolt-python.json',
  ]);
  it.each(eventFixtureNames())('%s is acknowledged and stored only if it needs an answer', async (name) => {
    const body = eventFixture(name).body;
    // Each capture comes from its own workspace and app: serve that one.
    const { send, door } = await boot({ start: false, workspace: { teamIds: [String(body.team_id)], appId: String(body.api_app_id) } });
    const response = await send(signedEventRequest(body));
    expect(response.status).toBe(200);
    const stored = await door.inbox.list();
    expect(stored.map((e) => [e.eventId, e.status])).toEqual(handled.has(name) ? [[body.event_id, 'pending']] : []);
    expect(fake.calls).toEqual([]);
  });
});

describe('acknowledge first, work later', () => {
  it('answers 200 and stores the event with no Slack, model or Okta call before the answer', async () => {
    const { send, door, turns } = await boot({ start: false });
    const response = await send(signedEventRequest(dmEvent()));
    expect(response.status).toBe(200);
    expect(await statuses(door)).toEqual([{ eventId: 'Ev0000000001', status: 'pending', reason: undefined }]);
    expect(fake.calls).toEqual([]);
    expect(turns).toEqual([]);
  });

  it('processes the same event delivered 4 times concurrently exactly once', async () => {
    const gate = deferred<void>();
    const { send, door, turns } = await boot({
      respond: async (turn) => {
        await gate.promise;
        return textAnswer(`ok ${turn.eventId}`);
      },
    });
    const body = dmEvent();
    const responses = await Promise.all(
      [undefined, '1', '2', '3'].map((retry) =>
        send(signedEventRequest(body, { headers: retry ? { 'x-slack-retry-num': retry, 'x-slack-retry-reason': 'http_timeout' } : {} })),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    gate.resolve();
    await door.idle();
    expect(turns).toHaveLength(1);
    expect(fake.posts()).toHaveLength(1);

    const late = await send(signedEventRequest(body, { headers: { 'x-slack-retry-num': '3' } }));
    expect(late.status).toBe(200);
    await door.idle();
    expect(turns).toHaveLength(1);
    expect(fake.posts()).toHaveLength(1);
  });
});

describe('answering in Slack', () => {
  it('answers a DM in its thread, with the verified requester, mrkdwn text and the eyes reaction around the work', async () => {
    const { send, door, turns } = await boot();
    await send(signedEventRequest(dmEvent({ text: 'I forgot my password' })));
    await door.idle();

    expect(turns).toEqual([
      {
        eventId: 'Ev0000000001',
        text: 'I forgot my password',
        requester: {
          email: 'egon.spengler@ghostbusters.example.com',
          source: 'slack',
          slackUserId: IDS.user,
          teamId: IDS.team,
          channelId: IDS.dm,
          threadTs: '1664408649.009629',
        },
        memory: { thread: `slack:${IDS.team}:${IDS.dm}:1664408649.009629:${IDS.user}`, resource: `slack:${IDS.team}:${IDS.user}` },
      },
    ]);
    expect(fake.calls.map((c) => c.method)).toEqual(['reactions.add', 'users.info', 'chat.postMessage', 'reactions.remove']);
    expect(fake.posts()).toEqual([{ channel: IDS.dm, thread_ts: '1664408649.009629', text: '*Done*: you said I forgot my password' }]);
    expect(fake.of('reactions.add')).toEqual([{ channel: IDS.dm, timestamp: '1664408649.009629', name: 'eyes' }]);
    expect(fake.of('reactions.remove')).toEqual([{ channel: IDS.dm, timestamp: '1664408649.009629', name: 'eyes' }]);
    expect(await door.inbox.get('Ev0000000001')).toMatchObject({ status: 'done', replyTs: '1700000000.000001' });
  });

  it('answers a mention inside a channel thread in that thread, without the mention token', async () => {
    const { send, door, turns } = await boot();
    await send(signedEventRequest(mentionEvent({ text: `<@${IDS.bot}> unlock me`, ts: '1700000005.000500', threadTs: '1700000001.000100' })));
    await door.idle();
    expect(turns.map((t) => t.text)).toEqual(['unlock me']);
    expect(fake.posts()).toEqual([{ channel: IDS.channel, thread_ts: '1700000001.000100', text: '*Done*: you said unlock me' }]);
    expect(fake.of('reactions.add')[0]).toMatchObject({ channel: IDS.channel, timestamp: '1700000005.000500' });
  });

  it("puts a mentioned colleague's verified email in place of the mention, and leaves a guest's mention unresolved", async () => {
    fake.users.set('U0ALEX0001', { id: 'U0ALEX0001', team_id: IDS.team, is_bot: false, deleted: false, profile: { email: 'Alex.Kim@acme.example' } });
    fake.users.set('U0GUEST001', { id: 'U0GUEST001', team_id: IDS.team, is_restricted: true, profile: { email: 'guest@outside.example' } });
    const { send, door, turns } = await boot();
    await send(signedEventRequest(mentionEvent({ text: `<@${IDS.bot}> reset the password of <@U0ALEX0001> and lock <@U0GUEST001|guest>` })));
    await door.idle();
    fake.users.delete('U0ALEX0001');
    fake.users.delete('U0GUEST001');

    expect(turns.map((t) => t.text)).toEqual(['reset the password of alex.kim@acme.example and lock <@U0GUEST001|guest>']);
    expect(turns[0]?.requester.email).toBe('egon.spengler@ghostbusters.example.com');
    expect(fake.of('users.info').map((p) => p.user).sort()).toEqual([IDS.user, 'U0ALEX0001', 'U0GUEST001'].sort());
  });

  it('answers a bare mention with a hint and does not run the agent', async () => {
    const { send, door, turns } = await boot();
    await send(signedEventRequest(mentionEvent({ text: `<@${IDS.bot}>` })));
    await door.idle();
    expect(turns).toEqual([]);
    expect(fake.posts().map((p) => p.text)).toEqual([WORDING.emptyMention]);
  });

  it.each([
    ['user_not_found', () => slackError('user_not_found'), WORDING.noEmail, 'no_requester_email:user_not_found'],
    ['a profile without email', () => Response.json({ ok: true, user: { id: IDS.user, team_id: IDS.team, profile: {} } }), WORDING.noEmail, 'no_requester_email:no_email'],
    ['invalid_auth', () => slackError('invalid_auth'), SLACK_UNAVAILABLE, 'no_requester_email:slack_error:invalid_auth'],
    ['a guest', () => Response.json({ ok: true, user: { ...member, is_restricted: true } }), NOT_A_MEMBER, 'no_requester_email:guest'],
    ['a single-channel guest', () => Response.json({ ok: true, user: { ...member, is_restricted: true, is_ultra_restricted: true } }), NOT_A_MEMBER, 'no_requester_email:guest'],
    ['a Slack Connect stranger', () => Response.json({ ok: true, user: { ...member, is_stranger: true } }), NOT_A_MEMBER, 'no_requester_email:external'],
    ['a person of another team', () => Response.json({ ok: true, user: { ...member, team_id: 'T0OTHER01' } }), NOT_A_MEMBER, 'no_requester_email:external'],
  ])('replies once and runs no agent when the email cannot be read or the person is not ours (%s)', async (_name, reply, text, reason) => {
    fake.reply('users.info', reply);
    const { send, door, turns } = await boot();
    await send(signedEventRequest(dmEvent()));
    await door.idle();
    expect(turns).toEqual([]);
    expect(fake.posts()).toEqual([{ channel: IDS.dm, thread_ts: '1664408649.009629', text: text }]);
    expect(await door.inbox.get('Ev0000000001')).toMatchObject({ status: 'failed', reason });
  });

  it('logs a refused guest by ids and reason only, never the message text', async () => {
    fake.reply('users.info', () => Response.json({ ok: true, user: { ...member, is_restricted: true } }));
    const { send, door, logger, turns } = await boot();
    await send(signedEventRequest(dmEvent({ text: 'reset the password of ceo@acme.example' })));
    await door.idle();
    expect(turns).toEqual([]);
    expect(logger.records).toContainEqual(expect.objectContaining({ level: 'warn', args: [{ eventId: 'Ev0000000001', reason: 'guest' }] }));
    expect(JSON.stringify(logger.records)).not.toContain('ceo@acme.example');
  });

  it.each([
    ['another workspace', { team_id: 'T0OTHER01' }],
    ['another app signed with our secret', { api_app_id: 'A0OTHER01' }],
    ['no team at all', { team_id: undefined }],
  ])('acknowledges an event envelope from %s but stores nothing and calls no one', async (_name, envelope) => {
    const { send, door, turns, logger } = await boot();
    const response = await send(signedEventRequest({ ...dmEvent(), ...envelope }));
    await door.idle();
    expect(response.status).toBe(200);
    expect(await door.inbox.list()).toEqual([]);
    expect(turns).toEqual([]);
    expect(fake.calls).toEqual([]);
    expect(logger.records.map((r) => r.message)).toContain('Refused a Slack event from another workspace or app');
  });

  it('accepts an Enterprise Grid envelope through the enterprise id it serves', async () => {
    const { send, door } = await boot({ start: false, workspace: { teamIds: ['E0GRID001'], appId: IDS.app } });
    await send(signedEventRequest({ ...dmEvent(), enterprise_id: 'E0GRID001' }));
    expect((await door.inbox.list()).map((e) => e.eventId)).toEqual(['Ev0000000001']);
  });

  it('posts the honest sentence of a failed turn and records the failure', async () => {
    const { send, door } = await boot({
      respond: async () => textAnswer('Okta did not answer, so nothing was changed.', { failure: 'okta_unavailable' }),
    });
    await send(signedEventRequest(dmEvent()));
    await door.idle();
    expect(fake.posts().map((p) => p.text)).toEqual(['Okta did not answer, so nothing was changed.']);
    expect(await door.inbox.get('Ev0000000001')).toMatchObject({ status: 'failed', reason: 'okta_unavailable', replyTs: '1700000000.000001' });
    expect(fake.of('reactions.remove')).toHaveLength(1);
  });

  it('says sorry when the turn throws, records only the error name, and never logs the message', async () => {
    const { send, door, logger } = await boot({
      respond: async (turn) => {
        throw new TypeError(`model exploded on: ${turn.text}`);
      },
    });
    await send(signedEventRequest(dmEvent({ text: 'my secret password is hunter2' })));
    await door.idle();
    expect(fake.posts().map((p) => p.text)).toEqual([WORDING.sorry]);
    expect(await door.inbox.get('Ev0000000001')).toMatchObject({ status: 'failed', reason: 'respond_error:TypeError' });
    expect(JSON.stringify(logger.records)).not.toContain('hunter2');
  });

  it('marks the event failed when Slack refuses the reply, logs the channel, and keeps working', async () => {
    fake.reply('chat.postMessage', (params, call) =>
      call === 1 ? slackError('channel_not_found') : Response.json({ ok: true, channel: params.channel, ts: '1700000000.000777' }),
    );
    const { send, door, logger } = await boot();
    await send(signedEventRequest(dmEvent({ eventId: 'EvA', channel: 'D0GONE01' })));
    await door.idle();
    await send(signedEventRequest(dmEvent({ eventId: 'EvB', ts: '1664408650.000001' })));
    await door.idle();
    expect(await statuses(door)).toEqual([
      { eventId: 'EvA', status: 'failed', reason: 'slack_post_failed:channel_not_found' },
      { eventId: 'EvB', status: 'done', reason: undefined },
    ]);
    expect(logger.records).toContainEqual(
      expect.objectContaining({ level: 'error', args: [expect.objectContaining({ error: 'channel_not_found', channel: 'D0GONE01' })] }),
    );
  });
});

describe('long answers', () => {
  const longAnswer = Array.from({ length: 30 }, (_, i) => `Step ${i + 1}: ${'check the setting and try again '.repeat(8).trim()}.`).join('\n\n');

  it('posts an answer longer than one Slack message as several thread messages, in order', async () => {
    const { send, door } = await boot({ respond: async () => textAnswer(longAnswer) });
    await send(signedEventRequest(dmEvent({ text: 'how do I fix everything?' })));
    await door.idle();
    const posts = fake.posts();
    expect(posts.length).toBeGreaterThan(1);
    for (const post of posts) {
      expect(post).toMatchObject({ channel: IDS.dm, thread_ts: '1664408649.009629' });
      expect(post.text?.length).toBeLessThanOrEqual(3000);
    }
    expect(posts.map((p) => p.text).join('\n\n')).toBe(longAnswer);
    expect(await door.inbox.get('Ev0000000001')).toMatchObject({ status: 'done', replyTs: '1700000000.000001' });
  });

  it('keeps what was posted and records the failure when Slack refuses a later part, without posting again', async () => {
    fake.reply('chat.postMessage', (params, call) =>
      call === 2 ? slackError('msg_too_long') : Response.json({ ok: true, channel: params.channel, ts: `1700000000.00000${call}` }),
    );
    const { send, door } = await boot({ respond: async () => textAnswer(longAnswer) });
    await send(signedEventRequest(dmEvent()));
    await door.idle();
    expect(fake.posts()).toHaveLength(2);
    expect(await door.inbox.get('Ev0000000001')).toMatchObject({ status: 'failed', reason: 'slack_post_partial:msg_too_long', replyTs: '1700000000.000001' });
    expect(fake.of('reactions.remove')).toHaveLength(1);
  });

  it('answers a DM that carries a screenshot (file_share) from its text', async () => {
    const { send, door, turns } = await boot();
    await send(signedEventRequest(dmEvent({ text: "this is what I see when I sign in", extra: { subtype: 'file_share', files: [{ id: 'F111', name: 'screenshot.png', mimetype: 'image/png' }], upload: false } })));
    await door.idle();
    expect(turns.map((t) => t.text)).toEqual(['this is what I see when I sign in']);
    expect(fake.posts()).toHaveLength(1);
  });
});

describe('restart', () => {
  it('processes an acknowledged but unprocessed event exactly once after a restart, and never again', async () => {
    const first = await boot({ start: false });
    expect((await first.send(signedEventRequest(dmEvent()))).status).toBe(200);
    await first.door.stop();
    expect(first.turns).toEqual([]);
    expect(fake.calls).toEqual([]);

    const second = await boot();
    await second.door.idle();
    expect(second.turns.map((t) => t.eventId)).toEqual(['Ev0000000001']);
    expect(fake.posts()).toHaveLength(1);
    await second.door.stop();

    const third = await boot();
    await third.door.idle();
    expect(third.turns).toEqual([]);
    expect(fake.posts()).toHaveLength(1);
    expect(await statuses(third.door)).toEqual([{ eventId: 'Ev0000000001', status: 'done', reason: undefined }]);
  });

  it('re-runs an event that crashed before its reply, once', async () => {
    const first = await boot({ start: false });
    await first.send(signedEventRequest(dmEvent()));
    await first.door.inbox.claim('Ev0000000001'); // the process died mid-turn
    await first.door.stop();

    const second = await boot();
    await second.door.idle();
    expect(second.turns).toHaveLength(1);
    expect(fake.posts()).toHaveLength(1);
    expect(await second.door.inbox.get('Ev0000000001')).toMatchObject({ status: 'done', attempts: 2 });
  });

  it('never answers twice an event whose reply was posted before the crash', async () => {
    const first = await boot({ start: false });
    await first.send(signedEventRequest(dmEvent()));
    await first.door.inbox.claim('Ev0000000001');
    await first.door.inbox.markPosting('Ev0000000001');
    await first.door.inbox.markReplied('Ev0000000001', '1700000000.000042');
    await first.door.stop();

    const second = await boot();
    await second.door.idle();
    expect(second.turns).toEqual([]);
    expect(fake.posts()).toEqual([]);
    expect(fake.of('reactions.remove')).toEqual([{ channel: IDS.dm, timestamp: '1664408649.009629', name: 'eyes' }]);
    expect(await second.door.inbox.get('Ev0000000001')).toMatchObject({ status: 'done', replyTs: '1700000000.000042' });
  });

  it('does not re-post when the crash happened while the reply was being posted', async () => {
    const first = await boot({ start: false });
    await first.send(signedEventRequest(dmEvent()));
    await first.door.inbox.claim('Ev0000000001');
    await first.door.inbox.markPosting('Ev0000000001');
    await first.door.stop();

    const second = await boot();
    await second.door.idle();
    expect(second.turns).toEqual([]);
    expect(fake.posts()).toEqual([]);
    expect(await second.door.inbox.get('Ev0000000001')).toMatchObject({ status: 'failed', reason: 'reply_state_unknown_after_restart' });
  });

  it('gives up on an event that crashed the worker 3 times, with one apology', async () => {
    const first = await boot({ start: false });
    await first.send(signedEventRequest(dmEvent()));
    await first.door.stop();
    for (let crash = 1; crash <= 3; crash++) {
      const run = await boot({ start: false });
      await run.door.inbox.ready();
      await run.door.inbox.recover({ maxAttempts: 3 });
      await run.door.inbox.claim('Ev0000000001');
      await run.door.stop();
    }
    const last = await boot();
    await last.door.idle();
    expect(last.turns).toEqual([]);
    expect(fake.posts()).toEqual([{ channel: IDS.dm, thread_ts: '1664408649.009629', text: WORDING.sorry }]);
    expect(await last.door.inbox.get('Ev0000000001')).toMatchObject({ status: 'failed', reason: 'crashed_3_times' });
  });
});
