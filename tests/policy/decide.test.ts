// The default safety model, cell by cell, against the table in design.md ("Safety model").
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, canApprove, decide, roleOf, type Action, type Decision, type Person, type Role } from '../../src/policy/index.js';

const GROUPS_OF: Record<Role, string[]> = {
  employee: ['Everyone', 'Engineering'],
  helpdesk: ['Everyone', 'Helpdesk'],
  admin: ['Everyone', 'IT-Admins'],
};
const person = (role: Role, email = `${role}@acme.com`): Person => ({ email, groups: GROUPS_OF[role] });
const ordinaryColleague = { email: 'pat@acme.com', groups: ['Everyone', 'Sales'], group: { id: 'Engineering', name: 'Engineering' } };

type Expected = 'allow' | 'confirm' | 'deny' | Role[];

// Literal copy of design.md; [employee, helpdesk, admin] per cell. Role[] = needs approval by those roles.
const TABLE: Record<Action, { self: [Expected, Expected, Expected]; other: [Expected, Expected, Expected] }> = {
  lookup: { self: ['allow', 'allow', 'allow'], other: ['deny', 'allow', 'allow'] },
  reset_password: { self: ['confirm', 'confirm', 'confirm'], other: ['deny', 'confirm', 'confirm'] },
  lock: { self: ['confirm', 'confirm', 'confirm'], other: ['deny', 'confirm', 'confirm'] },
  unlock: { self: ['confirm', 'confirm', 'confirm'], other: ['deny', 'confirm', 'confirm'] },
  // Nobody approves their own factor reset; an admin's own reset needs another admin.
  reset_mfa: { self: [['helpdesk', 'admin'], ['helpdesk', 'admin'], ['admin']], other: ['deny', 'confirm', 'confirm'] },
  add_to_group: { self: [['admin'], ['admin'], 'confirm'], other: ['deny', 'deny', 'confirm'] },
  remove_from_group: { self: [['admin'], ['admin'], 'confirm'], other: ['deny', 'deny', 'confirm'] },
};

const ROLE_ORDER: Role[] = ['employee', 'helpdesk', 'admin'];
const CELLS = Object.entries(TABLE).flatMap(([action, row]) =>
  (['self', 'other'] as const).flatMap((scope) =>
    ROLE_ORDER.map((role, index) => ({ action: action as Action, scope, role, expected: row[scope][index] as Expected })),
  ),
);

/** Where a refusal sends each role: employees to the help desk, the help desk to an IT admin. */
const INSTEAD: Record<Role, string> = { employee: 'Ask the IT help desk in #it-help.', helpdesk: 'Ask one of the IT admins.', admin: '' };

function expectedDecision(expected: Expected, role: Role): Decision {
  if (Array.isArray(expected)) return { outcome: 'needs_approval', approverRoles: expected };
  if (expected !== 'deny') return { outcome: expected };
  return { outcome: 'deny', reason: expect.stringMatching(/^Only .+ can /) as string, instead: INSTEAD[role] };
}

describe('decide with the default policy', () => {
  it('covers every action × (self, other) × role', () => {
    expect(CELLS).toHaveLength(7 * 2 * 3);
  });

  it.each(CELLS)('$role asking to $action on $scope gives $expected', ({ action, scope, role, expected }) => {
    const requester = person(role);
    const target = scope === 'self' ? { email: requester.email, group: { id: 'Engineering', name: 'Engineering' } } : ordinaryColleague;
    expect(decide(DEFAULT_POLICY, requester, action, target)).toEqual(expectedDecision(expected, role));
  });
});

