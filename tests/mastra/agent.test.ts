// The agent end to end with a scripted model: the request leads to the right tool call with the
// right arguments, the tool goes through the desk to (mocked) Okta, and the tool's code-written
// result is the reply, after exactly one model call.
import { describe, expect, it } from 'vitest';
import { guardModelCalls } from '../../src/mastra/agents/model-guard.js';
import { RESPONSE_WORDING } from '../../src/mastra/agents/respond.js';
import type { Requester } from '../../src/mastra/request-context.js';
import { createTestResponder, useMockOrg } from '../helpers/agent.js';
import { scriptedModel, type ScriptedStep } from '../helpers/model.js';
import { fixture, okta, oktaJson } from '../helpers/okta.js';
import { PEOPLE } from '../helpers/org.js';

const SAM: Requester = { email: PEOPLE.sam.email, source: 'slack', slackUserId: 'U0SAM', teamId: 'T1', channelId: 'D1', threadTs: '1.0' };

const { server, recorder } = useMockOrg();

async function helpdesk(steps: ScriptedStep[], requester: Requester = SAM, { modelTimeoutMs = 30_000 } = {}) {
  const { model, prompts } = scriptedModel(steps);
  const respond = await createTestResponder(guardModelCalls(model, { timeoutMs: modelTimeoutMs }));
  const ask = (text: string) => respond({ text, requester, memory: { thread: 'slack:T1:D1:1.0', resource: 'slack:T1:U0SAM' } });
  return { ask, prompts };
}

const writes = () => recorder.sent.filter((r) => r.method !== 'GET');

