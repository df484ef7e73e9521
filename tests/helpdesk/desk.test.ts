// The desk: policy before any write, confirmation and approval cards that run exactly the stored
// action once, only for the right person, before expiry; reset links only to their owner; audit.
import { http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createPendingActionStore } from '../../src/helpdesk/pending-actions.js';
import { createDirectory, createOktaClient, recordOktaCalls } from '../../src/okta/index.js';
import { createTestDesk } from '../helpers/desk.js';
import { ORG_URL, TOKEN, createRecorder, fixture, oktaJson, replay } from '../helpers/okta.js';
import { PEOPLE, oktaGroup, orgReads } from '../helpers/org.js';

const { sam, jane, eve, priya } = PEOPLE;
const slack = { sam: 'U0SAM', jane: 'U0JANE', eve: 'U0EVE', priya: 'U0PRIYA' };
const server = setupServer();
let recorder = createRecorder();
let clock = 1_800_000_000_000;

beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
beforeEach(() => {
  recorder = createRecorder();
  clock = 1_800_000_000_000;
  server.use(
    ...orgReads(recorder),
    http.post(`${ORG_URL}/api/v1/users/:id/lifecycle/:operation`, async ({ request, params }) => {
      await recorder.record(request);
      if (params.operation === 'reset_password') return replay(fixture('reset-password.sendEmail-false.recorded.json'));
      return oktaJson({}, { requestId: `req-${String(params.operation)}` });
    }),
    http.delete(`${ORG_URL}/api/v1/users/:id/sessions`, async ({ request }) => {
      await recorder.record(request);
      return new Response(null, { status: 204, headers: { 'x-okta-request-id': 'req-sessions' } });
    }),
    http.put(`${ORG_URL}/api/v1/groups/:gid/users/:uid`, async ({ request }) => {
      await recorder.record(request);
      return new Response(null, { status: 204, headers: { 'x-okta-request-id': 'req-assign' } });
    }),
  );
});
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