describe('protected targets', () => {
  const itAdmin = { email: 'root@acme.com', groups: ['Everyone', 'IT-Admins'], group: { id: 'Engineering', name: 'Engineering' } };
  // The writes the help desk may do to ordinary colleagues; group changes on others are denied anyway.
  const writes: Action[] = ['reset_password', 'lock', 'unlock', 'reset_mfa'];

  it.each(writes)('denies a helpdesk person who tries to %s an IT admin', (action) => {
    const decision = decide(DEFAULT_POLICY, person('helpdesk'), action, itAdmin);
    expect(decision).toMatchObject({ outcome: 'deny', reason: expect.stringContaining('is one of the IT admins, so only one of the IT admins can change that account') });
  });

  it.each(writes)('lets an admin %s another IT admin after confirmation', (action) => {
    expect(decide(DEFAULT_POLICY, person('admin'), action, itAdmin)).toEqual({ outcome: 'confirm' });
  });

  it('still lets the help desk look up an IT admin (reads are not protected)', () => {
    expect(decide(DEFAULT_POLICY, person('helpdesk'), 'lookup', itAdmin)).toEqual({ outcome: 'allow' });
  });

  it('lets the help desk act on another help desk member (same role, not stronger)', () => {
    const colleague = { email: 'hd2@acme.com', groups: ['Helpdesk'] };
    expect(decide(DEFAULT_POLICY, person('helpdesk'), 'lock', colleague)).toEqual({ outcome: 'confirm' });
  });

  it('denies a helpdesk write when the caller did not pass the target groups (fails closed)', () => {
    const decision = decide(DEFAULT_POLICY, person('helpdesk'), 'lock', { email: 'pat@acme.com' });
    expect(decision).toMatchObject({ outcome: 'deny', reason: expect.stringContaining("could not check pat@acme.com's groups") });
  });

  it('lets an admin write without target groups, since no account is stronger than an admin', () => {
    expect(decide(DEFAULT_POLICY, person('admin'), 'lock', { email: 'pat@acme.com' })).toEqual({ outcome: 'confirm' });
  });
});

describe('who counts as self', () => {
  it.each([
    ['Erin@ACME.com', 'erin@acme.com'],
    ['erin@acme.com', ' ERIN@acme.com '],
  ])('treats %j and %j as the same person', (requesterEmail, targetEmail) => {
    const requester = { email: requesterEmail, groups: ['Everyone'] };
    expect(decide(DEFAULT_POLICY, requester, 'reset_password', { email: targetEmail })).toEqual({ outcome: 'confirm' });
  });

  it('does not treat a look-alike address as self', () => {
    const requester = { email: 'erin@acme.com', groups: ['Everyone'] };
    expect(decide(DEFAULT_POLICY, requester, 'reset_password', { email: 'erin@acme.co', groups: [] }).outcome).toBe('deny');
  });
});

describe('roles from groups', () => {
  it.each([
    [[], 'employee'],
    [['Everyone', 'Engineering'], 'employee'],
    [['Helpdesk'], 'helpdesk'],
    [['IT-Admins'], 'admin'],
    [['Helpdesk', 'IT-Admins'], 'admin'],
    [['IT-Admins', 'Helpdesk', 'Sales'], 'admin'],
    [['it-admins'], 'employee'],
  ] as [string[], Role][])('maps groups %j to %s', (groups, role) => {
    expect(roleOf(DEFAULT_POLICY, groups)).toBe(role);
  });

  it('gives someone in Helpdesk and IT-Admins the admin rights on group changes', () => {
    const both = { email: 'sam@acme.com', groups: ['Helpdesk', 'IT-Admins'] };
    expect(decide(DEFAULT_POLICY, both, 'add_to_group', ordinaryColleague)).toEqual({ outcome: 'confirm' });
  });
});

describe('group actions', () => {
  it('denies a group change that does not name the group', () => {
    expect(decide(DEFAULT_POLICY, person('admin'), 'add_to_group', { email: 'pat@acme.com', groups: [] }).outcome).toBe('deny');
  });

  it('sends an employee asking to join IT-Admins to admins for approval', () => {
    const decision = decide(DEFAULT_POLICY, person('employee'), 'add_to_group', { email: 'employee@acme.com', group: { id: 'IT-Admins', name: 'IT-Admins' } });
    expect(decision).toEqual({ outcome: 'needs_approval', approverRoles: ['admin'] });
  });
});

