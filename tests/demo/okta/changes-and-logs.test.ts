// Group membership changes (204), session revocation (204), and the System Log event each change leaves.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WITHOUT_HISTORY, api, groupId, recorded, startOrg, userId, type RunningOrg } from './helpers.js';

let org: RunningOrg;
beforeEach(async () => {
  org = await startOrg({ seed: WITHOUT_HISTORY });
});
afterEach(() => org.stop());

const membership = (group: string, email: string) => `/api/v1/groups/${groupId(org, group)}/users/${userId(org, email)}`;
const isMember = (group: string, email: string) => org.state.memberships.get(groupId(org, group))!.has(userId(org, email));
const eventTypes = () => org.state.logs.map((event) => event.eventType);

describe('group membership', () => {
  it('PUT adds the user and answers 204 with no body and no Content-Type, like the recording', async () => {
    const answer = await api(org, 'PUT', membership('Engineering', 'jane.smith@acme.example'));
    expect(answer.status).toBe(recorded('assign-user-to-group.204.recorded.json').status);
    expect(answer.text).toBe('');
    expect(answer.headers.get('content-type')).toBeNull();
    expect(answer.headers.get('x-rate-limit-remaining')).not.toBeNull();
    expect(isMember('Engineering', 'jane.smith@acme.example')).toBe(true);
    const groups = await api(org, 'GET', `/api/v1/users/${userId(org, 'jane.smith@acme.example')}/groups`);
    expect(groups.body.map((g: { profile: { name: string } }) => g.profile.name)).toEqual(['Everyone', 'Engineering', 'Sales']);
  });

  it('PUT for someone already in the group is still 204 and logs nothing new', async () => {
    await api(org, 'PUT', membership('Engineering', 'jane.smith@acme.example'));
    const again = await api(org, 'PUT', membership('Engineering', 'jane.smith@acme.example'));
    expect(again.status).toBe(204);
    expect(eventTypes()).toEqual(['group.user_membership.add']);
  });

  it('DELETE removes the user and answers 204; removing a non-member is 204 and logs nothing', async () => {
    const answer = await api(org, 'DELETE', membership('Sales', 'jane.smith@acme.example'));
    expect(answer.status).toBe(recorded('unassign-user-from-group.204.recorded.json').status);
    expect(isMember('Sales', 'jane.smith@acme.example')).toBe(false);
    expect((await api(org, 'DELETE', membership('Sales', 'jane.smith@acme.example'))).status).toBe(204);
    expect(eventTypes()).toEqual(['group.user_membership.remove']);
  });

  it('refuses to change the built-in Everyone group with 403 E0000006', async () => {
    const answer = await api(org, 'DELETE', membership('Everyone', 'jane.smith@acme.example'));
    expect(answer.status).toBe(403);
    expect(answer.body.errorCode).toBe('E0000006');
    expect(isMember('Everyone', 'jane.smith@acme.example')).toBe(true);
  });

  it.each([
    ['an unknown group', () => `/api/v1/groups/00gnope/users/${userId(org, 'jane.smith@acme.example')}`, '(UserGroup)'],
    ['an unknown user', () => `/api/v1/groups/${groupId(org, 'Sales')}/users/00unope`, '(User)'],
  ])('answers 404 E0000007 for %s', async (_case, path, kind) => {
    const answer = await api(org, 'PUT', path());
    expect(answer.status).toBe(404);
    expect(answer.body.errorSummary).toContain(kind);
  });
});

describe('sessions', () => {
  it('DELETE /users/{id}/sessions answers 204 and records the revocation', async () => {
    const id = userId(org, 'jordan.rivera@acme.example');
    expect(org.state.sessions.some((s) => s.userId === id && s.revoked === null)).toBe(true);
    const answer = await api(org, 'DELETE', `/api/v1/users/${id}/sessions`);
    expect(answer.status).toBe(204);
    expect(answer.text).toBe('');
    expect(org.state.sessions.filter((s) => s.userId === id).every((s) => s.revoked !== null)).toBe(true);
    expect(eventTypes()).toEqual(['user.session.clear']);
  });

  it('lock as the product does it: suspend, then end the sessions', async () => {
    const id = userId(org, 'omar.haddad@acme.example');
    expect((await api(org, 'POST', `/api/v1/users/${id}/lifecycle/suspend`)).status).toBe(200);
    expect((await api(org, 'DELETE', `/api/v1/users/${id}/sessions`)).status).toBe(204);
    expect(org.state.users.get(id)!.status).toBe('SUSPENDED');
    expect(eventTypes()).toEqual(['user.lifecycle.suspend', 'user.session.clear']);
  });
});