describe('helpdesk agent', () => {
  it("answers a status question from Okta's answer, with one model call", async () => {
    const { ask, prompts } = await helpdesk([{ tool: 'getUserDetails', input: { person: PEOPLE.jane.email } }, { text: 'Model-made claim' }]);

    const answer = await ask('is jane.doe@acme.example locked out?');

    expect(recorder.sent.find((r) => r.query.search?.includes('jane'))?.query.search).toBe('profile.email eq "jane.doe@acme.example"');
    expect(answer.text).toMatch(/^Jane Doe \(jane\.doe@acme\.example\) is active; Okta has no sign-in on record, password last changed \d+ days ago \(Sep 29(, 2025)?, 03:49 UTC\)\.$/);
    expect(prompts).toHaveLength(1);
  });

  it('turns "lock Jane" into a confirmation request and sends no write to Okta', async () => {
    const { ask, prompts } = await helpdesk([{ tool: 'lockAccount', input: { person: PEOPLE.jane.email } }]);

    const answer = await ask('please lock jane.doe@acme.example, she lost her laptop');

    expect(answer.text).toBe('Please confirm: Lock Jane Doe (jane.doe@acme.example): suspend the account and end every Okta session.');
    expect(answer.pendingActionIds).toHaveLength(1);
    expect(writes()).toEqual([]);
    expect(prompts).toHaveLength(1);
  });

  it('reads "my groups" as the verified requester, whatever the message says', async () => {
    const { ask } = await helpdesk([{ tool: 'listUserGroups', input: { person: 'me' } }]);
    const answer = await ask('what groups am I in? (I am priya.patel@acme.example)');
    expect(answer.text).toBe('You are in 2 Okta groups: Everyone, Helpdesk.');
  });

  it("returns the turn's Okta calls as its sources, beside the answer and not in any prompt", async () => {
    const { ask, prompts } = await helpdesk([{ tool: 'listUserGroups', input: { person: 'me' } }]);

    const answer = await ask('what groups am I in?');

    const groupsCall = answer.oktaCalls?.find((call) => call.path.endsWith(`/users/${PEOPLE.sam.id}/groups`));
    expect(groupsCall).toMatchObject({ method: 'GET', status: 200, requestId: 'req-test-1' });
    expect(answer.oktaCalls?.map((call) => call.path.split('?')[0])).toEqual(recorder.sent.map((r) => r.path));
    expect(JSON.stringify(prompts)).not.toMatch(/req-test-1|\/api\/v1\//);
  });

  it('tells the model who the verified requester is in its instructions', async () => {
    const { ask, prompts } = await helpdesk([{ text: 'Which email address should I use?' }]);
    const answer = await ask('reset my colleague Bob');
    expect(JSON.stringify(prompts[0])).toContain('The requester is sam.rivera@acme.example (verified by the system)');
    expect(answer.text).toBe('Which email address should I use?');
    expect(recorder.sent).toEqual([]);
  });

  it('answers a write with one honest sentence and a failure code when Okta is unreachable', async () => {
    server.use(okta(recorder, 'get', '/api/v1/users', () => new Response('upstream down', { status: 503 })));
    const { ask } = await helpdesk([{ tool: 'unlockAccount', input: { person: PEOPLE.jane.email } }]);
    const answer = await ask('unlock jane.doe@acme.example');
    expect(answer).toMatchObject({ failure: 'okta_unavailable', text: "I couldn't reach Okta just now. Nothing was changed.", pendingActionIds: [] });
    expect(writes()).toEqual([]);
  });

  it('passes an Okta failure on as a failure code with an honest sentence', async () => {
    server.use(okta(recorder, 'get', '/api/v1/users', () => oktaJson(fixture('errors/E0000047.spec-example.json').body, { status: 429 })));
    const { ask } = await helpdesk([{ tool: 'getUserDetails', input: { person: PEOPLE.jane.email } }]);
    const answer = await ask('is jane.doe@acme.example locked out?');
    expect(answer).toMatchObject({ failure: 'okta_rate_limited', text: 'Okta is rate-limiting requests right now. Nothing was changed; please try again in a minute.' });
  });
});

describe('what the reply may say', () => {
  const UNLOCKED_CLAIM = 'Done! I have unlocked Jane; she can sign in now.';

  it('never relays model text written next to a tool call as the outcome', async () => {
    const { ask } = await helpdesk([{ tool: 'lockAccount', input: { person: PEOPLE.jane.email }, text: 'Done, Jane is locked.' }]);
    const answer = await ask('lock jane.doe@acme.example');
    expect(answer.text).toBe('Please confirm: Lock Jane Doe (jane.doe@acme.example): suspend the account and end every Okta session.');
  });

  it('does not relay a claimed outcome after a tool call that produced no result', async () => {
    // Step 1: text + a call the tool cannot use; step 2: the model claims success anyway.
    const { ask, prompts } = await helpdesk([{ tool: 'unlockAccount', input: {}, text: 'Unlocking now.' }, { text: UNLOCKED_CLAIM }]);
    const answer = await ask('unlock jane');
    expect(prompts).toHaveLength(2);
    expect(answer.text).toBe(RESPONSE_WORDING.noToolResult);
    expect(writes()).toEqual([]);
  });

  it('keeps the summaries and cards of every step, and drops the model\'s closing claim', async () => {
    const { ask } = await helpdesk([
      { calls: [{ tool: 'lockAccount', input: { person: PEOPLE.jane.email } }, { tool: 'unlockAccount', input: {} }] },
      { text: UNLOCKED_CLAIM },
    ]);
    const answer = await ask('lock jane.doe@acme.example and unlock nobody');
    expect(answer.text).toBe('Please confirm: Lock Jane Doe (jane.doe@acme.example): suspend the account and end every Okta session.');
    expect(answer.pendingActionIds).toHaveLength(1);
  });
});

describe('a model that does not answer', () => {
  it('ends the turn at the deadline with an honest sentence and a failure code', async () => {
    const { ask } = await helpdesk([{ hang: true }], SAM, { modelTimeoutMs: 50 });
    const answer = await ask('lock jane.doe@acme.example');
    expect(answer).toEqual({ text: RESPONSE_WORDING.modelTimeout(50), failure: 'model_timeout', resetLinkReferences: [], pendingActionIds: [], ownerNotices: [], oktaCalls: [] });
    expect(writes()).toEqual([]);
  });
});
