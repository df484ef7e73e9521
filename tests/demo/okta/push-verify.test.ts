// The demo org's Okta Verify push with number matching, reached through the product's directory
// (the real SDK over HTTP): the push is sent, the demo person answers on their "phone", and the
// transaction reads as Okta would report it.
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_PUSH_LIFETIME_SECONDS } from '../../../src/demo/okta/index.js';
import { createDirectory, createOktaClient, type Directory } from '../../../src/okta/index.js';
import { recorded, startOrg, userId, type RunningOrg } from './helpers.js';

const JORDAN = 'jordan.rivera@acme.example';
const SAM = 'sam.taylor@acme.example';

let org: RunningOrg | undefined;
afterEach(async () => {
  await org?.stop();
  org = undefined;
});

/** An org whose clock the test moves, and the product's directory pointed at it. */
async function setup(): Promise<{ org: RunningOrg; directory: Directory; clock: { now: number } }> {
  const clock = { now: Date.parse('2026-12-06T10:00:00.000Z') };
  org = await startOrg({ now: () => new Date(clock.now) });
  const directory = createDirectory(createOktaClient({ orgUrl: org.url, auth: { kind: 'token', token: org.token } }, { maxRetries: 0 }));
  return { org, directory, clock };
}

function factorOf(running: RunningOrg, email: string, factorType: string): string {
  const factor = running.state.factors.get(userId(running, email))?.find((candidate) => candidate.factorType === factorType);
  if (!factor) throw new Error(`${email} has no ${factorType} factor`);
  return factor.id;
}

async function sendPush() {
  const context = await setup();
  const id = userId(context.org, JORDAN);
  const factorId = factorOf(context.org, JORDAN, 'push');
  const challenge = await context.directory.startPushVerification(id, factorId);
  const result = () => context.directory.pushVerificationResult(id, factorId, challenge.transactionId);
  return { ...context, challenge, result };
}

describe('push verify with number matching in the demo org', () => {
  it('sends a push whose number is one of the three the phone shows, and waits', async () => {
    const { org: running, challenge, result } = await sendPush();

    const [waiting, ...others] = running.phone.waiting(JORDAN);
    expect(others).toEqual([]);
    expect(waiting?.transactionId).toBe(challenge.transactionId);
    expect(new Set(waiting?.choices).size).toBe(3);
    expect(waiting?.choices).toContain(challenge.correctAnswer);
    expect(challenge.expiresAt).toBe(new Date(Date.parse('2026-12-06T10:00:00.000Z') + DEFAULT_PUSH_LIFETIME_SECONDS * 1000).toISOString());
    await expect(result()).resolves.toBe('WAITING');
    expect(running.state.logs.at(-1)).toMatchObject({ eventType: 'system.push.send_factor_verify_push' });
  });

  it('answers in the shape of Okta: 201 WAITING, the poll link, the number in _embedded.challenge', async () => {
    const { org: running } = await setup();
    const response = await fetch(`${running.url}/api/v1/users/${userId(running, JORDAN)}/factors/${factorOf(running, JORDAN, 'push')}/verify`, {
      method: 'POST',
      headers: { Authorization: `SSWS ${running.token}`, Accept: 'application/json', 'Content-Type': 'application/json' },
      body: JSON.stringify({ useNumberMatchingChallenge: true }),
    });
    const body = (await response.json()) as Record<string, any>;
    const docs = recorded('verify-push.number-challenge.docs.json');

    expect(response.status).toBe(201);
    expect(Object.keys(body).sort()).toEqual([...Object.keys(docs.body), 'profile'].sort());
    expect(body._links.poll.href).toMatch(new RegExp(`^${running.url}/api/v1/users/\\w+/factors/\\w+/transactions/v2mst\\.\\w+$`));
    expect(body._embedded.challenge.correctAnswer).toEqual(expect.any(Number));
  });

  it('shows no number without useNumberMatchingChallenge, as Okta does', async () => {
    const { org: running } = await setup();
    const response = await fetch(`${running.url}/api/v1/users/${userId(running, JORDAN)}/factors/${factorOf(running, JORDAN, 'push')}/verify`, {
      method: 'POST',
      headers: { Authorization: `SSWS ${running.token}`, Accept: 'application/json' },
    });
    expect(response.status).toBe(201);
    expect((await response.json()) as object).not.toHaveProperty('_embedded');
  });

  it('succeeds when the person picks the right number', async () => {
    const { org: running, challenge, result } = await sendPush();

    expect(running.phone.answer(challenge.transactionId, { pick: challenge.correctAnswer })).toBe('SUCCESS');
    await expect(result()).resolves.toBe('SUCCESS');
    expect(running.phone.waiting(JORDAN)).toEqual([]);
    expect(running.state.logs.at(-1)).toMatchObject({ eventType: 'user.authentication.auth_via_mfa', outcome: { result: 'SUCCESS' } });
  });

  it('is rejected when the person picks a wrong number', async () => {
    const { org: running, challenge, result } = await sendPush();
    const wrong = running.phone.waiting(JORDAN)[0]!.choices.find((choice) => choice !== challenge.correctAnswer)!;

    expect(running.phone.answer(challenge.transactionId, { pick: wrong })).toBe('REJECTED');
    await expect(result()).resolves.toBe('REJECTED');
  });

  it('is rejected when the person denies it, and a later answer changes nothing', async () => {
    const { org: running, challenge, result } = await sendPush();

    expect(running.phone.answer(challenge.transactionId, 'deny')).toBe('REJECTED');
    expect(running.phone.answer(challenge.transactionId, { pick: challenge.correctAnswer })).toBeUndefined();
    await expect(result()).resolves.toBe('REJECTED');
    expect(running.state.logs.at(-1)).toMatchObject({ eventType: 'user.mfa.okta_verify.deny_push', outcome: { result: 'DENY' } });
  });

  it('times out when nobody answers before expiresAt, and can no longer be approved', async () => {
    const { org: running, challenge, result, clock } = await sendPush();

    clock.now += DEFAULT_PUSH_LIFETIME_SECONDS * 1000;

    await expect(result()).resolves.toBe('TIMEOUT');
    expect(running.phone.waiting(JORDAN)).toEqual([]);
    expect(running.phone.answer(challenge.transactionId, { pick: challenge.correctAnswer })).toBeUndefined();
  });

  it('refuses a factor that is not a push, and a factor the person does not have', async () => {
    const { org: running, directory } = await setup();
    const sam = userId(running, SAM);

    await expect(directory.startPushVerification(sam, factorOf(running, SAM, 'token:software:totp'))).rejects.toMatchObject({ code: 'okta_bad_request' });
    await expect(directory.startPushVerification(sam, factorOf(running, JORDAN, 'push'))).rejects.toMatchObject({ code: 'okta_not_found' });
  });

  it("does not show a transaction under another person's factor", async () => {
    const { org: running, challenge, directory } = await sendPush();
    const omar = 'omar.haddad@acme.example';

    await expect(directory.pushVerificationResult(userId(running, omar), factorOf(running, omar, 'push'), challenge.transactionId)).rejects.toMatchObject({ code: 'okta_not_found' });
  });
});
