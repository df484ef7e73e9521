// The HELPDESK_POLICY file: defaults, the documented example, overrides and errors that name the problem.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ACTIONS, DEFAULT_POLICY, ROLES, decide, loadPolicy, needsVerification, type HelpdeskPolicy, type Person, type Target } from '../../src/policy/index.js';

const EXAMPLE_FILE = fileURLToPath(new URL('../../helpdesk-policy.example.json', import.meta.url));
const folder = mkdtempSync(join(tmpdir(), 'helpdesk-policy-'));
let fileCount = 0;
function policyFile(content: unknown): string {
  const path = join(folder, `policy-${++fileCount}.json`);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}
const ROLES_SECTION = { admin: ['IT-Admins'], helpdesk: ['Helpdesk'] };

describe('loadPolicy', () => {
  it('returns the built-in defaults without a path', () => {
    expect(loadPolicy()).toBe(DEFAULT_POLICY);
  });

  it('reads the documented example as exactly the built-in defaults', () => {
    expect(loadPolicy(EXAMPLE_FILE)).toEqual(DEFAULT_POLICY);
  });

  it('makes the same decision as the defaults for every requester, action and target in the example', () => {
    const example = loadPolicy(EXAMPLE_FILE);
    const groupSets = [[], ['Engineering'], ['Helpdesk'], ['IT-Admins'], ['Helpdesk', 'IT-Admins']];
    const requesters: Person[] = groupSets.map((groups) => ({ email: 'req@acme.com', groups }));
    const targets: Target[] = [
      { email: 'REQ@acme.com', group: { id: 'Engineering', name: 'Engineering' } },
      { email: 'req@acme.com', group: { id: 'IT-Admins', name: 'IT-Admins' } },
      { email: 'other@acme.com' },
      ...groupSets.flatMap((groups) => [{ email: 'other@acme.com', groups, group: { id: 'Engineering', name: 'Engineering' } }, { email: 'other@acme.com', groups, group: { id: 'Helpdesk', name: 'Helpdesk' } }]),
    ];
    const cases = requesters.flatMap((requester) => ACTIONS.flatMap((action) => targets.map((target) => ({ requester, action, target }))));
    const decisionsBy = (policy: HelpdeskPolicy) => cases.map((c) => ({ ...c, decision: decide(policy, c.requester, c.action, c.target) }));
    expect(cases).toHaveLength(5 * 7 * 13);
    expect(decisionsBy(example)).toEqual(decisionsBy(DEFAULT_POLICY));
  });

  it.each([
    ['a file that is not JSON', '{ roles: ', /HELPDESK_POLICY file .*policy-\d+\.json is not valid JSON/],
    ['a missing admin role', { roles: { helpdesk: ['Helpdesk'] } }, /HELPDESK_POLICY[\s\S]*roles\.admin:/],
    ['an unknown rule', { roles: ROLES_SECTION, grants: { reset_mfa: { self: 'maybe' } } }, /HELPDESK_POLICY[\s\S]*grants\.reset_mfa\.self: must be a rule/],
    ['an unknown approver role', { roles: ROLES_SECTION, grants: { lock: { other: { employee: 'deny', helpdesk: { approvalBy: ['manager'] }, admin: 'confirm' } } } }, /grants\.lock\.other/],
    ['an empty approver list', { roles: ROLES_SECTION, grants: { lock: { self: { approvalBy: [] } } } }, /grants\.lock\.self/],
    ['an unknown action', { roles: ROLES_SECTION, grants: { delete_user: { self: 'allow' } } }, /HELPDESK_POLICY[\s\S]*grants: Unrecognized key: "delete_user"/],
    ['a misspelt top-level key', { roles: ROLES_SECTION, grant: {} }, /HELPDESK_POLICY[\s\S]*Unrecognized key: "grant"/],
    ['an empty group name', { roles: { admin: [''], helpdesk: [] } }, /roles\.admin\.0:/],
  ])('rejects %s with an error naming HELPDESK_POLICY and where', (_what, content, message) => {
    expect(() => loadPolicy(policyFile(content))).toThrow(message);
  });

  it('rejects a file that does not exist, naming HELPDESK_POLICY', () => {
    expect(() => loadPolicy(join(folder, 'missing.json'))).toThrow(/HELPDESK_POLICY file .*missing\.json cannot be read/);
  });
});