describe('System Log', () => {
  async function makeChanges(): Promise<void> {
    await api(org, 'POST', `/api/v1/users/${userId(org, 'alex.kim@acme.example')}/lifecycle/unlock`);
    await api(org, 'POST', `/api/v1/users/${userId(org, 'jane.smith@acme.example')}/lifecycle/reset_password?sendEmail=false`);
    await api(org, 'POST', `/api/v1/users/${userId(org, 'priya.patel@acme.example')}/lifecycle/reset_factors`);
    await api(org, 'PUT', membership('Engineering', 'jane.smith@acme.example'));
    await api(org, 'DELETE', `/api/v1/users/${userId(org, 'jordan.rivera@acme.example')}/sessions`);
  }

  it('records one event per change, in order, each naming its target', async () => {
    await makeChanges();
    expect(eventTypes()).toEqual([
      'user.account.unlock',
      'user.account.reset_password',
      'user.mfa.factor.reset_all',
      'group.user_membership.add',
      'user.session.clear',
    ]);
    const membershipEvent = org.state.logs[3]!;
    expect(membershipEvent.target).toEqual([
      expect.objectContaining({ id: userId(org, 'jane.smith@acme.example'), type: 'User', alternateId: 'jane.smith@acme.example' }),
      expect.objectContaining({ id: groupId(org, 'Engineering'), type: 'UserGroup', displayName: 'Engineering' }),
    ]);
  });

  it('serves events on GET /api/v1/logs shaped like the spec example, with the request id of the change', async () => {
    const change = await api(org, 'POST', `/api/v1/users/${userId(org, 'alex.kim@acme.example')}/lifecycle/unlock`);
    const until = new Date(Date.now() + 1000).toISOString();
    const answer = await api(org, 'GET', `/api/v1/logs?since=2000-01-01T00:00:00Z&until=${until}`);
    const sample = recorded('system-log.list.spec-example.json').body[0];
    expect(Object.keys(answer.body[0]).sort()).toEqual(Object.keys(sample).sort());
    expect(answer.body[0]).toMatchObject({
      eventType: 'user.account.unlock',
      outcome: { result: 'SUCCESS', reason: null },
      severity: 'INFO',
      debugContext: { debugData: { requestId: change.headers.get('x-okta-request-id') } },
      target: [{ alternateId: 'alex.kim@acme.example' }],
    });
    expect(answer.body[0].published).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it.each([
    ['filter=eventType eq "user.mfa.factor.reset_all"', ['user.mfa.factor.reset_all']],
    ['filter=target.type eq "UserGroup"', ['group.user_membership.add']],
    ['filter=eventType sw "user.account"', ['user.account.unlock', 'user.account.reset_password']],
    ['sortOrder=DESCENDING&limit=2', ['user.session.clear', 'group.user_membership.add']],
    ['since=2999-01-01T00:00:00Z', []],
  ])('GET /api/v1/logs?%s', async (query, expected) => {
    await makeChanges();
    const until = new Date(Date.now() + 1000).toISOString();
    const params = new URLSearchParams(query);
    if (!params.has('since')) params.set('since', '2000-01-01T00:00:00Z');
    params.set('until', until);
    const answer = await api(org, 'GET', `/api/v1/logs?${params}`);
    expect(answer.body.map((event: { eventType: string }) => event.eventType)).toEqual(expected);
  });

  it('always offers rel="next" to a polling query (no until), as Okta does', async () => {
    await makeChanges();
    const answer = await api(org, 'GET', '/api/v1/logs?since=2000-01-01T00:00:00Z');
    expect(answer.body).toHaveLength(5);
    const next = /<([^>]+)>;\s*rel="next"/.exec(answer.headers.get('link') ?? '')?.[1];
    expect(next).toBe(`${org.url}/api/v1/logs?since=2000-01-01T00%3A00%3A00Z&after=${answer.body[4].uuid}`);
    expect((await api(org, 'GET', next!)).body).toEqual([]);
  });
});