describe('canApprove', () => {
  const mfaOf = (requester: Person) => ({ requester, action: 'reset_mfa' as const, target: { email: requester.email } });

  it.each([
    ['a helpdesk person', person('helpdesk'), true],
    ['an admin', person('admin'), true],
    ['another employee', person('employee', 'bob@acme.com'), false],
  ])("lets %s approve an employee's own MFA reset: %s", (_who, approver, expected) => {
    expect(canApprove(DEFAULT_POLICY, approver, mfaOf(person('employee')))).toBe(expected);
  });

  it('never lets a helpdesk person approve their own MFA reset', () => {
    const requester = person('helpdesk');
    expect(canApprove(DEFAULT_POLICY, { ...requester, email: 'HELPDESK@acme.com' }, mfaOf(requester))).toBe(false);
    expect(canApprove(DEFAULT_POLICY, person('helpdesk', 'hd2@acme.com'), mfaOf(requester))).toBe(true);
  });

  it("needs another admin for an admin's own MFA reset", () => {
    const requester = person('admin');
    expect(canApprove(DEFAULT_POLICY, person('helpdesk'), mfaOf(requester))).toBe(false);
    expect(canApprove(DEFAULT_POLICY, requester, mfaOf(requester))).toBe(false);
    expect(canApprove(DEFAULT_POLICY, person('admin', 'admin2@acme.com'), mfaOf(requester))).toBe(true);
  });

  it('lets only admins approve an access request', () => {
    const request = { requester: person('employee'), action: 'add_to_group' as const, target: { email: 'employee@acme.com', group: { id: 'Engineering', name: 'Engineering' } } };
    expect(canApprove(DEFAULT_POLICY, person('helpdesk'), request)).toBe(false);
    expect(canApprove(DEFAULT_POLICY, person('admin'), request)).toBe(true);
  });

  it('refuses approval for a request that does not need one', () => {
    const request = { requester: person('employee'), action: 'reset_password' as const, target: { email: 'employee@acme.com' } };
    expect(canApprove(DEFAULT_POLICY, person('admin'), request)).toBe(false);
  });
});

describe('lifting a suspension', () => {
  it.each(ROLE_ORDER)('sends a %s who asks to unsuspend their own account to approval by help desk or admins', (role) => {
    const me = person(role);
    const decision = decide(DEFAULT_POLICY, me, 'unlock', { email: me.email, status: 'SUSPENDED' });
    expect(decision).toEqual({ outcome: 'needs_approval', approverRoles: role === 'admin' ? ['admin'] : ['helpdesk', 'admin'] });
  });

  it('still lets people confirm unlocking their own account after failed sign-ins', () => {
    const me = person('employee');
    expect(decide(DEFAULT_POLICY, me, 'unlock', { email: me.email, status: 'LOCKED_OUT' })).toEqual({ outcome: 'confirm' });
  });
});

describe('refusals worded for the person refused', () => {
  const colleague = { email: 'pat@acme.com', groups: ['Everyone', 'Sales'] };

  it('names the roles as people: "someone on the help desk or one of the IT admins"', () => {
    expect(decide(DEFAULT_POLICY, person('employee'), 'lock', colleague)).toEqual({
      outcome: 'deny',
      reason: "Only someone on the help desk or one of the IT admins can lock someone else's account.",
      instead: 'Ask the IT help desk in #it-help.',
    });
  });

  it('never sends the help desk to the help desk: it is told to ask an IT admin', () => {
    const decision = decide(DEFAULT_POLICY, person('helpdesk'), 'add_to_group', { ...colleague, group: { id: 'Engineering', name: 'Engineering' } });
    expect(decision).toEqual({ outcome: 'deny', reason: 'Only one of the IT admins can add someone else to a group.', instead: 'Ask one of the IT admins.' });
  });

  it('tells an IT admin the rule that stops it', () => {
    const policy = { ...DEFAULT_POLICY, grants: { ...DEFAULT_POLICY.grants, lock: { ...DEFAULT_POLICY.grants.lock, other: { employee: 'deny', helpdesk: 'deny', admin: 'deny' } } } } as const;
    expect(decide(policy, person('admin'), 'lock', colleague)).toEqual({
      outcome: 'deny',
      reason: "Nobody can lock someone else's account through this bot.",
      instead: 'The rule that stops it: the policy\'s "lock" grant on someone else\'s account is "deny" for IT admins (HELPDESK_POLICY file).',
    });
  });
});
