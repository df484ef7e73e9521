// Okta Verify before sensitive self-service, through the real desk, pending store and audit log
// against the demo Okta org: the demo person answers on their "phone" while the desk waits. The
// test's clock moves only when the desk sleeps between polls, so nothing here depends on wall time.
import { afterEach, describe, expect, it } from 'vitest';
import { createAuditLog } from '../../src/audit/index.js';
import { DEFAULT_PUSH_LIFETIME_SECONDS, type PhoneAnswer } from '../../src/demo/okta/index.js';
import { createDesk, type VerifiedRequester } from '../../src/helpdesk/desk.js';
import { createPendingActionStore } from '../../src/helpdesk/pending-actions.js';
import { createResetLinkVault } from '../../src/helpdesk/reset-link-vault.js';
import { createDirectory, createOktaClient } from '../../src/okta/index.js';
import { DEFAULT_POLICY } from '../../src/policy/index.js';
import { api, startOrg, userId, type RunningOrg } from '../demo/okta/helpers.js';
import { tempDatabaseUrl } from '../helpers/desk.js';

const JORDAN = { email: 'jordan.rivera@acme.example', slackUserId: 'U0JORDAN' };
const CHRIS = { email: 'chris.morgan@acme.example', slackUserId: 'U0CHRIS' };
const MARCUS = { email: 'marcus.lee@acme.example', slackUserId: 'U0MARCUS' };
const PRIYA = { email: 'priya.patel@acme.example', slackUserId: 'U0PRIYA' };
const POLL_MS = 2_000;

let org: RunningOrg | undefined;
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
  await org?.stop();
  org = undefined;
});

/**
 * The demo org and a desk on one fake clock. `onPoll` runs while the desk sleeps between polls (the
 * person acting on their phone); `restart()` builds a second desk on the same database, as after a crash.
 */
async function setup({ onPoll, maxWaitMs }: { onPoll?: (poll: number) => void; maxWaitMs?: number } = {}) {
  const clock = { now: Date.parse('2026-12-06T10:00:00.000Z') };
  const now = () => clock.now;
  org = await startOrg({ now: () => new Date(clock.now) });
  const running = org;
  const directory = createDirectory(createOktaClient({ orgUrl: running.url, auth: { kind: 'token', token: running.token } }, { maxRetries: 0 }));
  const databaseUrl = tempDatabaseUrl();
  let polls = 0;
  const sleep = async (ms: number) => {
    polls += 1;
    onPoll?.(polls);
    clock.now += ms;
  };
  async function build() {
    const audit = await createAuditLog(databaseUrl);
    const pending = await createPendingActionStore(databaseUrl, now);
    closers.push(() => pending.shutdown(), () => audit.close());
    const desk = createDesk({ directory, resetLinks: createResetLinkVault(now), policy: DEFAULT_POLICY, audit, pending, now, verification: { pollMs: POLL_MS, maxWaitMs, sleep } });
    return { desk, audit, pending };
  }
  const first = await build();
  /** The number's pick on the person's phone: right, a wrong one of the three shown, or deny. */
  const answer = (email: string, how: 'right' | 'wrong' | 'deny', correctAnswer: number) => {
    const [push] = running.phone.waiting(email);
    if (!push) throw new Error(`nothing waits on ${email}'s phone`);
    const pick: PhoneAnswer = how === 'deny' ? 'deny' : { pick: how === 'right' ? correctAnswer : push.choices.find((choice) => choice !== correctAnswer)! };
    return running.phone.answer(push.transactionId, pick);
  };
  return { ...first, org: running, clock, answer, restart: build, polls: () => polls };
}

const asRequester = (person: typeof JORDAN): VerifiedRequester => ({ ...person, channelId: 'D0THREAD', threadTs: '1.0' });
const numberIn = (text: string) => Number(/tap (\d+)/.exec(text)?.[1]);
const statusOf = (running: RunningOrg, email: string) => running.state.users.get(userId(running, email))!.status;
const resetLinksOf = (running: RunningOrg, email: string) => [...running.state.resetTokens.values()].filter((id) => id === userId(running, email)).length;

