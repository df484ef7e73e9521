// People by reference through the real agent (scripted model) and the real desk over mocked Okta:
// a work email, "me", a unique name, a shared name (a list, nothing written) and an unknown name
// (nothing written, never the requester). Slack mentions become emails in the Slack layer
// (tests/slack/front-door.test.ts) and arrive here as the email case.
import { describe, expect, it } from 'vitest';
import type { Requester } from '../../src/mastra/request-context.js';
import { createTestResponder, useMockOrg } from '../helpers/agent.js';
import { scriptedModel, type ScriptedStep } from '../helpers/model.js';
import { orgReads, PEOPLE, type OrgPerson } from '../helpers/org.js';

const ALEX: OrgPerson = { id: '00ualex0000000000001', email: 'alex.kim@acme.example', firstName: 'Alex', lastName: 'Kim', department: 'Engineering', groups: ['Everyone', 'Engineering'] };
const JANE_ROE: OrgPerson = { id: '00ujaneroe0000000001', email: 'jane.roe@acme.example', firstName: 'Jane', lastName: 'Roe', department: 'Sales', groups: ['Everyone', 'Sales'] };
const JANE_DOE: OrgPerson = { ...PEOPLE.jane, department: 'Engineering' };
const ORG = [...Object.values(PEOPLE).filter((p) => p !== PEOPLE.jane), JANE_DOE, JANE_ROE, ALEX];

const requesterOf = (person: OrgPerson, slackUserId: string): Requester => ({ email: person.email, source: 'slack', slackUserId, teamId: 'T1', channelId: 'D1', threadTs: '1.0' });
/** Helpdesk role: may look up and change other people's accounts (with a confirmation). */
const SAM = requesterOf(PEOPLE.sam, 'U0SAM');
/** Employee: may only look up and change their own account. */
const EVE = requesterOf(PEOPLE.eve, 'U0EVE');

const { server, recorder } = useMockOrg();

async function ask(text: string, steps: ScriptedStep[], requester: Requester = SAM) {
  server.use(...orgReads(recorder, ORG));
  const { model, prompts } = scriptedModel(steps);
  const respond = await createTestResponder(model);
  const answer = await respond({ text, requester, memory: { thread: 'slack:T1:D1:1.0', resource: `slack:T1:${requester.slackUserId}` } });
  return { answer, prompts };
}

const writes = () => recorder.sent.filter((r) => r.method !== 'GET');
const searches = () => recorder.sent.filter((r) => r.path === '/api/v1/users').map((r) => r.query.search);

describe('people by reference', () => {
  it('acts on the person a work email names', async () => {
    const { answer } = await ask('lock alex.kim@acme.example', [{ tool: 'lockAccount', input: { person: 'Alex.Kim@acme.example' } }]);
    expect(answer.text).toBe('Please confirm: Lock Alex Kim (alex.kim@acme.example): suspend the account and end every Okta session.');
    expect(answer.pendingActionIds).toHaveLength(1);
    expect(writes()).toEqual([]);
  });

  it('acts on the requester only when the person is "me"', async () => {
    const { answer } = await ask('lock my account, I lost my laptop', [{ tool: 'lockAccount', input: { person: 'me' } }]);
    // "your account" is said only when the account is the requester's own (issue 10.6 wording).
    expect(answer.text).toBe('Please confirm: Lock your account: suspend the account and end every Okta session.');
  });

  it('resolves a unique full name in Okta by exact first and last name, then asks for the usual confirmation', async () => {
    const { answer, prompts } = await ask("lock Alex Kim's account", [{ tool: 'lockAccount', input: { person: 'Alex Kim' } }]);
    expect(searches()).toContain('profile.firstName eq "Alex" and profile.lastName eq "Kim"');
    expect(answer.text).toBe('Please confirm: Lock Alex Kim (alex.kim@acme.example): suspend the account and end every Okta session.');
    expect(answer.pendingActionIds).toHaveLength(1);
    expect(writes()).toEqual([]);
    expect(prompts).toHaveLength(1);
  });

  it('reads about a unique name: "what groups is Alex Kim in?"', async () => {
    const { answer } = await ask('what groups is Alex Kim in?', [{ tool: 'listUserGroups', input: { person: 'Alex Kim' } }]);
    expect(answer.text).toBe('Alex Kim is in 2 Okta groups: Everyone, Engineering.');
    // The name search already found Alex: Okta is not asked for the same person by email again.
    expect(searches()).not.toContain('profile.email eq "alex.kim@acme.example"');
  });

  it('answers a shared name with a short list to pick from (name, email, department) and writes nothing', async () => {
    const { answer } = await ask('reset the password of Jane', [{ tool: 'resetPassword', input: { person: 'Jane' } }]);
    expect(searches()).toContain('profile.firstName eq "Jane" or profile.lastName eq "Jane"');
    expect(answer.text).toContain('2 people in Okta are called "Jane", so nothing was changed. Which one do you mean?');
    expect(answer.text).toContain('• Jane Doe (jane.doe@acme.example), Engineering');
    expect(answer.text).toContain('• Jane Roe (jane.roe@acme.example), Sales');
    expect(answer.pendingActionIds).toEqual([]);
    expect(answer.resetLinkReferences).toEqual([]);
    expect(writes()).toEqual([]);
  });

  it('answers an unknown name with "no one by that name", writes nothing and never falls back to the requester', async () => {
    const { answer } = await ask('lock Morgan Blake', [{ tool: 'lockAccount', input: { person: 'Morgan Blake' } }]);
    expect(answer.text).toBe('No one in Okta is called "Morgan Blake", so nothing was changed. Give their work email, or ask me to search for part of the name.');
    expect(answer.text).not.toContain(PEOPLE.sam.email);
    expect(answer.pendingActionIds).toEqual([]);
    expect(writes()).toEqual([]);
  });

  it('refuses a person the model left out instead of taking the requester', async () => {
    const { answer } = await ask('lock him', [{ tool: 'lockAccount', input: {} }, { text: 'Locked.' }]);
    expect(answer.pendingActionIds).toEqual([]);
    expect(answer.text).toContain('nothing was changed');
    expect(answer.text).not.toContain('Sam Rivera');
    expect(writes()).toEqual([]);
  });

  it('refuses a reference that is neither "me", an email nor a name, such as an unresolved Slack mention', async () => {
    const { answer } = await ask('unlock <@U0NOBODY>', [{ tool: 'unlockAccount', input: { person: '<@U0NOBODY>' } }]);
    expect(answer.text).toBe('I can\'t tell who "<@U0NOBODY>" is, so nothing was changed. Give their work email or their first and last name.');
    expect(recorder.sent).toEqual([]);
  });

  it("does not list other people to an employee who may not look them up", async () => {
    const { answer } = await ask('what groups is Jane in?', [{ tool: 'listUserGroups', input: { person: 'Jane' } }], EVE);
    expect(answer.text).toContain("can look up someone else's account");
    expect(answer.text).not.toContain('jane.doe@acme.example');
    expect(answer.text).not.toContain('jane.roe@acme.example');
    expect(writes()).toEqual([]);
  });

  it('resolves an employee\'s own full name to themself', async () => {
    const { answer } = await ask('what groups is Eve Adams in?', [{ tool: 'listUserGroups', input: { person: 'Eve Adams' } }], EVE);
    expect(answer.text).toBe('You are in 2 Okta groups: Everyone, Sales.');
  });
});
