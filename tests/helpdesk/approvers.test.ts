// Who an approval request goes to: active members of the approver roles' groups, never the person
// who asked and never the person the request is about; with nobody left, the requester is told at
// once and no request is left waiting for a decision that cannot come.
import { describe, expect, it } from 'vitest';
import { createDirectory, createOktaClient } from '../../src/okta/index.js';
import { DEFAULT_POLICY, type HelpdeskPolicy } from '../../src/policy/index.js';
import { useMockOrg } from '../helpers/agent.js';
import { createTestDesk } from '../helpers/desk.js';
import { ORG_URL, TOKEN } from '../helpers/okta.js';
import { PEOPLE, orgReads, type OrgPerson } from '../helpers/org.js';

const { sam, jane, priya } = PEOPLE;
const omar: OrgPerson = { id: '00uomar0000000000001', email: 'omar.haddad@acme.example', firstName: 'Omar', lastName: 'Haddad', groups: ['Everyone', 'IT-Admins'] };
const { server, recorder } = useMockOrg();

/** An IT admin resetting another admin's MFA needs a second admin's approval. */
const FOUR_EYES: HelpdeskPolicy = {
  ...DEFAULT_POLICY,
  grants: { ...DEFAULT_POLICY.grants, reset_mfa: { ...DEFAULT_POLICY.grants.reset_mfa, other: { employee: 'deny', helpdesk: 'confirm', admin: { approvalBy: ['admin'] } } } },
};

async function desk(people: OrgPerson[], policy = DEFAULT_POLICY) {
  server.use(...orgReads(recorder, people));
  const directory = createDirectory(createOktaClient({ orgUrl: ORG_URL, auth: { kind: 'token', token: TOKEN } }, { maxRetries: 0 }));
  return createTestDesk(directory, { policy });
}
const as = (person: { email: string; id: string }) => ({ email: person.email, slackUserId: `U${person.id.slice(3, 8)}`, channelId: 'D1', threadTs: '1.0' });

describe('approvers of a request', () => {
  it('leaves out the person the request is about, as well as the requester', async () => {
    const { desk: helpdesk, pending } = await desk([sam, jane, priya, omar, { ...omar, id: '00uada00000000000001', email: 'ada.lovelace@acme.example', firstName: 'Ada' }], FOUR_EYES);
    const answer = await helpdesk.request(as(priya), { kind: 'reset_mfa', targetEmail: omar.email });
    expect(answer.outcome).toBe('approval_requested');
    const stored = await pending.get(answer.pendingActionId ?? '');
    expect(await helpdesk.approverEmails(stored!)).toEqual(['ada.lovelace@acme.example']);
  });

  it('tells the requester at once when nobody else can approve, and stores no request', async () => {
    const { desk: helpdesk, audit } = await desk([sam, jane, priya, omar], FOUR_EYES);
    const answer = await helpdesk.request(as(priya), { kind: 'reset_mfa', targetEmail: omar.email });
    expect(answer).toEqual({
      outcome: 'denied',
      summary: 'This needs approval by one of the IT admins, but nobody can approve it right now (the only people with that role are you or the person it is about); nothing was changed. The rule that stops it: nobody approves a change they asked for or a change to their own account.',
    });
    expect(answer.pendingActionId).toBeUndefined();
    expect((await audit.list())[0]).toMatchObject({ outcome: 'denied', action: 'reset_mfa', target: omar.email, detail: expect.stringMatching(/^no approver: /) as string });
  });

  it("sends the help desk's own MFA reset to the other approvers, never back to them", async () => {
    const { desk: helpdesk, pending } = await desk([sam, jane, priya]);
    const answer = await helpdesk.request(as(sam), { kind: 'reset_mfa', targetEmail: sam.email });
    const stored = await pending.get(answer.pendingActionId ?? '');
    expect(await helpdesk.approverEmails(stored!)).toEqual([priya.email]);
  });
});