async function confirmOwnReset(context: Awaited<ReturnType<typeof setup>>, person = JORDAN) {
  const { pendingActionId = '' } = await context.desk.request(asRequester(person), { kind: 'reset_password', targetEmail: person.email });
  const clicked = await context.desk.click(pendingActionId, 'confirm', person);
  return { pendingActionId, clicked };
}

describe('a confirmed self-service reset waits for Okta Verify', () => {
  it('sends one push, DMs the number, runs nothing until the phone approves, then runs the stored action once', async () => {
    let correct = 0;
    const context = await setup({ onPoll: (poll) => (poll === 2 ? context.answer(JORDAN.email, 'right', correct) : undefined) });
    const { pendingActionId, clicked } = await confirmOwnReset(context);

    expect(clicked).toMatchObject({ kind: 'verifying', cardText: expect.stringMatching(/^Waiting for you to approve on your phone/) as string });
    const numberText = clicked.kind === 'verifying' ? clicked.numberText : '';
    correct = numberIn(numberText);
    expect(context.org.phone.waiting(JORDAN.email)[0]?.choices).toContain(correct);
    expect(numberText).not.toMatch(/https?:/);
    expect(resetLinksOf(context.org, JORDAN.email)).toBe(0);

    const final = await context.desk.awaitVerification(pendingActionId);

    expect(final).toMatchObject({ kind: 'executed', outcome: { outcome: 'done', resetLinkReference: expect.any(String) as string } });
    expect(resetLinksOf(context.org, JORDAN.email)).toBe(1);
    expect(context.polls()).toBe(2);
    const outcomes = (await context.audit.list()).map((entry) => entry.outcome).reverse();
    expect(outcomes).toEqual(['confirmation_requested', 'confirmed', 'verification_requested', 'verified', 'executed']);
    expect(await context.desk.awaitVerification(pendingActionId)).toBeUndefined();
    expect(resetLinksOf(context.org, JORDAN.email)).toBe(1);
  });

  it.each([
    ['denies the push', 'deny', 'REJECTED'],
    ['picks a wrong number', 'wrong', 'REJECTED'],
  ] as const)('changes nothing, tells the owner and audits it when the person %s', async (_what, how, end) => {
    let correct = 0;
    const context = await setup({ onPoll: () => context.answer(JORDAN.email, how, correct) });
    const { pendingActionId, clicked } = await confirmOwnReset(context);
    correct = clicked.kind === 'verifying' ? numberIn(clicked.numberText) : 0;

    const final = await context.desk.awaitVerification(pendingActionId);

    expect(final).toMatchObject({ kind: 'closed', ended: 'not_verified', cardText: expect.stringMatching(/rejected on the phone.*nothing was changed/) as string });
    expect(final?.kind === 'closed' && final.ownerNotice).toMatchObject({ email: JORDAN.email, text: expect.stringMatching(/^Heads-up: Someone using your Slack account .* was rejected on your phone, so nothing was changed/) as string });
    expect(resetLinksOf(context.org, JORDAN.email)).toBe(0);
    expect((await context.audit.list())[0]).toMatchObject({ outcome: 'not_verified', detail: `Okta Verify: ${end}` });
    expect((await context.pending.get(pendingActionId))?.status).toBe('not_verified');
  });

  it('times out honestly when nobody answers before the push expires', async () => {
    const context = await setup();
    const { pendingActionId } = await confirmOwnReset(context);

    const final = await context.desk.awaitVerification(pendingActionId);

    expect(final).toMatchObject({ kind: 'closed', cardText: expect.stringMatching(/^Nobody approved the Okta Verify push in time, so nothing was changed/) as string });
    expect(context.polls()).toBe(DEFAULT_PUSH_LIFETIME_SECONDS * 1000 / POLL_MS);
    expect(resetLinksOf(context.org, JORDAN.email)).toBe(0);
    expect((await context.audit.list())[0]).toMatchObject({ outcome: 'not_verified', detail: 'Okta Verify: TIMEOUT' });
  });

  it('stops waiting after its own bound even while Okta still says WAITING', async () => {
    const context = await setup({ maxWaitMs: 60_000 });
    const { pendingActionId } = await confirmOwnReset(context);

    const final = await context.desk.awaitVerification(pendingActionId);

    expect(final).toMatchObject({ kind: 'closed', ended: 'not_verified', cardText: expect.stringMatching(/^Nobody approved/) as string });
    expect(context.polls()).toBe(60_000 / POLL_MS);
    expect(context.org.phone.waiting(JORDAN.email)).toHaveLength(1);
  });

  it('sends one push when Confirm is clicked twice at once, and the second click runs nothing', async () => {
    const context = await setup();
    const { pendingActionId = '' } = await context.desk.request(asRequester(JORDAN), { kind: 'reset_password', targetEmail: JORDAN.email });

    const results = await Promise.all([context.desk.click(pendingActionId, 'confirm', JORDAN), context.desk.click(pendingActionId, 'confirm', JORDAN)]);

    expect(results.map((result) => result.kind).sort()).toEqual(['refused', 'verifying']);
    expect(context.org.state.pushes.size).toBe(1);
  });

  it('refuses a click while the push waits and runs nothing', async () => {
    const context = await setup();
    const { pendingActionId } = await confirmOwnReset(context);

    expect(await context.desk.click(pendingActionId, 'confirm', JORDAN)).toEqual({ kind: 'refused', message: 'I already sent the Okta Verify push for this and am waiting for it; nothing more was done.' });
    expect(await context.desk.click(pendingActionId, 'cancel', JORDAN)).toMatchObject({ kind: 'refused' });
    expect(context.org.state.pushes.size).toBe(1);
    expect(resetLinksOf(context.org, JORDAN.email)).toBe(0);
  });
});