async function setup({ helpdeskChannel }: { helpdeskChannel?: string } = {}) {
  const directory = createDirectory(createOktaClient({ orgUrl: ORG_URL, auth: { kind: 'token', token: TOKEN } }, { maxRetries: 0 }));
  return createTestDesk(directory, { now: () => clock, helpdeskChannel });
}
const writes = () => recorder.sent.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path}`);
const as = (person: { email: string }, slackUserId: string) => ({ email: person.email, slackUserId, channelId: 'D1', threadTs: '1.0' });
const clicker = (person: { email: string }, slackUserId: string) => ({ email: person.email, slackUserId });

describe('desk.request', () => {
  it("refuses an employee who asks to lock someone else's account, and writes nothing", async () => {
    const { desk, audit } = await setup();
    const answer = await desk.request(as(eve, slack.eve), { kind: 'lock', targetEmail: jane.email });
    expect(answer).toEqual({ outcome: 'denied', summary: "Only someone on the help desk or one of the IT admins can lock someone else's account. Ask the IT help desk in #it-help." });
    expect(writes()).toEqual([]);
    expect((await audit.list())[0]).toMatchObject({ requesterEmail: eve.email, action: 'lock', target: jane.email, outcome: 'denied' });
  });

  it('refuses the help desk acting on an IT admin (protected account)', async () => {
    const { desk } = await setup();
    const answer = await desk.request(as(sam, slack.sam), { kind: 'reset_password', targetEmail: priya.email });
    expect(answer.outcome).toBe('denied');
    expect(answer.summary).toBe('priya.patel@acme.example is one of the IT admins, so only one of the IT admins can change that account. Ask one of the IT admins.');
  });

  it('asks for confirmation instead of acting, and says exactly what will happen', async () => {
    const { desk, audit } = await setup();
    const answer = await desk.request(as(sam, slack.sam), { kind: 'lock', targetEmail: jane.email });
    expect(answer).toMatchObject({ outcome: 'confirmation_requested', summary: 'Please confirm: Lock Jane Doe (jane.doe@acme.example): suspend the account and end every Okta session.' });
    expect(answer.pendingActionId).toMatch(/^pa_/);
    expect(writes()).toEqual([]);
    expect((await audit.list())[0]?.outcome).toBe('confirmation_requested');
  });
});

describe('desk.click on a confirmation card', () => {
  it('runs exactly the stored action when the requester confirms, once', async () => {
    const { desk, audit } = await setup();
    const { pendingActionId = '' } = await desk.request(as(sam, slack.sam), { kind: 'lock', targetEmail: jane.email });

    const first = await desk.click(pendingActionId, 'confirm', clicker(sam, slack.sam));
    const second = await desk.click(pendingActionId, 'confirm', clicker(sam, slack.sam));

    expect(first).toMatchObject({ kind: 'executed', cardText: "Jane Doe's account is now suspended and every Okta session was ended." });
    expect(second).toEqual({ kind: 'refused', message: 'This request was already handled; nothing more was done.' });
    expect(writes()).toEqual([`POST /api/v1/users/${jane.id}/lifecycle/suspend`, `DELETE /api/v1/users/${jane.id}/sessions`]);
    const entries = await audit.list();
    expect(entries.map((e) => e.outcome)).toEqual(['executed', 'confirmed', 'confirmation_requested']);
    expect(entries[0]).toMatchObject({ oktaRequestId: 'req-suspend,req-sessions', target: jane.email, requesterEmail: sam.email });
  });

  it("locks one's own account with three Okta calls once the requester is cached: read, suspend, end sessions", async () => {
    const { desk } = await setup();
    const { pendingActionId = '' } = await desk.request(as(jane, slack.jane), { kind: 'lock', targetEmail: jane.email });
    recorder.sent.length = 0;
    expect(await desk.click(pendingActionId, 'confirm', clicker(jane, slack.jane))).toMatchObject({ kind: 'executed' });
    expect(recorder.sent.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /api/v1/users',
      `POST /api/v1/users/${jane.id}/lifecycle/suspend`,
      `DELETE /api/v1/users/${jane.id}/sessions`,
    ]);
  });

  it('executes once when two clicks arrive at the same time', async () => {
    const { desk } = await setup();
    const { pendingActionId = '' } = await desk.request(as(sam, slack.sam), { kind: 'unlock', targetEmail: jane.email, });
    const results = await Promise.all([1, 2, 3, 4].map(() => desk.click(pendingActionId, 'confirm', clicker(sam, slack.sam))));
    expect(results.filter((r) => r.kind === 'executed')).toHaveLength(1);
    expect(results.filter((r) => r.kind === 'refused')).toHaveLength(3);
  });

  it('refuses a click by someone other than the person the card was shown to', async () => {
    const { desk } = await setup();
    const { pendingActionId = '' } = await desk.request(as(sam, slack.sam), { kind: 'lock', targetEmail: jane.email });
    expect(await desk.click(pendingActionId, 'confirm', clicker(priya, slack.priya))).toEqual({
      kind: 'refused',
      message: 'Only the person who asked can confirm or cancel this; nothing was changed.',
    });
    expect(writes()).toEqual([]);
    expect(await desk.click(pendingActionId, 'confirm', clicker(sam, slack.sam))).toMatchObject({ kind: 'executed' });
  });

  it('refuses a click after ten minutes and changes nothing', async () => {
    const { desk, audit } = await setup();
    const { pendingActionId = '' } = await desk.request(as(sam, slack.sam), { kind: 'lock', targetEmail: jane.email });
    clock += 10 * 60 * 1000 + 1;
    expect(await desk.click(pendingActionId, 'confirm', clicker(sam, slack.sam))).toMatchObject({ kind: 'closed', cardText: expect.stringContaining('expired') as string });
    expect(writes()).toEqual([]);
    expect((await audit.list())[0]?.outcome).toBe('expired');
  });

  it('cancels without touching Okta, and a later confirm is refused', async () => {
    const { desk } = await setup();
    const { pendingActionId = '' } = await desk.request(as(sam, slack.sam), { kind: 'lock', targetEmail: jane.email });
    expect(await desk.click(pendingActionId, 'cancel', clicker(sam, slack.sam))).toMatchObject({ kind: 'closed', cardText: 'Cancelled; nothing was changed.' });
    expect(await desk.click(pendingActionId, 'confirm', clicker(sam, slack.sam))).toMatchObject({ kind: 'refused' });
    expect(writes()).toEqual([]);
  });

  it('refuses honestly when Okta is down at click time, and the card still works afterwards', async () => {
    const { desk } = await setup();
    const { pendingActionId = '' } = await desk.request(as(priya, slack.priya), { kind: 'lock', targetEmail: jane.email });
    server.use(http.get(`${ORG_URL}/api/v1/users`, () => new Response('upstream down', { status: 503 })));
    expect(await desk.click(pendingActionId, 'confirm', clicker(priya, slack.priya))).toEqual({
      kind: 'refused',
      message: "I couldn't reach Okta just now. Nothing was changed.",
    });
    expect(writes()).toEqual([]);
    server.resetHandlers();
    server.use(...orgReads(recorder), http.post(`${ORG_URL}/api/v1/users/:id/lifecycle/:operation`, () => oktaJson({})), http.delete(`${ORG_URL}/api/v1/users/:id/sessions`, () => new Response(null, { status: 204 })));
    expect(await desk.click(pendingActionId, 'confirm', clicker(priya, slack.priya))).toMatchObject({ kind: 'executed' });
  });

  it('re-reads your own account at the click: a suspension since the request is not lifted by your Confirm', async () => {
    const { desk } = await setup();
    server.use(...orgReads(recorder, [...Object.values(PEOPLE).filter((p) => p !== eve), { ...eve, status: 'LOCKED_OUT' }]));
    const { pendingActionId = '' } = await desk.request(as(eve, slack.eve), { kind: 'unlock', targetEmail: eve.email });
    expect(pendingActionId).toMatch(/^pa_/);
    // Security suspends the account while the card waits (the requester cache still says LOCKED_OUT).
    server.use(...orgReads(recorder, [...Object.values(PEOPLE).filter((p) => p !== eve), { ...eve, status: 'SUSPENDED' }]));

    expect(await desk.click(pendingActionId, 'confirm', clicker(eve, slack.eve))).toMatchObject({ kind: 'refused', message: expect.stringContaining('Something changed since you asked') as string });
    expect(writes()).toEqual([]);
  });

  it('cancels without asking Okta anything', async () => {
    const { desk } = await setup();
    const { pendingActionId = '' } = await desk.request(as(priya, slack.priya), { kind: 'lock', targetEmail: jane.email });
    server.use(http.get(`${ORG_URL}/api/v1/*`, () => new Response('upstream down', { status: 503 })));
    expect(await desk.click(pendingActionId, 'cancel', clicker(priya, slack.priya))).toMatchObject({ kind: 'closed', cardText: 'Cancelled; nothing was changed.' });
  });

  it('does not accept approve on a confirmation card', async () => {
    const { desk } = await setup();
    const { pendingActionId = '' } = await desk.request(as(sam, slack.sam), { kind: 'lock', targetEmail: jane.email });
    expect(await desk.click(pendingActionId, 'approve', clicker(priya, slack.priya))).toMatchObject({ kind: 'refused' });
  });
});

describe('the Okta calls behind each audit row', () => {
  const sent = () => recorder.sent.map((r) => `${r.method} ${r.path}`);
  const pathsOf = (calls: Array<{ method: string; path: string }> | undefined) => calls?.map((c) => `${c.method} ${c.path.split('?')[0]}`);

  it('gives a denial, asked in a recorded turn, the calls that decided it', async () => {
    const { desk, audit } = await setup();

    const { calls } = await recordOktaCalls(() => desk.request(as(eve, slack.eve), { kind: 'lock', targetEmail: jane.email }));

    const [denied] = await audit.list();
    expect(denied?.outcome).toBe('denied');
    expect(pathsOf(denied?.oktaCalls)).toEqual(sent());
    expect(denied?.oktaCalls).toEqual(calls);
  });

  it("gives a click's rows the click's calls only, the executed row and the result the same list", async () => {
    const { desk, audit } = await setup();
    const { pendingActionId = '' } = await desk.request(as(sam, slack.sam), { kind: 'lock', targetEmail: jane.email });
    recorder.sent.length = 0;

    const result = await desk.click(pendingActionId, 'confirm', clicker(sam, slack.sam));

    expect(result.kind).toBe('executed');
    const calls = result.kind === 'executed' ? result.oktaCalls : [];
    expect(pathsOf(calls)).toEqual(sent());
    expect(calls.slice(-2).map((c) => [c.status, c.requestId])).toEqual([
      [200, 'req-suspend'],
      [204, 'req-sessions'],
    ]);
    const [executed, confirmed] = await audit.list();
    expect(executed).toMatchObject({ outcome: 'executed', oktaCalls: calls });
    expect(confirmed?.outcome).toBe('confirmed');
    expect(calls.slice(0, confirmed?.oktaCalls?.length)).toEqual(confirmed?.oktaCalls);
  });
});

describe('desk.recoverInterrupted', () => {
  it('closes an action a stopped process had claimed, audits it and says the outcome is unknown', async () => {
    const { desk, pending, audit, databaseUrl } = await setup();
    const { pendingActionId = '' } = await desk.request(as(sam, slack.sam), { kind: 'lock', targetEmail: jane.email });
    const stopped = await createPendingActionStore(databaseUrl, () => clock);
    expect(await stopped.claim(pendingActionId)).toHaveProperty('claimed');
    await stopped.shutdown();

    const [interrupted, ...others] = await desk.recoverInterrupted();

    expect(others).toEqual([]);
    expect(interrupted?.pending.id).toBe(pendingActionId);
    expect(interrupted?.cardText).toBe(
      "The server restarted while this was running, so I can't tell whether Okta made the change: Lock jane.doe@acme.example: suspend the account and end every Okta session. Check the account before asking again.",
    );
    expect(await pending.get(pendingActionId)).toMatchObject({ status: 'done', result: 'interrupted' });
    expect((await audit.list())[0]).toMatchObject({ outcome: 'failed', detail: 'interrupted: the server stopped while this ran' });
    expect(await desk.click(pendingActionId, 'confirm', clicker(sam, slack.sam))).toMatchObject({ kind: 'refused' });
    expect(await desk.recoverInterrupted()).toEqual([]);
  });
});

describe('password reset links', () => {
  it("keeps the link for the account owner even when the help desk asked, out of the click result and the audit", async () => {
    const { desk, audit, resetLinks } = await setup();
    const { pendingActionId = '' } = await desk.request(as(sam, slack.sam), { kind: 'reset_password', targetEmail: jane.email });
    const result = await desk.click(pendingActionId, 'confirm', clicker(sam, slack.sam));
    const reference = result.kind === 'executed' ? (result.outcome.resetLinkReference ?? '') : '';
    expect(JSON.stringify(result)).not.toContain('drpwf5himYrnOpIMbDfb');
    expect(resetLinks.take(reference)).toMatchObject({ ownerEmail: jane.email, url: 'https://test.okta.com/reset_password/drpwf5himYrnOpIMbDfb' });
    expect(result.kind === 'executed' && result.cardText).toBe('Okta issued a one-time password reset link for Jane Doe; it goes only to jane.doe@acme.example by direct message.');
    expect(JSON.stringify(await audit.list())).not.toContain('drpwf5himYrnOpIMbDfb');
  });
});

describe('approvals', () => {
  it('sends an access request to the IT admins, and only an admin can approve it', async () => {
    const { desk, pending } = await setup();
    const answer = await desk.request(as(eve, slack.eve), { kind: 'add_to_group', targetEmail: eve.email, groupName: 'Engineering' }, 'new project');
    expect(answer).toMatchObject({ outcome: 'approval_requested' });
    const stored = await pending.get(answer.pendingActionId ?? '');
    expect(stored).toMatchObject({ kind: 'approval', approverRoles: ['admin'], reason: 'new project', origin: { channelId: 'D1', threadTs: '1.0' } });
    expect(await desk.approverEmails(stored!)).toEqual([priya.email]);

    expect(await desk.click(stored!.id, 'approve', clicker(sam, slack.sam))).toMatchObject({ kind: 'refused' });
    expect(await desk.click(stored!.id, 'approve', clicker(eve, slack.eve))).toMatchObject({ kind: 'refused' });
    expect(writes()).toEqual([]);

    const approved = await desk.click(stored!.id, 'approve', clicker(priya, slack.priya));
    expect(approved).toMatchObject({ kind: 'executed', requesterNotice: 'Approved by priya.patel@acme.example. You were added to Engineering.' });
    expect(writes()).toEqual([`PUT /api/v1/groups/${oktaGroup('Engineering').id}/users/${eve.id}`]);
  });

  it('tells the requester when an approver rejects, and changes nothing', async () => {
    const { desk } = await setup();
    const { pendingActionId = '' } = await desk.request(as(eve, slack.eve), { kind: 'reset_mfa', targetEmail: eve.email });
    const rejected = await desk.click(pendingActionId, 'reject', clicker(sam, slack.sam));
    expect(rejected).toMatchObject({ kind: 'closed', requesterNotice: 'Your request was rejected by sam.rivera@acme.example; nothing was changed.' });
    expect(writes()).toEqual([]);
  });
});

describe('wording a person wants', () => {
  it('sends a refused employee to the configured help-desk channel', async () => {
    const { desk } = await setup({ helpdeskChannel: 'C0HELP1234' });
    expect(await desk.request(as(eve, slack.eve), { kind: 'lock', targetEmail: jane.email })).toEqual({
      outcome: 'denied',
      summary: "Only someone on the help desk or one of the IT admins can lock someone else's account. Ask the IT help desk in <#C0HELP1234>.",
    });
    expect(await desk.authorizeLookup(as(eve, slack.eve), jane.email)).toEqual({
      allowed: false,
      summary: "Only someone on the help desk or one of the IT admins can look up someone else's account. Ask the IT help desk in <#C0HELP1234>.",
    });
  });

  it('never tells the help desk to ask the help desk, even with a help-desk channel set', async () => {
    const { desk } = await setup({ helpdeskChannel: '#it-help' });
    const answer = await desk.request(as(sam, slack.sam), { kind: 'add_to_group', targetEmail: jane.email, groupName: 'Engineering' });
    expect(answer).toEqual({ outcome: 'denied', summary: 'Only one of the IT admins can add someone else to a group. Ask one of the IT admins.' });
    expect(answer.summary).not.toMatch(/help desk in/);
  });

  it('asks the account owner to confirm "your account" and reports the outcome the same way', async () => {
    const { desk } = await setup();
    const answer = await desk.request(as(eve, slack.eve), { kind: 'lock', targetEmail: eve.email });
    expect(answer.summary).toBe('Please confirm: Lock your account: suspend the account and end every Okta session.');
    const clicked = await desk.click(answer.pendingActionId ?? '', 'confirm', clicker(eve, slack.eve));
    expect(clicked).toMatchObject({ kind: 'executed', cardText: 'Your account is now suspended and every Okta session was ended.' });
  });

  it('names the account to the help desk acting on someone else', async () => {
    const { desk } = await setup();
    const answer = await desk.request(as(sam, slack.sam), { kind: 'lock', targetEmail: jane.email });
    expect(answer.summary).toBe('Please confirm: Lock Jane Doe (jane.doe@acme.example): suspend the account and end every Okta session.');
  });

  it('words the approval as a person would, and keeps the approvers\' card in the third person', async () => {
    const { desk } = await setup();
    const answer = await desk.request(as(eve, slack.eve), { kind: 'add_to_group', targetEmail: eve.email, groupName: 'Engineering' });
    expect(answer.summary).toBe("This needs approval by one of the IT admins. I've sent them the request: Add you to the Okta group Engineering. I'll tell you here when they decide.");
    const approved = await desk.click(answer.pendingActionId ?? '', 'approve', clicker(priya, slack.priya));
    expect(approved).toMatchObject({
      kind: 'executed',
      cardText: 'Eve Adams was added to Engineering.',
      requesterNotice: 'Approved by priya.patel@acme.example. You were added to Engineering.',
    });
  });
});
