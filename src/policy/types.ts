// The vocabulary of the safety model: actions, roles, rules and the decisions `decide` returns.

export const ACTIONS = ['lookup', 'reset_password', 'lock', 'unlock', 'reset_mfa', 'add_to_group', 'remove_from_group'] as const;
export type Action = (typeof ACTIONS)[number];

export const GROUP_ACTIONS: readonly Action[] = ['add_to_group', 'remove_from_group'];

/** Weakest first: a role's index is its rank. */
export const ROLES = ['employee', 'helpdesk', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** What the table says for one role in one cell. */
export type Rule = 'allow' | 'confirm' | 'deny' | { approvalBy: Role[] };

/** One row of the table: a rule per role, for acting on yourself and on someone else. */
export type Grant = { self: Record<Role, Rule>; other: Record<Role, Rule> };

export type HelpdeskPolicy = {
  /** Okta group names (exact, case-sensitive) that give each role. Everyone else is an employee. */
  roles: { admin: string[]; helpdesk: string[] };
  grants: Record<Action, Grant>;
  /** What a denial tells the person to do instead. */
  instead: string;
};

/** A verified person: the requester or an approver. `groups` are their Okta group names. */
export type Person = { email: string; groups: string[] };

/**
 * Whose account the action touches. `groups` are the target's Okta group names: callers MUST pass
 * them for write actions on someone else, or a non-admin is denied (protected accounts cannot be
 * told apart). `groupName` is required for add_to_group / remove_from_group. A SUSPENDED account
 * was suspended on purpose (security, offboarding), so lifting your own suspension needs approval.
 */
export type Target = {
  email: string;
  groups?: string[];
  groupName?: string;
  /** The target account's Okta status, when known: a suspension is lifted only with approval. */
  status?: string;
};

export type Decision =
  | { outcome: 'allow' }
  | { outcome: 'confirm' }
  | { outcome: 'needs_approval'; approverRoles: Role[] }
  | { outcome: 'deny'; reason: string; instead: string };