describe('a restart during a pending verification', () => {
  it('resumes the wait and runs the action once when the phone approved meanwhile', async () => {
    const context = await setup();
    const { pendingActionId, clicked } = await confirmOwnReset(context);
    context.answer(JORDAN.email, 'right', clicked.kind === 'verifying' ? numberIn(clicked.numberText) : 0);

    const restarted = await context.restart();
    const [resumed, ...others] = await restarted.desk.verificationsToResume();
    expect(others).toEqual([]);
    expect(resumed?.id).toBe(pendingActionId);

    const [final, again] = await Promise.all([restarted.desk.awaitVerification(pendingActionId), restarted.desk.awaitVerification(pendingActionId)]);
    expect([final?.kind, again?.kind].filter(Boolean)).toEqual(['executed']);
    expect(resetLinksOf(context.org, JORDAN.email)).toBe(1);
  });

  it('ends honestly when the push expired while the server was down', async () => {
    const context = await setup();
    const { pendingActionId } = await confirmOwnReset(context);
    context.clock.now += DEFAULT_PUSH_LIFETIME_SECONDS * 1000;

    const restarted = await context.restart();
    expect((await restarted.desk.verificationsToResume()).map((pending) => pending.id)).toEqual([pendingActionId]);
    expect(await restarted.desk.awaitVerification(pendingActionId)).toMatchObject({ kind: 'closed', cardText: expect.stringMatching(/^Nobody approved/) as string });
    expect(resetLinksOf(context.org, JORDAN.email)).toBe(0);
  });

  it('stops waiting at shutdown without ending the check, so the next start resumes it', async () => {
    const stop = new AbortController();
    const context = await setup({ onPoll: () => stop.abort() });
    const { pendingActionId } = await confirmOwnReset(context);

    expect(await context.desk.awaitVerification(pendingActionId, { signal: stop.signal })).toBeUndefined();
    expect((await context.pending.get(pendingActionId))?.status).toBe('verifying');
  });
});