describe('custom policies', () => {
  const employee: Person = { email: 'erin@acme.com', groups: ['Everyone'] };
  const colleague: Target = { email: 'pat@acme.com', groups: ['Everyone'], group: { id: 'Engineering', name: 'Engineering' } };

  it('overrides one cell with a per-role rule and keeps every other default', () => {
    const policy = loadPolicy(policyFile({ roles: ROLES_SECTION, grants: { lookup: { other: { employee: 'allow', helpdesk: 'allow', admin: 'allow' } } } }));
    expect(decide(policy, employee, 'lookup', colleague)).toEqual({ outcome: 'allow' });
    for (const action of ACTIONS.filter((a) => a !== 'lookup')) {
      expect(policy.grants[action]).toEqual(DEFAULT_POLICY.grants[action]);
    }
    expect(policy.grants.lookup.self).toEqual(DEFAULT_POLICY.grants.lookup.self);
  });

  it('applies a single rule to every role', () => {
    const policy = loadPolicy(policyFile({ roles: ROLES_SECTION, grants: { reset_password: { self: 'deny' } } }));
    for (const role of ROLES) expect(policy.grants.reset_password.self[role]).toBe('deny');
    expect(decide(policy, employee, 'reset_password', { email: employee.email })).toMatchObject({
      outcome: 'deny',
      reason: 'Nobody can reset your own password through this bot.',
    });
  });

  it('maps roles from the configured group names only', () => {
    const policy = loadPolicy(policyFile({ roles: { admin: ['Okta-Super'], helpdesk: ['Service-Desk'] } }));
    expect(decide(policy, { email: 'a@acme.com', groups: ['Okta-Super'] }, 'add_to_group', colleague)).toEqual({ outcome: 'confirm' });
    expect(decide(policy, { email: 'b@acme.com', groups: ['IT-Admins'] }, 'lock', colleague).outcome).toBe('deny');
  });

  it('uses the configured "instead" in denials', () => {
    const policy = loadPolicy(policyFile({ roles: ROLES_SECTION, instead: 'Open a ticket at https://help.acme.com.' }));
    expect(decide(policy, employee, 'lock', colleague)).toMatchObject({ outcome: 'deny', instead: 'Open a ticket at https://help.acme.com.' });
  });

  it('cannot let the help desk change an admin account or a role group, even when granted group changes', () => {
    const policy = loadPolicy(policyFile({ roles: ROLES_SECTION, grants: { add_to_group: { other: { employee: 'deny', helpdesk: 'confirm', admin: 'confirm' } } } }));
    const helpdesk: Person = { email: 'hd@acme.com', groups: ['Helpdesk'] };
    expect(decide(policy, helpdesk, 'add_to_group', colleague)).toEqual({ outcome: 'confirm' });
    expect(decide(policy, helpdesk, 'add_to_group', { ...colleague, group: { id: 'IT-Admins', name: 'IT-Admins' } })).toMatchObject({ outcome: 'deny' });
    expect(decide(policy, helpdesk, 'add_to_group', { ...colleague, group: { id: 'Helpdesk', name: 'Helpdesk' } })).toMatchObject({ outcome: 'deny' });
    expect(decide(policy, helpdesk, 'add_to_group', { ...colleague, groups: ['IT-Admins'] })).toMatchObject({ outcome: 'deny' });
  });

  it('narrows approvers to admins when a non-admin asks to join a role group', () => {
    const policy = loadPolicy(policyFile({ roles: ROLES_SECTION, grants: { add_to_group: { self: { approvalBy: ['helpdesk', 'admin'] } } } }));
    expect(decide(policy, employee, 'add_to_group', { email: employee.email, group: { id: 'Sales', name: 'Sales' } })).toEqual({ outcome: 'needs_approval', approverRoles: ['helpdesk', 'admin'] });
    expect(decide(policy, employee, 'add_to_group', { email: employee.email, group: { id: 'Helpdesk', name: 'Helpdesk' } })).toEqual({ outcome: 'needs_approval', approverRoles: ['admin'] });
  });

  it('denies an approval that nobody strong enough may give', () => {
    const policy = loadPolicy(policyFile({ roles: ROLES_SECTION, grants: { reset_mfa: { self: { approvalBy: ['helpdesk'] } } } }));
    const admin: Person = { email: 'root@acme.com', groups: ['IT-Admins'] };
    expect(decide(policy, admin, 'reset_mfa', { email: admin.email })).toMatchObject({ outcome: 'deny', reason: expect.stringContaining('Nobody is allowed to approve') });
  });
});

