// The vocabulary of the safety model: actions, roles, rules and the decisions `decide` returns.

export const ACTIONS = ['lookup', 'reset_password', 'lock', 'unlock', 'reset_mfa', 'add_to_group', 'remove_from_group'] as const;
export type Action = (typeof ACTIONS)[number];

export const GROUP_ACTIONS: readonly Action[] = ['add_to_group', 'remove_from_group'];

/** Weakest first: a role's index is its rank. */
export const ROLES = ['employee', 'helpdesk', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** What the table says for one role in one cell. */
export type Rule = 'allow' | 'confirm' | 'deny' | { approvalBy: Role[] };

/**
 * One row of the table: a rule per role, for acting on yourself and on someone else, and whether the
 * account's owner must first prove it is them with an Okta Verify push (`verify`, per role and half).
 */
export type Grant = { self: Record<Role, Rule>; other: Record<Role, Rule>; verify: { self: Record<Role, boolean>; other: Record<Role, boolean> } };

export type HelpdeskPolicy = {
  /**
   * The groups that give each role; everyone else is an employee. In the policy file these are Okta
   * group names; the desk resolves them to Okta group ids before deciding, and `decide` compares
   * them with a person's groups as opaque identities (ids at run time), never by spelling.
   */
  roles: { admin: string[]; helpdesk: string[] };
  grants: Record<Action, Grant>;
  /** What a denial tells the person to do instead. */
  instead: string;
};

/** A verified person: the requester or an approver. `groups` are their groups' identities (Okta group ids at run time). */
export type Person = { email: string; groups: string[] };

/** The group a group action changes, as found in Okta: `id` decides, `name` is for wording. */
export type TargetGroup = { id: string; name: string };

/**
 * Whose account the action touches. `groups` are the target's group identities: callers MUST pass
 * them for write actions on someone else, or a non-admin is denied (protected accounts cannot be
 * told apart). `group` is required for add_to_group / remove_from_group. A SUSPENDED account
 * was suspended on purpose (security, offboarding), so lifting your own suspension needs approval.
 */
export type Target = {
  email: string;
  groups?: string[];
  group?: TargetGroup;
  /** The target account's Okta status, when known: a suspension is lifted only with approval. */
  status?: string;
};

export type Decision =
  | { outcome: 'allow' }
  | { outcome: 'confirm' }
  | { outcome: 'needs_approval'; approverRoles: Role[] }
  | { outcome: 'deny'; reason: string; instead: string };