describe('without a push factor', () => {
  it('sends your own request to the help desk for approval, saying the identity was not verified and what was done recently', async () => {
    const context = await setup();
    await context.audit.record({ requesterEmail: CHRIS.email, action: 'unlock', target: CHRIS.email, outcome: 'executed', detail: 'done: Chris Morgan was unlocked.', at: new Date(context.clock.now - 3 * 60_000).toISOString() });
    const { pendingActionId, clicked } = await confirmOwnReset(context, CHRIS);

    expect(clicked).toMatchObject({ kind: 'closed', ended: 'sent_for_approval', cardText: expect.stringMatching(/no Okta Verify push set up.*approve it instead/) as string });
    const approval = clicked.kind === 'closed' ? clicked.approvalRequest : undefined;
    expect(approval).toMatchObject({ kind: 'approval', action: { kind: 'reset_password', targetEmail: CHRIS.email }, approverRoles: ['helpdesk', 'admin'] });
    expect(approval?.unverifiedNote).toMatch(/^Identity NOT verified: .* Recently on this account: the account was unlocked 3 minutes ago \(09:57 UTC\)\.$/);
    expect((await context.pending.get(pendingActionId))?.status).toBe('cancelled');
    expect(context.org.state.pushes.size).toBe(0);

    expect(await context.desk.click(approval?.id ?? '', 'approve', CHRIS)).toMatchObject({ kind: 'refused' });
    expect(await context.desk.click(approval?.id ?? '', 'approve', MARCUS)).toMatchObject({ kind: 'executed', outcome: { outcome: 'done' } });
    expect(resetLinksOf(context.org, CHRIS.email)).toBe(1);
  });

  it('refuses the only IT admin, whom nobody else can approve, without sending them to the help desk', async () => {
    const context = await setup();
    expect((await api(context.org, 'POST', `/api/v1/users/${userId(context.org, PRIYA.email)}/lifecycle/reset_factors`)).status).toBe(200);
    const { pendingActionId, clicked } = await confirmOwnReset(context, PRIYA);

    expect(clicked).toEqual({
      kind: 'refused',
      message: 'Your account has no Okta Verify push set up, so I cannot check that it is you, and nobody else can approve it; nothing was changed. The rule that stops it: an action on your own account needs Okta Verify or someone else’s approval.',
    });
    expect((await context.pending.get(pendingActionId))?.status).toBe('pending');
    expect(resetLinksOf(context.org, PRIYA.email)).toBe(0);
  });

  it("marks your own MFA reset's approval card as not verified, and pushes nothing", async () => {
    const context = await setup();
    const answer = await context.desk.request(asRequester(JORDAN), { kind: 'reset_mfa', targetEmail: JORDAN.email });

    expect(answer.outcome).toBe('approval_requested');
    expect((await context.pending.get(answer.pendingActionId ?? ''))?.unverifiedNote).toMatch(/^Identity NOT verified: .* Nothing was done on this account through the help desk in the last 24 hours\.$/);
    expect(context.org.state.pushes.size).toBe(0);
  });
});

describe('the help desk acting on someone else', () => {
  it("pushes an MFA reset to the target's phone and tells the help desk the number to pass on", async () => {
    let correct = 0;
    const context = await setup({ onPoll: () => context.answer(JORDAN.email, 'right', correct) });
    const { pendingActionId = '' } = await context.desk.request(asRequester(MARCUS), { kind: 'reset_mfa', targetEmail: JORDAN.email });
    const clicked = await context.desk.click(pendingActionId, 'confirm', MARCUS);
    const numberText = clicked.kind === 'verifying' ? clicked.numberText : '';
    correct = numberIn(numberText);

    expect(numberText).toMatch(/^Ask Jordan Rivera to open Okta Verify on their phone and tap \d+ to approve/);
    expect(await context.desk.awaitVerification(pendingActionId)).toMatchObject({ kind: 'executed', ownerNotice: { email: JORDAN.email } });
    expect(context.org.state.factors.get(userId(context.org, JORDAN.email))).toEqual([]);
  });

  it('runs on the confirmation alone when the target has no push factor left', async () => {
    const context = await setup();
    const { pendingActionId = '' } = await context.desk.request(asRequester(MARCUS), { kind: 'reset_mfa', targetEmail: CHRIS.email });

    expect(await context.desk.click(pendingActionId, 'confirm', MARCUS)).toMatchObject({ kind: 'executed' });
    expect(context.org.state.pushes.size).toBe(0);
    expect(statusOf(context.org, CHRIS.email)).toBe('ACTIVE');
  });
});
