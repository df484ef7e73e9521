// The diagnoseSignIn tool through the agent with a scripted model and mocked Okta: what it reads
// (a bounded System Log query for that user), the code-written diagnosis as the reply after one
// model call, and the fix as a pending card only when it would change something.
import { describe, expect, it } from 'vitest';
import type { Requester } from '../../src/mastra/request-context.js';
import { createTestResponder, useMockOrg } from '../helpers/agent.js';
import { scriptedModel } from '../helpers/model.js';
import { fixture, okta, oktaJson } from '../helpers/okta.js';
import { PEOPLE, orgReads, type OrgPerson } from '../helpers/org.js';

const { server, recorder } = useMockOrg();

const asRequester = (person: OrgPerson): Requester => ({ email: person.email, source: 'slack', slackUserId: `U${person.id}`, teamId: 'T1', channelId: 'D1', threadTs: '1.0' });
const specEvent = (fixture('system-log.list.spec-example.json').body as Array<Record<string, unknown>>)[0]!;
const MINUTE = 60_000;

/** A LogEvent as Okta sends it (the spec example), about `person`, `minutesAgo` before the test runs. */
function logEvent(eventType: string, person: OrgPerson, minutesAgo: number, outcome = { result: 'SUCCESS', reason: null as string | null }) {
  const actor = { id: person.id, type: 'User', alternateId: person.email, displayName: `${person.firstName} ${person.lastName}`, detailEntry: null };
  return { ...specEvent, eventType, outcome, actor, target: [actor], published: new Date(Date.now() - minutesAgo * MINUTE).toISOString() };
}

async function askAs(requester: Requester, text: string, email?: string) {
  const { model, prompts } = scriptedModel([{ tool: 'diagnoseSignIn', input: { person: email ?? 'me' } }, { text: 'Model-made claim' }]);
  const respond = await createTestResponder(model);
  const answer = await respond({ text, requester, memory: { thread: 'slack:T1:D1:1.0', resource: `slack:T1:${requester.slackUserId}` } });
  return { answer, prompts };
}

const logQueries = () => recorder.sent.filter((r) => r.path === '/api/v1/logs');
const writes = () => recorder.sent.filter((r) => r.method !== 'GET');

describe('diagnoseSignIn tool', () => {
  it('reads a bounded, newest-first System Log query for that user only', async () => {
    server.use(okta(recorder, 'get', '/api/v1/logs', () => oktaJson([])), okta(recorder, 'get', '/api/v1/users/:id/factors', () => oktaJson([])));

    await askAs(asRequester(PEOPLE.sam), 'why can\'t jane.doe@acme.example sign in?', PEOPLE.jane.email);

    const [query] = logQueries();
    expect(logQueries()).toHaveLength(1);
    expect(query?.query).toMatchObject({ sortOrder: 'DESCENDING', limit: '100' });
    expect(query?.query.filter).toMatch(new RegExp(`^\\(actor\\.id eq "${PEOPLE.jane.id}" or target\\.id eq "${PEOPLE.jane.id}"\\) and \\(`));
    expect(query?.query.filter).toContain('(eventType eq "user.session.start" and outcome.result eq "FAILURE")');
    const since = Date.parse(query!.query.since!);
    const until = Date.parse(query!.query.until!);
    expect(until - since).toBe(7 * 24 * 60 * MINUTE);
  });

  it('explains a lockout from the log and offers the unlock as a card, after one model call and with no write', async () => {
    const jane = { ...PEOPLE.jane, status: 'LOCKED_OUT' };
    const failed = { result: 'FAILURE', reason: 'INVALID_CREDENTIALS' };
    server.use(
      ...orgReads(recorder, [PEOPLE.sam, jane]),
      okta(recorder, 'get', '/api/v1/logs', () => oktaJson([logEvent('user.account.lock', jane, 125), logEvent('user.session.start', jane, 126, failed), logEvent('user.session.start', jane, 128, failed)])),
    );

    const { answer, prompts } = await askAs(asRequester(PEOPLE.sam), "why can't jane.doe@acme.example sign in?", jane.email);

    expect(answer.text).toMatch(/^Jane Doe's account is locked out after 2 failed sign-ins \(wrong password or code\); Okta locked it 2 hours ago \((?:\w+ \d+, )?\d\d:\d\d UTC\)\. Next step: unlock the account\.\nPlease confirm: Unlock the account of Jane Doe \(jane\.doe@acme\.example\)\.$/);
    expect(answer.pendingActionIds).toHaveLength(1);
    expect(prompts).toHaveLength(1);
    expect(writes()).toEqual([]);
    expect(recorder.sent.some((r) => r.path.endsWith('/factors'))).toBe(false);
  });

  it('offers no card for an active account with nothing in the log: "your account is not locked", and I don\'t know why', async () => {
    server.use(okta(recorder, 'get', '/api/v1/logs', () => oktaJson([])), okta(recorder, 'get', '/api/v1/users/:id/factors', () => oktaJson([])));

    const { answer } = await askAs(asRequester(PEOPLE.jane), "I'm locked out");

    expect(answer.text).toMatch(/^Your account is active and not locked out, and Okta shows no failed sign-ins, lockouts or MFA denials in the last 7 days.*I don't know why you can't sign in/);
    expect(answer.pendingActionIds).toEqual([]);
    expect(writes()).toEqual([]);
  });

  it('refuses an employee asking about someone else, before reading their log', async () => {
    const { answer } = await askAs(asRequester(PEOPLE.eve), "why can't jane.doe@acme.example sign in?", PEOPLE.jane.email);

    expect(answer.text).toMatch(/^Only .+ can .+\. Ask the IT help desk in #it-help\.$/);
    expect(answer.pendingActionIds).toEqual([]);
    expect(logQueries()).toEqual([]);
  });

  it('answers one honest sentence when the System Log cannot be read', async () => {
    server.use(okta(recorder, 'get', '/api/v1/logs', () => new Response('upstream down', { status: 503 })), okta(recorder, 'get', '/api/v1/users/:id/factors', () => oktaJson([])));

    const { answer } = await askAs(asRequester(PEOPLE.jane), "why can't I sign in?");

    expect(answer).toMatchObject({ failure: 'okta_unavailable', text: "I couldn't reach Okta just now. Nothing was changed.", pendingActionIds: [] });
  });
});
