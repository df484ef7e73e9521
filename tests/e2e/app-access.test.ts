// End to end over HTTP with every stand-in (demo Okta org with its apps, Slack console, offline
// planner): "I can't open Salesforce" is answered in code with the group that grants the app, the
// access request for that group reaches the IT admins as the usual approval card, and approving it
// puts the person in the group, which gives them the app in the demo org.
import { describe, expect, it } from 'vitest';
import { DEMO_OKTA_TOKEN, DEMO_PEOPLE } from '../../src/demo/okta/index.js';
import { peopleFromDemoOrg } from '../../src/demo/slack-console/index.js';
import { botMessages, dmTheBot, useDemoHelpdesk, type ConsoleMessage } from '../helpers/demo-app.js';

const SECRET = 'e2e-app-access-signing-secret-0123456789';
const people = peopleFromDemoOrg(DEMO_PEOPLE);
const person = (handle: string) => people.find((p) => p.email.startsWith(`${handle}@`))!;

const demo = useDemoHelpdesk(SECRET);

const feed = () => botMessages(demo);
const ask = (handle: string, text: string, ts: string) => dmTheBot(demo, SECRET, person(handle), text, ts);

const buttonsOf = (message: ConsoleMessage | undefined) => message?.blocks?.find((b) => b.type === 'actions')?.elements?.map((e) => e.action_id);

async function demoOkta<T>(path: string): Promise<T> {
  const response = await fetch(`${demo.app.demoOktaUrl}${path}`, { headers: { authorization: `SSWS ${DEMO_OKTA_TOKEN}`, accept: 'application/json' } });
  return (await response.json()) as T;
}

const groupsOf = async (email: string) => (await demoOkta<Array<{ profile: { name: string } }>>(`/api/v1/users/${email}/groups`)).map((g) => g.profile.name);
const appsOf = async (email: string) => (await demoOkta<Array<{ label: string }>>(`/api/v1/users/${email}/appLinks`)).map((link) => link.label);

describe('app access in the zero-credential demo', () => {
  const jordan = person('jordan.rivera');
  const priya = person('priya.patel');

  it('tells Jordan which group gives Salesforce and sends the access request for that group to the IT admins', async () => {
    const reply = await ask('jordan.rivera', "I can't open Salesforce", '1800002000.000100');

    expect(reply?.text).toMatch(/^You don't have access to Salesforce\.com: it comes with the Okta group Sales, and you are not in it\.\nThis needs approval by one of the IT admins\./);
    expect(buttonsOf(reply)).toBeUndefined();
    const card = (await feed()).find((m) => m.channel === `D${priya.slackUserId}` && buttonsOf(m)?.includes('helpdesk_approve'));
    expect(JSON.stringify(card?.blocks)).toContain('*What will happen:* Add jordan.rivera@acme.example to the Okta group Sales.');
    expect(JSON.stringify(card?.blocks)).toContain('Access to Salesforce.com');
    expect(await groupsOf(jordan.email)).not.toContain('Sales');
  });

  it('adds Jordan to Sales when Priya approves, and Salesforce is then among his apps', async () => {
    const card = (await feed()).find((m) => m.channel === `D${priya.slackUserId}` && buttonsOf(m)?.includes('helpdesk_approve'))!;
    const actions = card.blocks!.find((b) => b.type === 'actions')!;
    const click = await fetch(`${demo.server.url}/console/click`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ personId: priya.slackUserId, channel: card.channel, messageTs: card.ts, actionId: 'helpdesk_approve', blockId: actions.block_id }),
    });
    expect(click.status).toBe(200);
    await demo.app.idle();

    expect(await groupsOf(jordan.email)).toEqual(['Everyone', 'Engineering', 'Sales']);
    expect(await appsOf(jordan.email)).toContain('Salesforce.com');
  });

  it('tells the help desk Alex already has Zoom, and that his locked account is what stops it', async () => {
    const reply = await ask('marcus.lee', "why can't alex.kim@acme.example get into Zoom?", '1800002100.000100');

    expect(reply?.text).toMatch(/^Alex Kim already has access to Zoom in Okta .* But Alex Kim's account is locked out after too many failed sign-ins, which stops every app: ask me why Alex Kim can't sign in\.$/);
    expect(buttonsOf(reply)).toBeUndefined();
  });

  it('never guesses a group for an app given to people one by one', async () => {
    const reply = await ask('jane.smith', 'I need access to Tableau', '1800002200.000100');

    expect(reply?.text).toBe("You don't have access to Tableau Online: in Okta it is given to people one by one, not through a group, so there is no group to request; one of the IT admins must assign it to you.");
  });

  it('refuses an employee asking about someone else', async () => {
    const reply = await ask('jane.smith', 'can alex.kim@acme.example use GitHub?', '1800002300.000100');

    expect(reply?.text).toMatch(/^Only .+ can look up someone else's account\. Ask the IT help desk in #it-help\.$/);
  });
});
