// SSWS authentication and the headers every demo-org answer carries, compared with the recordings.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_OKTA_TOKEN } from '../../../src/demo/okta/index.js';
import { api, recorded, startOrg, withoutErrorId, type RunningOrg } from './helpers.js';

let org: RunningOrg;
beforeAll(async () => {
  org = await startOrg();
});
afterAll(() => org.stop());

describe('SSWS authentication', () => {
  it('uses a default token shaped like a real Okta API token', () => {
    expect(DEMO_OKTA_TOKEN).toMatch(/^00[A-Za-z0-9]{40}$/);
    expect(org.token).toBe(DEMO_OKTA_TOKEN);
  });

  it.each([
    ['no Authorization header', null],
    ['a wrong SSWS token', `SSWS 00${'x'.repeat(40)}`],
    ['the right token without the SSWS scheme', DEMO_OKTA_TOKEN],
    ['the right token as a Bearer token (SSWS only)', `Bearer ${DEMO_OKTA_TOKEN}`],
    ['a prefix of the right token', `SSWS ${DEMO_OKTA_TOKEN.slice(0, -1)}`],
  ])('answers 401 E0000011 for %s', async (_case, authorization) => {
    const answer = await api(org, 'GET', '/api/v1/users', { authorization });
    expect(answer.status).toBe(401);
    expect(withoutErrorId(answer.body)).toEqual(withoutErrorId(recorded('errors/E0000011.spec-example.json').body));
  });

  it('accepts a token passed to createDemoOktaOrg instead of the default', async () => {
    const custom = await startOrg({ token: `00${'c'.repeat(40)}` });
    try {
      expect((await api(custom, 'GET', '/api/v1/users')).status).toBe(200);
      expect((await api(custom, 'GET', '/api/v1/users', { authorization: `SSWS ${DEMO_OKTA_TOKEN}` })).status).toBe(401);
    } finally {
      await custom.stop();
    }
  });
});

describe('response headers', () => {
  it.each([
    ['a list', '/api/v1/users', 200],
    ['a 401', '/api/v1/groups', 401],
    ['a 404', '/api/v1/users/nobody@acme.example', 404],
  ])('sends JSON, Date, x-okta-request-id and X-Rate-Limit-* on %s', async (_case, path, status) => {
    const answer = await api(org, 'GET', path, status === 401 ? { authorization: null } : {});
    expect(answer.status).toBe(status);
    expect(answer.headers.get('content-type')).toBe('application/json');
    const date = Date.parse(answer.headers.get('date')!);
    expect(Number.isNaN(date)).toBe(false);
    expect(answer.headers.get('x-okta-request-id')).toMatch(/^[0-9a-f]{32}$/);
    expect(answer.headers.get('x-rate-limit-limit')).toBe('600');
    expect(Number(answer.headers.get('x-rate-limit-remaining'))).toBeLessThan(600);
    const reset = Number(answer.headers.get('x-rate-limit-reset'));
    expect(reset * 1000).toBeGreaterThan(date);
    expect(reset * 1000 - date).toBeLessThanOrEqual(61_000);
  });

  it.each([
    ['the OAuth metadata', 'GET', '/oauth2/default/.well-known/oauth-authorization-server'],
    ['a refused token request', 'POST', '/oauth2/v1/token'],
  ])('sends Date and x-okta-request-id on %s too', async (_case, method, path) => {
    const answer = await fetch(`${org.url}${path}`, { method });
    expect(Number.isNaN(Date.parse(answer.headers.get('date') ?? ''))).toBe(false);
    expect(answer.headers.get('x-okta-request-id')).toMatch(/^[0-9a-f]{32}$/);
  });

  it('gives every request its own x-okta-request-id', async () => {
    const [a, b] = await Promise.all([api(org, 'GET', '/api/v1/groups'), api(org, 'GET', '/api/v1/groups')]);
    expect(a.headers.get('x-okta-request-id')).not.toBe(b.headers.get('x-okta-request-id'));
  });
});

describe('unknown routes', () => {
  it('answers 404 E0000007 for a path the demo org does not serve', async () => {
    const answer = await api(org, 'GET', '/api/v1/idps');
    expect(answer.status).toBe(404);
    expect(answer.body).toMatchObject({ errorCode: 'E0000007', errorSummary: 'Not found: Resource not found: /api/v1/idps (Resource)' });
  });

  it.each([
    ['POST', '/api/v1/users/00u0000000000000000/groups'],
    ['GET', '/api/v1/users/00u0000000000000000/sessions'],
    ['PATCH', '/api/v1/groups'],
  ])('answers 405 E0000022 for %s %s, a known path with a method Okta does not offer', async (method, path) => {
    const answer = await api(org, method, path);
    expect(answer.status).toBe(405);
    expect(answer.body).toMatchObject({ errorCode: 'E0000022', errorCauses: [] });
  });

  it('keeps the error body shape of the recordings, with a fresh oae... errorId', async () => {
    const answer = await api(org, 'GET', '/api/v1/users/00usfhrjbkppPBkoY4x6');
    expect(Object.keys(answer.body)).toEqual(Object.keys(recorded('errors/E0000007.user-not-found.recorded.json').body));
    expect(answer.body.errorId).toMatch(/^oae[A-Za-z0-9]{22}$/);
    expect(withoutErrorId(answer.body)).toEqual(withoutErrorId(recorded('errors/E0000007.user-not-found.recorded.json').body));
  });
});
