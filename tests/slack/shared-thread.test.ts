// A thread in a channel shared by two people, through the real agent and its LibSQL memory (the
// demo app over HTTP): the second person is answered, and the owner's follow-up still resolves
// from the owner's own earlier turn, never from the other person's.
import { describe, expect, it } from 'vitest';
import { DEMO_PEOPLE } from '../../src/demo/okta/index.js';
import { peopleFromDemoOrg } from '../../src/demo/slack-console/index.js';
import { CONSOLE_ENVELOPE, useDemoHelpdesk } from '../helpers/demo-app.js';
import { mentionEvent, signedEventRequest } from '../helpers/slack.js';

const SECRET = 'shared-thread-console-secret-0123456789';
const people = peopleFromDemoOrg(DEMO_PEOPLE);
const priya = people.find((p) => p.email.startsWith('priya.patel@'))!;
const jordan = people.find((p) => p.email.startsWith('jordan.rivera@'))!;
const CHANNEL = 'CITHELP001';
const THREAD = '1800000300.000100';

const demo = useDemoHelpdesk(SECRET);

async function mention(eventId: string, user: string, text: string, ts: string): Promise<void> {
  const body = mentionEvent({ eventId, user, channel: CHANNEL, text: `<@UHELPDESK1> ${text}`, ts, ...(ts === THREAD ? {} : { threadTs: THREAD }) });
  const signed = signedEventRequest({ ...body, ...CONSOLE_ENVELOPE }, { secret: SECRET, timestamp: Math.floor(Date.now() / 1000) });
  const response = await fetch(`${demo.server.url}/slack/events`, { method: 'POST', headers: signed.headers, body: await signed.text() });
  expect(response.status).toBe(200);
  await demo.app.idle();
}

async function repliesInThread(): Promise<string[]> {
  const response = await fetch(`${demo.server.url}/console/feed?since=0`);
  const { messages } = (await response.json()) as { messages: Array<{ threadTs?: string; text: string; fromBot: boolean }> };
  return messages.filter((m) => m.fromBot && m.threadTs === THREAD).map((m) => m.text);
}

describe('a channel thread shared by two people', () => {
  it('answers a second person who replies in the thread, and the owner keeps their own memory', async () => {
    await mention('EvSHARED0001', priya.slackUserId, 'what groups is omar.haddad@acme.example in?', THREAD);
    expect(await repliesInThread()).toEqual(['Omar Haddad is in 2 Okta groups: Everyone, Engineering.']);

    await mention('EvSHARED0002', jordan.slackUserId, 'what groups am I in?', '1800000300.000200');
    const afterJordan = await repliesInThread();
    expect(afterJordan).toHaveLength(2);
    // Addressed to Jordan, who asked: his own groups, in the second person.
    expect(afterJordan.at(-1)).toMatch(/^You are in \d+ Okta groups?/);

    await mention('EvSHARED0003', priya.slackUserId, 'lock his account', '1800000300.000300');
    expect((await repliesInThread()).at(-1)).toBe('Please confirm: Lock Omar Haddad (omar.haddad@acme.example): suspend the account and end every Okta session.');
  });

  it("does not give the second person the owner's conversation", async () => {
    await mention('EvSHARED0004', jordan.slackUserId, 'lock his account', '1800000300.000400');
    const reply = (await repliesInThread()).at(-1);
    expect(reply).not.toContain('Omar');
    expect(reply).toMatch(/email/i);
  });
});
