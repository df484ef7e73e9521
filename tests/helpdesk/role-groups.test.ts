// Roles and role groups are compared by Okta group id, never by the spelling of a name: the policy
// file's names and a requested group's name are resolved in Okta once, with one rule (case and
// surrounding spaces ignored), so "it-admins" or "IT-Admins " is the IT-Admins group everywhere.
import { http } from 'msw';
import { describe, expect, it } from 'vitest';
import { createDirectory, createOktaClient } from '../../src/okta/index.js';
import { DEFAULT_POLICY, type HelpdeskPolicy } from '../../src/policy/index.js';
import { useMockOrg } from '../helpers/agent.js';
import { createTestDesk } from '../helpers/desk.js';
import { ORG_URL, TOKEN, fixture, oktaJson, replay } from '../helpers/okta.js';
import { PEOPLE, oktaGroup } from '../helpers/org.js';

const { sam, jane, eve, priya } = PEOPLE;
const { server, recorder } = useMockOrg();

/** The help desk may change others' ordinary groups (confirm) under this custom policy; role groups stay admin-only. */
const HELPDESK_MANAGES_GROUPS: HelpdeskPolicy = {
  ...DEFAULT_POLICY,
  grants: {
    ...DEFAULT_POLICY.grants,
    add_to_group: { ...DEFAULT_POLICY.grants.add_to_group, other: { employee: 'deny', helpdesk: 'confirm', admin: 'confirm' } },
    remove_from_group: { ...DEFAULT_POLICY.grants.remove_from_group, other: { employee: 'deny', helpdesk: 'confirm', admin: 'confirm' } },
  },
};
/** The same roles, spelled the way a person might type them in the policy file. */
const LOOSELY_SPELLED: HelpdeskPolicy = { ...DEFAULT_POLICY, roles: { admin: ['it-admins'], helpdesk: [' HELPDESK '] } };

async function desk(policy: HelpdeskPolicy) {
  server.use(
    http.post(`${ORG_URL}/api/v1/users/:id/lifecycle/:operation`, async ({ request, params }) => {
      await recorder.record(request);
      return params.operation === 'reset_password' ? replay(fixture('reset-password.sendEmail-false.recorded.json')) : oktaJson({});
    }),
    http.put(`${ORG_URL}/api/v1/groups/:gid/users/:uid`, async ({ request }) => {
      await recorder.record(request);
      return new Response(null, { status: 204 });
    }),
  );
  const directory = createDirectory(createOktaClient({ orgUrl: ORG_URL, auth: { kind: 'token', token: TOKEN } }, { maxRetries: 0 }));
  return (await createTestDesk(directory, { policy })).desk;
}
const as = (person: { email: string }) => ({ email: person.email, slackUserId: `U${person.email.slice(0, 4)}`, channelId: 'D1', threadTs: '1.0' });
const writes = () => recorder.sent.filter((r) => r.method !== 'GET');

describe('a role group named with other case or spaces', () => {
  it.each([
    ['add_to_group', 'it-admins'],
    ['add_to_group', 'IT-Admins '],
    ['add_to_group', ' it-ADMINS'],
    ['add_to_group', 'helpdesk'],
    ['remove_from_group', 'HELPDESK'],
  ] as const)('stays admin-only: the help desk cannot %s "%s" for someone else', async (kind, groupName) => {
    const helpdesk = await desk(HELPDESK_MANAGES_GROUPS);
    const answer = await helpdesk.request(as(sam), { kind, targetEmail: jane.email, groupName });
    expect(answer.outcome).toBe('denied');
    expect(answer.summary).toMatch(/^(IT-Admins gives IT admin|Helpdesk gives help desk) rights; only one of the IT admins can change who is in it\. Ask one of the IT admins\.$/);
    expect(writes()).toEqual([]);
  });

  it('treats full-width letters as the letters they stand for when Okta returns such a group', async () => {
    const helpdesk = await desk(HELPDESK_MANAGES_GROUPS);
    // An Okta that folds the full-width query; every other group search falls through to the org.
    server.use(http.get(`${ORG_URL}/api/v1/groups`, ({ request }) => (new URL(request.url).searchParams.get('q')?.startsWith('ＩＴ') ? oktaJson([oktaGroup('IT-Admins')]) : undefined)));
    const answer = await helpdesk.request(as(sam), { kind: 'add_to_group', targetEmail: jane.email, groupName: 'ＩＴ-Admins' });
    expect(answer).toMatchObject({ outcome: 'denied', summary: expect.stringContaining('IT-Admins gives IT admin rights') as string });
  });

  it('still lets the help desk change an ordinary group under that policy', async () => {
    const helpdesk = await desk(HELPDESK_MANAGES_GROUPS);
    expect((await helpdesk.request(as(sam), { kind: 'add_to_group', targetEmail: eve.email, groupName: 'engineering' })).outcome).toBe('confirmation_requested');
  });

  it('answers honestly, before any card, when no group has that name', async () => {
    const helpdesk = await desk(HELPDESK_MANAGES_GROUPS);
    const answer = await helpdesk.request(as(sam), { kind: 'add_to_group', targetEmail: eve.email, groupName: 'Enginering' });
    expect(answer).toEqual({ outcome: 'group_not_found', summary: 'There is no Okta group named "Enginering"; nothing was changed.' });
  });
});

describe('role group names in the policy file spelled loosely', () => {
  it('still gives the help desk its role', async () => {
    const helpdesk = await desk(LOOSELY_SPELLED);
    expect((await helpdesk.request(as(sam), { kind: 'lock', targetEmail: jane.email })).outcome).toBe('confirmation_requested');
  });

  it('still protects an IT admin from the help desk', async () => {
    const helpdesk = await desk(LOOSELY_SPELLED);
    const answer = await helpdesk.request(as(sam), { kind: 'reset_password', targetEmail: priya.email });
    expect(answer).toMatchObject({ outcome: 'denied' });
    expect(answer.summary).toContain('is one of the IT admins, so only one of the IT admins can change that account');
  });

  it('still keeps employees employees', async () => {
    const helpdesk = await desk(LOOSELY_SPELLED);
    expect((await helpdesk.request(as(eve), { kind: 'lock', targetEmail: jane.email })).outcome).toBe('denied');
  });
});
