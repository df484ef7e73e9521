// Roles as a person says them ("one of the IT admins", "someone on the help desk"), never as role
// ids or group names, and where a refusal points each role next: nobody is sent to themselves.
import { ROLES, type HelpdeskPolicy, type Role } from './types.js';

type RoleWords = {
  /** One person of the role: "Only someone on the help desk can ...". */
  someone: string;
  /** What being in the role is: "jane@acme.com is one of the IT admins". */
  member: string;
  /** The rights a role group gives: "IT-Admins gives IT admin rights". */
  rights: string;
};

const ROLE_WORDS: Record<Role, RoleWords> = {
  employee: { someone: 'any employee', member: 'an employee', rights: 'employee' },
  helpdesk: { someone: 'someone on the help desk', member: 'on the help desk', rights: 'help desk' },
  admin: { someone: 'one of the IT admins', member: 'one of the IT admins', rights: 'IT admin' },
};

export function roleWords(role: Role): RoleWords {
  return ROLE_WORDS[role];
}

/** "someone on the help desk or one of the IT admins", weakest role first. */
export function someoneOf(roles: readonly Role[]): string {
  return ROLES.filter((role) => roles.includes(role))
    .map((role) => ROLE_WORDS[role].someone)
    .join(' or ');
}

/**
 * Where a refusal sends the person, by their role: employees to the help desk (the policy's
 * `instead`, or the configured help-desk channel), the help desk to an IT admin (never to itself),
 * and an IT admin, who has nobody to escalate to, to the rule that stops it.
 */
export function insteadFor(policy: HelpdeskPolicy, role: Role, rule: string): string {
  if (role === 'employee') return policy.instead;
  if (role === 'helpdesk') return 'Ask one of the IT admins.';
  return `The rule that stops it: ${rule}.`;
}
