// End to end over HTTP with every stand-in: the demo Okta org, the Slack console and the offline
// planner, through the real /slack/events and /slack/interactions routes. A demo employee locks
// their own account with a confirmation click; a re-delivered event changes nothing.
import { describe, expect, it } from 'vitest';
import { DEMO_OKTA_TOKEN, DEMO_PEOPLE } from '../../src/demo/okta/index.js';
import { peopleFromDemoOrg } from '../../src/demo/slack-console/index.js';
import { CONSOLE_ENVELOPE, useDemoHelpdesk } from '../helpers/demo-app.js';
import { dmEvent, signedEventRequest } from '../helpers/slack.js';

const SECRET = 'e2e-console-signing-secret-0123456789';
const people = peopleFromDemoOrg(DEMO_PEOPLE);
const jordan = people.find((p) => p.email.startsWith('jordan.rivera@'))!;
const priya = people.find((p) => p.email.startsWith('priya.patel@'))!;
const marcus = people.find((p) => p.email.startsWith('marcus.lee@'))!;
const dm = `D${jordan.slackUserId}`;

type FeedMessage = { ts: string; threadTs?: string; text: string; fromBot: boolean; blocks?: Array<{ type: string; block_id?: string; elements?: Array<{ action_id?: string }> }> };

const demo = useDemoHelpdesk(SECRET);

async function sendEvent(body: Record<string, unknown>, headers: Record<string, string> = {}): Promise<number> {
  const signed = signedEventRequest({ ...body, ...CONSOLE_ENVELOPE }, { secret: SECRET, timestamp: Math.floor(Date.now() / 1000), headers });
  const response = await fetch(`${demo.server.url}/slack/events`, { method: 'POST', headers: signed.headers, body: await signed.text() });
  await demo.app.idle();
  return response.status;
}

async function feed(): Promise<FeedMessage[]> {
  const response = await fetch(`${demo.server.url}/console/feed?since=0`);
  return ((await response.json()) as { messages: FeedMessage[] }).messages.filter((m) => m.fromBot);
}

async function demoOkta<T>(path: string): Promise<T> {
  const response = await fetch(`${demo.app.demoOktaUrl}${path}`, { headers: { authorization: `SSWS ${DEMO_OKTA_TOKEN}`, accept: 'application/json' } });
  return (await response.json()) as T;
}

