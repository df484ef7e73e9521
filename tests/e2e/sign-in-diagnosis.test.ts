// End to end over HTTP with every stand-in (demo Okta org with its seeded System Log, Slack console,
// offline planner): sign-in trouble gets a code-written diagnosis, and a fix card only when the fix
// would change something; lookups of someone else follow the same policy as every read.
import { describe, expect, it } from 'vitest';
import { DEMO_OKTA_TOKEN, DEMO_PEOPLE } from '../../src/demo/okta/index.js';
import { peopleFromDemoOrg } from '../../src/demo/slack-console/index.js';
import { CONSOLE_ENVELOPE, useDemoHelpdesk } from '../helpers/demo-app.js';
import { dmEvent, signedEventRequest } from '../helpers/slack.js';

const SECRET = 'e2e-diagnosis-signing-secret-0123456789';
const people = peopleFromDemoOrg(DEMO_PEOPLE);
const person = (handle: string) => people.find((p) => p.email.startsWith(`${handle}@`))!;

type FeedMessage = { ts: string; threadTs?: string; channel?: string; text: string; fromBot: boolean; blocks?: Array<{ type: string; block_id?: string; elements?: Array<{ action_id?: string }> }> };

const demo = useDemoHelpdesk(SECRET);

/** One DM from `handle`; the bot's reply in its thread. */
async function ask(handle: string, text: string, ts: string): Promise<FeedMessage | undefined> {
  const from = person(handle);
  const event = dmEvent({ eventId: `EvDIAG${ts.replace('.', '')}`, user: from.slackUserId, channel: `D${from.slackUserId}`, text, ts });
  const signed = signedEventRequest({ ...event, ...CONSOLE_ENVELOPE }, { secret: SECRET, timestamp: Math.floor(Date.now() / 1000) });
  const response = await fetch(`${demo.server.url}/slack/events`, { method: 'POST', headers: signed.headers, body: await signed.text() });
  expect(response.status).toBe(200);
  await demo.app.idle();
  const feed = (await (await fetch(`${demo.server.url}/console/feed?since=0`)).json()) as { messages: FeedMessage[] };
  return feed.messages.find((m) => m.fromBot && m.threadTs === ts);
}

const buttonsOf = (message: FeedMessage | undefined) => message?.blocks?.find((b) => b.type === 'actions')?.elements?.map((e) => e.action_id);

async function statusOf(email: string): Promise<string> {
  const response = await fetch(`${demo.app.demoOktaUrl}/api/v1/users/${email}`, { headers: { authorization: `SSWS ${DEMO_OKTA_TOKEN}`, accept: 'application/json' } });
  return ((await response.json()) as { status: string }).status;
}

describe('sign-in trouble in the zero-credential demo', () => {
  it('diagnoses Alex for the help desk from the seeded log and offers the unlock as a card, changing nothing yet', async () => {
    const reply = await ask('marcus.lee', "why can't alex.kim@acme.example sign in?", '1800001000.000100');

    expect(reply?.text).toMatch(/^Alex Kim's account is locked out after 5 failed sign-ins \(wrong password or code\); Okta locked it 2 hours ago \((?:\w+ \d+, )?\d\d:\d\d UTC\)\. Next step: unlock the account\./);
    expect(reply?.text).toContain('Please confirm: Unlock the account of Alex Kim (alex.kim@acme.example).');
    expect(buttonsOf(reply)).toEqual(['helpdesk_confirm', 'helpdesk_cancel']);
    expect(await statusOf('alex.kim@acme.example')).toBe('LOCKED_OUT');
  });

  it('unlocks Alex when Marcus confirms the card', async () => {
    const marcus = person('marcus.lee');
    const feed = (await (await fetch(`${demo.server.url}/console/feed?since=0`)).json()) as { messages: FeedMessage[] };
    const card = feed.messages.find((m) => m.fromBot && m.threadTs === '1800001000.000100')!;
    const actions = card.blocks!.find((b) => b.type === 'actions')!;
    const click = await fetch(`${demo.server.url}/console/click`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ personId: marcus.slackUserId, channel: `D${marcus.slackUserId}`, messageTs: card.ts, actionId: 'helpdesk_confirm', blockId: actions.block_id }),
    });
    expect(click.status).toBe(200);
    await demo.app.idle();
    expect(await statusOf('alex.kim@acme.example')).toBe('ACTIVE');
  });

  it('answers "I\'m locked out" from an active account with the diagnosis and no Unlock card', async () => {
    const reply = await ask('jordan.rivera', "I'm locked out", '1800001100.000100');

    expect(reply?.text).toMatch(/^Your account is active and not locked out, and Okta shows no failed sign-ins, lockouts or MFA denials in the last 7 days/);
    expect(reply?.text).toContain("I don't know why you can't sign in");
    expect(buttonsOf(reply)).toBeUndefined();
  });

  it('refuses an employee asking why someone else cannot sign in, and says nothing about that account', async () => {
    const reply = await ask('jane.smith', "why can't sam.taylor@acme.example sign in?", '1800001200.000100');

    expect(reply?.text).toMatch(/^Only .+ can .+\. Ask the IT help desk in #it-help\.$/);
    expect(reply?.text).not.toMatch(/suspend/i);
    expect(buttonsOf(reply)).toBeUndefined();
  });

  it('names who suspended Sam, and lifting his own suspension goes to approval', async () => {
    const reply = await ask('sam.taylor', "why can't I sign in?", '1800001300.000100');

    expect(reply?.text).toMatch(/^Your account is suspended: Priya Patel suspended it 3 days ago \(\w{3} \d{1,2}, \d\d:\d\d UTC\)\. Next step: lift the suspension \(lifting your own suspension needs approval\)\./);
    expect(reply?.text).toContain('This needs approval by');
    expect(buttonsOf(reply)).toBeUndefined();
    expect(await statusOf('sam.taylor@acme.example')).toBe('SUSPENDED');
  });

  it('offers no reset link to a person whose account was never activated', async () => {
    const reply = await ask('marcus.lee', "what's going on with riley.chen@acme.example?", '1800001400.000100');

    expect(reply?.text).toMatch(/^Riley Chen's account was created 2 days ago .* by Priya Patel but never activated/);
    expect(reply?.text).not.toMatch(/Please confirm/);
    expect(buttonsOf(reply)).toBeUndefined();
  });
});