describe('verification before an action (verify)', () => {
  const employee: Person = { email: 'erin@acme.com', groups: ['Everyone'] };
  const helpdesk: Person = { email: 'hal@acme.com', groups: ['Helpdesk'] };
  const yourself = { email: 'ERIN@acme.com' };
  const colleague = { email: 'pat@acme.com' };

  it.each([
    ['reset_password', true, false],
    ['unlock', true, false],
    ['reset_mfa', true, true],
    ['lock', false, false],
    ['add_to_group', false, false],
    ['lookup', false, false],
  ] as const)('by default %s on yourself needs a push: %s; the help desk on someone else: %s', (action, self, other) => {
    expect(needsVerification(DEFAULT_POLICY, employee, action, yourself)).toBe(self);
    expect(needsVerification(DEFAULT_POLICY, helpdesk, action, colleague)).toBe(other);
  });

  it('turns verification off for one half and keeps the other half and every other action', () => {
    const policy = loadPolicy(policyFile({ roles: ROLES_SECTION, grants: { reset_mfa: { verify: { other: false } } } }));
    expect(needsVerification(policy, helpdesk, 'reset_mfa', colleague)).toBe(false);
    expect(needsVerification(policy, employee, 'reset_mfa', yourself)).toBe(true);
    expect(policy.grants.reset_mfa.other).toEqual(DEFAULT_POLICY.grants.reset_mfa.other);
    for (const action of ACTIONS.filter((a) => a !== 'reset_mfa')) expect(policy.grants[action]).toEqual(DEFAULT_POLICY.grants[action]);
  });

  it('sets verification per role, for both halves with one value', () => {
    const policy = loadPolicy(policyFile({ roles: ROLES_SECTION, grants: { lock: { verify: { employee: true, helpdesk: false, admin: false } } } }));
    expect(needsVerification(policy, employee, 'lock', yourself)).toBe(true);
    expect(needsVerification(policy, helpdesk, 'lock', { email: helpdesk.email })).toBe(false);
    expect(policy.grants.lock.verify.other).toEqual({ employee: true, helpdesk: false, admin: false });
  });

  it('never verifies a lookup, whatever the file says', () => {
    const policy = loadPolicy(policyFile({ roles: ROLES_SECTION, grants: { lookup: { verify: true } } }));
    expect(needsVerification(policy, employee, 'lookup', yourself)).toBe(false);
  });

  it.each([
    ['a word instead of a boolean', { unlock: { verify: 'yes' } }, /grants\.unlock\.verify/],
    ['a role missing', { unlock: { verify: { self: { employee: true, helpdesk: true } } } }, /grants\.unlock\.verify/],
    ['an unknown half', { unlock: { verify: { mine: true } } }, /grants\.unlock\.verify/],
  ])('rejects %s, naming where', (_what, grants, message) => {
    expect(() => loadPolicy(policyFile({ roles: ROLES_SECTION, grants }))).toThrow(message);
  });
});
