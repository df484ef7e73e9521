// The product reaches the demo org through the real @okta/okta-sdk-nodejs over HTTP: these calls
// are the ones the directory layer makes, and they must work (and fail) as against real Okta.
import okta from '@okta/okta-sdk-nodejs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_OKTA_TOKEN, DEMO_PEOPLE } from '../../../src/demo/okta/index.js';
import { groupId, startOrg, userId, type RunningOrg } from './helpers.js';

let org: RunningOrg;
let client: okta.Client;
beforeAll(async () => {
  org = await startOrg();
  client = new okta.Client({
    orgUrl: org.url,
    token: DEMO_OKTA_TOKEN,
    cacheMiddleware: null,
    requestExecutor: new okta.DefaultRequestExecutor({ maxRetries: 0, requestTimeout: 5000 }),
  });
});
afterAll(() => org.stop());

/** Drains an SDK Collection (its iterator yields T | null). */
async function all<T>(collection: AsyncIterable<T | null>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of collection) if (item) items.push(item);
  return items;
}

describe('the Okta SDK against the demo org', () => {
  it('finds a user by email with userApi.listUsers({ search })', async () => {
    const users = await all(await client.userApi.listUsers({ search: 'profile.email eq "jane.smith@acme.example"' }));
    expect(users.map((user) => [user.id, user.status, user.profile?.login])).toEqual([
      [userId(org, 'jane.smith@acme.example'), 'ACTIVE', 'jane.smith@acme.example'],
    ]);
  });

  it('follows the absolute Link next headers through every page', async () => {
    const users = await all(await client.userApi.listUsers({ limit: 2 }));
    expect(users).toHaveLength(DEMO_PEOPLE.filter((person) => person.status !== 'DEPROVISIONED').length);
    expect(org.requestCount()).toBeGreaterThanOrEqual(5);
  });

  it('suspends a user with userApi.suspendUser', async () => {
    const id = userId(org, 'jordan.rivera@acme.example');
    await client.userApi.suspendUser({ userId: id });
    expect(org.state.users.get(id)!.status).toBe('SUSPENDED');
    expect((await client.userApi.getUser({ userId: id })).status).toBe('SUSPENDED');
  });

  it('adds a user to a group with groupApi.assignUserToGroup (204)', async () => {
    const user = userId(org, 'jane.smith@acme.example');
    const group = groupId(org, 'Engineering');
    await client.groupApi.assignUserToGroup({ groupId: group, userId: user });
    expect(org.state.memberships.get(group)!.has(user)).toBe(true);
    const groups = await all(await client.userApi.listUserGroups({ userId: user }));
    expect(groups.map((g) => g.profile?.name)).toContain('Engineering');
  });

  it('gets a reset link with generateResetPasswordToken({ sendEmail: false })', async () => {
    const id = userId(org, 'omar.haddad@acme.example');
    const token = await client.userApi.generateResetPasswordToken({ userId: id, sendEmail: false });
    expect(token.resetPasswordUrl).toMatch(new RegExp(`^${org.url}/demo/reset_password/`));
  });

  it('rejects unlock of an ACTIVE user with an OktaApiError carrying E0000032', async () => {
    const id = userId(org, 'marcus.lee@acme.example');
    await expect(client.userApi.unlockUser({ userId: id })).rejects.toMatchObject({
      name: 'OktaApiError',
      status: 403,
      errorCode: 'E0000032',
      errorCauses: [{ errorSummary: 'The user is not locked out.' }],
    });
  });

  it('rejects a wrong token with an OktaApiError carrying E0000011', async () => {
    const stranger = new okta.Client({ orgUrl: org.url, token: `00${'z'.repeat(40)}`, cacheMiddleware: null });
    await expect(stranger.userApi.getUser({ userId: userId(org, 'marcus.lee@acme.example') })).rejects.toMatchObject({
      status: 401,
      errorCode: 'E0000011',
    });
  });
});
