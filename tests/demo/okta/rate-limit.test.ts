// The per-minute budget: X-Rate-Limit-* on every answer, 429 E0000047 without Retry-After once it
// is spent (like the recording), and a fresh budget when the window ends or counters are reset.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { api, recorded, startOrg, withoutErrorId, type RunningOrg } from './helpers.js';

let clock = new Date('2026-03-02T10:00:00.400Z');
let org: RunningOrg;
beforeAll(async () => {
  org = await startOrg({ rateLimitPerMinute: 3, now: () => clock });
});
afterAll(() => org.stop());
beforeEach(() => {
  clock = new Date('2026-03-02T10:00:00.400Z');
  org.resetCounters();
});

const remaining = (answer: { headers: Headers }) => answer.headers.get('x-rate-limit-remaining');

describe('rate limit of 3 per minute', () => {
  it('counts down X-Rate-Limit-Remaining and answers the 4th call with the recorded 429', async () => {
    const answers = [];
    for (let i = 0; i < 4; i += 1) answers.push(await api(org, 'GET', '/api/v1/groups'));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 429]);
    expect(answers.map(remaining)).toEqual(['2', '1', '0', '0']);

    const limited = answers[3]!;
    const sample = recorded('errors/E0000047.rate-limit.recorded.json');
    expect(withoutErrorId(limited.body)).toEqual(withoutErrorId(sample.body));
    expect(limited.headers.get('retry-after')).toBeNull();
    expect(limited.headers.get('content-type')).toBe(sample.headers['Content-Type']);
    expect(limited.headers.get('x-rate-limit-limit')).toBe('3');
  });

  it('says when the window ends: X-Rate-Limit-Reset minus Date is the wait, under a minute', async () => {
    for (let i = 0; i < 3; i += 1) await api(org, 'GET', '/api/v1/groups');
    const limited = await api(org, 'GET', '/api/v1/groups');
    const reset = Number(limited.headers.get('x-rate-limit-reset'));
    const date = Date.parse(limited.headers.get('date')!);
    expect(limited.headers.get('date')).toBe(clock.toUTCString());
    expect(reset).toBe(Math.ceil((clock.getTime() + 60_000) / 1000));
    expect(reset * 1000 - date).toBeGreaterThan(0);
    expect(reset * 1000 - date).toBeLessThanOrEqual(61_000);
  });

  it('counts unauthenticated calls too and still answers them 401 within the budget', async () => {
    expect((await api(org, 'GET', '/api/v1/groups', { authorization: null })).status).toBe(401);
    expect(org.requestCount()).toBe(1);
  });

  it('opens a fresh budget once the window has passed', async () => {
    for (let i = 0; i < 4; i += 1) await api(org, 'GET', '/api/v1/groups');
    clock = new Date(clock.getTime() + 61_000);
    const answer = await api(org, 'GET', '/api/v1/groups');
    expect(answer.status).toBe(200);
    expect(remaining(answer)).toBe('2');
  });

  it('resetCounters() zeroes requestCount() and restores the budget', async () => {
    for (let i = 0; i < 4; i += 1) await api(org, 'GET', '/api/v1/groups');
    expect(org.requestCount()).toBe(4);
    org.resetCounters();
    expect(org.requestCount()).toBe(0);
    expect((await api(org, 'GET', '/api/v1/groups')).status).toBe(200);
  });

  it('leaves the local reset page out of the API budget', async () => {
    for (let i = 0; i < 3; i += 1) await api(org, 'GET', '/api/v1/groups');
    const page = await fetch(`${org.url}/demo/reset_password/unknown`);
    expect(page.status).toBe(404);
    expect(page.headers.get('x-rate-limit-remaining')).toBeNull();
    expect(org.requestCount()).toBe(3);
  });
});