describe('zero-credential demo, end to end', () => {
  const lockRequest = dmEvent({ eventId: 'EvE2ELOCK001', user: jordan.slackUserId, channel: dm, text: 'lock my account', ts: '1800000000.000100' });

  it('reports every part as demo on /health', async () => {
    const response = await fetch(`${demo.server.url}/health`);
    expect(await response.json()).toEqual({ status: 'ok', okta: 'demo', slack: 'console', model: 'offline', database: 'ok', modelStatus: 'ok', turns: 'ok' });
  });

  it('answers "lock my account" with a confirmation card in the thread, and changes nothing yet', async () => {
    expect(await sendEvent(lockRequest)).toBe(200);
    const [card] = await feed();
    expect(card).toMatchObject({ threadTs: '1800000000.000100', text: expect.stringContaining('Please confirm: Lock your account: suspend the account and end every Okta session.') as string });
    expect(card?.blocks?.find((b) => b.type === 'actions')?.elements?.map((e) => e.action_id)).toEqual(['helpdesk_confirm', 'helpdesk_cancel']);
    expect((await demoOkta<{ status: string }>(`/api/v1/users/${jordan.email}`)).status).toBe('ACTIVE');
  });

  it('locks the account when the requester clicks Confirm: suspended, sessions ended, card updated', async () => {
    const [card] = await feed();
    const actions = card!.blocks!.find((b) => b.type === 'actions')!;
    const click = await fetch(`${demo.server.url}/console/click`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ personId: jordan.slackUserId, channel: dm, messageTs: card!.ts, actionId: 'helpdesk_confirm', blockId: actions.block_id }),
    });
    expect(click.status).toBe(200);
    await demo.app.idle();

    const user = await demoOkta<{ id: string; status: string }>(`/api/v1/users/${jordan.email}`);
    expect(user.status).toBe('SUSPENDED');
    const log = await demoOkta<Array<{ eventType: string; target?: Array<{ id: string }> }>>(`/api/v1/logs?since=2000-01-01T00:00:00Z&until=2100-01-01T00:00:00Z`);
    const forJordan = log.filter((e) => e.target?.some((t) => t.id === user.id)).map((e) => e.eventType);
    expect(forJordan).toEqual(expect.arrayContaining(['user.lifecycle.suspend', 'user.session.clear']));
    const [updated] = await feed();
    expect(updated?.text).toBe('Your account is now suspended and every Okta session was ended.');
  });

  it('does nothing more when Slack re-delivers the same event', async () => {
    const before = await feed();
    const logBefore = await demoOkta<unknown[]>(`/api/v1/logs?since=2000-01-01T00:00:00Z&until=2100-01-01T00:00:00Z`);
    expect(await sendEvent(lockRequest, { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' })).toBe(200);
    expect(await feed()).toEqual(before);
    expect(await demoOkta<unknown[]>(`/api/v1/logs?since=2000-01-01T00:00:00Z&until=2100-01-01T00:00:00Z`)).toHaveLength(logBefore.length);
  });
});

describe('conversation memory per Slack thread', () => {
  const priyaDm = `D${priya.slackUserId}`;
  const replyIn = async (threadTs: string) => (await feed()).filter((m) => m.threadTs === threadTs).at(0);

  it('resolves "his" in a follow-up from the earlier turn of the same thread', async () => {
    await sendEvent(dmEvent({ eventId: 'EvE2EMEM0001', user: priya.slackUserId, channel: priyaDm, text: 'what groups is omar.haddad@acme.example in?', ts: '1800000100.000100' }));
    expect((await replyIn('1800000100.000100'))?.text).toBe('Omar Haddad is in 2 Okta groups: Everyone, Engineering.');

    await sendEvent(dmEvent({ eventId: 'EvE2EMEM0002', user: priya.slackUserId, channel: priyaDm, text: 'lock his account', ts: '1800000100.000200', threadTs: '1800000100.000100' }));
    const replies = (await feed()).filter((m) => m.threadTs === '1800000100.000100').map((m) => m.text);
    expect(replies).toContain('Please confirm: Lock Omar Haddad (omar.haddad@acme.example): suspend the account and end every Okta session.');
  });

  it('does not carry one thread into another', async () => {
    await sendEvent(dmEvent({ eventId: 'EvE2EMEM0003', user: priya.slackUserId, channel: priyaDm, text: 'lock his account', ts: '1800000200.000100' }));
    const reply = await replyIn('1800000200.000100');
    expect(reply?.text).not.toContain('Omar');
    expect(reply?.text).toMatch(/email/i);
  });
});

describe('zero-credential demo: people by name or mention', () => {
  const priyaDm = `D${priya.slackUserId}`;
  const alex = people.find((p) => p.email.startsWith('alex.kim@'))!;
  let next = 0;
  /** Priya (IT admin) says `text` in her DM; the bot's first reply in that new thread. */
  async function priyaSays(text: string): Promise<string | undefined> {
    next += 1;
    const ts = `1800001000.${String(next).padStart(6, '0')}`;
    await sendEvent(dmEvent({ eventId: `EvE2EPPL${String(next).padStart(4, '0')}`, user: priya.slackUserId, channel: priyaDm, text, ts }));
    return (await feed()).find((m) => m.threadTs === ts)?.text;
  }

  it("confirms \"lock Dana Whitfield's account\" for Dana, found in Okta by her name", async () => {
    expect(await priyaSays("lock Dana Whitfield's account")).toContain('Please confirm: Lock Dana Whitfield (dana.whitfield@acme.example)');
  });

  it('answers "what groups is Jordan in?" for the one Jordan', async () => {
    expect(await priyaSays('what groups is Jordan in?')).toBe('Jordan Rivera is in 2 Okta groups: Everyone, Engineering.');
  });

  it("reads a Slack mention as the mentioned person's verified email", async () => {
    expect(await priyaSays(`reset the password of <@${alex.slackUserId}>`)).toContain('Please confirm: Send Alex Kim (alex.kim@acme.example) a one-time password reset link');
  });

  it('lists the two people a shared name could mean and changes nothing', async () => {
    const reply = await priyaSays("lock Taylor's account");
    expect(reply).toContain('2 people in Okta are called "Taylor", so nothing was changed.');
    expect(reply).toContain('Sam Taylor (sam.taylor@acme.example), Sales');
    expect(reply).toContain('Taylor Brooks (taylor.brooks@acme.example), Sales');
    expect(reply).not.toContain('Please confirm');
  });
});

describe('a help-desk question about many people, end to end', () => {
  it('answers "who is locked out right now?" with the table and the Okta call it was read from', async () => {
    const ts = '1800000000.000900';
    expect(await sendEvent(dmEvent({ eventId: 'EvE2EQUERY01', user: marcus.slackUserId, channel: `D${marcus.slackUserId}`, text: 'who is locked out right now?', ts }))).toBe(200);

    const reply = (await feed()).find((m) => m.threadTs === ts);
    const lines = reply?.text.split('\n') ?? [];
    expect(lines[0]).toBe('1 person matches.');
    expect(lines).toContainEqual(expect.stringMatching(/^Name +Email +Status +Department +Last sign-in$/));
    expect(lines).toContainEqual(expect.stringMatching(/^Alex Kim +alex\.kim@acme\.example +LOCKED_OUT +Engineering +\d+ days? ago \(/));
    expect(lines.at(-1)).toBe('Query: all users, status LOCKED_OUT.');
    const sources = reply?.blocks?.filter((block) => block.type === 'context').flatMap((block) => block.elements ?? []);
    expect(JSON.stringify(sources)).toContain('`GET /api/v1/users?search=status eq \\"LOCKED_OUT\\"&amp;limit=200` · 200 · req `');
  });
});
