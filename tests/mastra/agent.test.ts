// The agent end to end with a scripted model: the request leads to the right tool call with the
// right arguments, the tool acts on (mocked) Okta, and the tool's code-written result is the reply.
import { Mastra } from '@mastra/core/mastra';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createResetLinkVault } from '../../src/helpdesk/reset-link-vault.js';
import { createHelpdeskAgent, HELPDESK_AGENT_ID } from '../../src/mastra/agents/helpdesk-agent.js';
import { createResponder } from '../../src/mastra/agents/respond.js';
import type { Requester } from '../../src/mastra/request-context.js';
import { createDirectory, createOktaClient } from '../../src/okta/index.js';
import { ORG_URL, TOKEN, createRecorder, fixture, okta, oktaJson, oktaUser } from '../helpers/okta.js';
import { scriptedModel, type ScriptedStep } from '../helpers/model.js';

const REQUESTER: Requester = { email: 'sam.rivera@acme.example', source: 'slack', slackUserId: 'U0SAM', teamId: 'T1', channelId: 'D1', threadTs: '1.0' };
const JANE_ID = '00ujane0000000000001';
const jane = oktaUser({ id: JANE_ID, profile: { email: 'jane.doe@acme.example', login: 'jane.doe@acme.example', firstName: 'Jane', lastName: 'Doe', displayName: 'Jane Doe' } });
const sam = oktaUser({ id: '00usam00000000000001', profile: { email: REQUESTER.email, login: REQUESTER.email, firstName: 'Sam', lastName: 'Rivera', displayName: 'Sam Rivera' } });

const server = setupServer();
let recorder = createRecorder();

beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
beforeEach(() => {
  recorder = createRecorder();
  server.use(okta(recorder, 'get', '/api/v1/users', (request) => oktaJson(new URL(request.url).searchParams.get('search')?.includes('sam.rivera') ? [sam] : [jane])));
});
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

function helpdesk(steps: ScriptedStep[]) {
  const { model, prompts } = scriptedModel(steps);
  const resetLinks = createResetLinkVault();
  const directory = createDirectory(createOktaClient({ orgUrl: ORG_URL, auth: { kind: 'token', token: TOKEN } }, { maxRetries: 0 }));
  const mastra = new Mastra({ agents: { [HELPDESK_AGENT_ID]: createHelpdeskAgent({ model, tools: { directory, resetLinks } }) }, logger: false });
  const respond = createResponder(mastra.getAgent(HELPDESK_AGENT_ID));
  const ask = (text: string) => respond({ text, requester: REQUESTER, memory: { thread: 'slack:T1:D1:1.0', resource: 'slack:T1:U0SAM' } });
  return { ask, prompts, resetLinks };
}

describe('helpdesk agent', () => {
  it('locks the named person with one model call and replies with the code-written outcome', async () => {
    server.use(
      okta(recorder, 'post', `/api/v1/users/${JANE_ID}/lifecycle/suspend`, fixture('suspend.success.recorded.json')),
      okta(recorder, 'delete', `/api/v1/users/${JANE_ID}/sessions`, () => new Response(null, { status: 204 })),
    );
    const { ask, prompts } = helpdesk([{ tool: 'lockAccount', input: { email: 'jane.doe@acme.example' } }, { text: 'Model-made claim' }]);

    const answer = await ask('please lock jane.doe@acme.example, she lost her laptop');

    expect(recorder.sent.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /api/v1/users',
      `POST /api/v1/users/${JANE_ID}/lifecycle/suspend`,
      `DELETE /api/v1/users/${JANE_ID}/sessions`,
    ]);
    expect(recorder.sent[0]?.query.search).toBe('profile.email eq "jane.doe@acme.example"');
    expect(answer).toEqual({ text: "Jane Doe's account is now suspended and every Okta session was ended.", resetLinkReferences: [] });
    expect(prompts).toHaveLength(1);
  });

  it('reads "my groups" as the verified requester, whatever the message says', async () => {
    server.use(okta(recorder, 'get', '/api/v1/users/00usam00000000000001/groups', fixture('list-user-groups.recorded.json')));
    const { ask } = helpdesk([{ tool: 'listUserGroups', input: {} }]);

    const answer = await ask('what groups am I in?');

    expect(recorder.sent[0]?.query.search).toBe('profile.email eq "sam.rivera@acme.example"');
    expect(answer.text).toMatch(/^Sam Rivera is in 2 Okta groups: /);
  });

  it('tells the model who the verified requester is in its instructions', async () => {
    const { ask, prompts } = helpdesk([{ text: 'Which email address should I use?' }]);
    const answer = await ask('reset my colleague Bob');
    expect(JSON.stringify(prompts[0])).toContain('The requester is sam.rivera@acme.example (verified by the system)');
    expect(answer.text).toBe('Which email address should I use?');
    expect(recorder.sent).toEqual([]);
  });

  it('never shows the reset link to the model or in the reply: only a reference', async () => {
    server.use(okta(recorder, 'post', `/api/v1/users/${JANE_ID}/lifecycle/reset_password`, fixture('reset-password.sendEmail-false.recorded.json')));
    const { ask, prompts, resetLinks } = helpdesk([{ tool: 'resetPassword', input: { email: 'jane.doe@acme.example' } }]);

    const answer = await ask('reset the password of jane.doe@acme.example');

    expect(JSON.stringify({ answer, prompts })).not.toContain('drpwf5himYrnOpIMbDfb');
    expect(answer.resetLinkReferences).toHaveLength(1);
    expect(resetLinks.take(answer.resetLinkReferences[0] ?? '')?.url).toBe('https://test.okta.com/reset_password/drpwf5himYrnOpIMbDfb');
  });

  it('passes an Okta failure on as a failure code with an honest sentence', async () => {
    server.use(okta(recorder, 'get', '/api/v1/users', () => oktaJson(fixture('errors/E0000047.spec-example.json').body, { status: 429 })));
    const { ask } = helpdesk([{ tool: 'getUserDetails', input: { email: 'jane.doe@acme.example' } }]);
    const answer = await ask('is jane.doe@acme.example locked out?');
    expect(answer).toMatchObject({ failure: 'okta_rate_limited', text: 'Okta is rate-limiting requests right now. Nothing was changed; please try again in a minute.' });
  });
});
