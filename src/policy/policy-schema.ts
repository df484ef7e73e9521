// The HELPDESK_POLICY file format: a zod schema and a pure parser onto the built-in defaults.
import { z } from 'zod';
import { DEFAULT_INSTEAD, DEFAULT_POLICY } from './default-policy.js';
import { ACTIONS, ROLES, type Action, type Grant, type HelpdeskPolicy, type Role, type Rule } from './types.js';

const roleSchema = z.enum(ROLES);
const ruleSchema = z.union([
  z.enum(['allow', 'confirm', 'deny']),
  z.strictObject({ approvalBy: z.array(roleSchema).min(1) }),
]);
/** One rule for every role, or one per role (all three named). */
const cellSchema = z.union([ruleSchema, z.strictObject({ employee: ruleSchema, helpdesk: ruleSchema, admin: ruleSchema })], {
  error: `must be a rule ("allow", "confirm", "deny" or {"approvalBy": [${ROLES.map((r) => `"${r}"`).join(', ')}]}) or {"employee": rule, "helpdesk": rule, "admin": rule}`,
});
/** Okta Verify push first: true/false for every role, or one per role (all three named). */
const verifyCellSchema = z.union([z.boolean(), z.strictObject({ employee: z.boolean(), helpdesk: z.boolean(), admin: z.boolean() })], {
  error: 'must be true, false or {"employee": boolean, "helpdesk": boolean, "admin": boolean}',
});
const grantSchema = z.strictObject({
  $comment: z.string().optional(),
  self: cellSchema.optional(),
  other: cellSchema.optional(),
  /** One value for both halves, or per half; a half left out keeps the default. */
  verify: z.union([verifyCellSchema, z.strictObject({ self: verifyCellSchema.optional(), other: verifyCellSchema.optional() })]).optional(),
});
const groupNames = z.array(z.string().trim().min(1));

export const policyFileSchema = z.strictObject({
  $comment: z.union([z.string(), z.array(z.string())]).optional(),
  roles: z.strictObject({ $comment: z.string().optional(), admin: groupNames, helpdesk: groupNames }),
  /** Per-action overrides; an action or a half (self/other) left out keeps the default. */
  grants: z.partialRecord(z.enum(ACTIONS), grantSchema).optional(),
  instead: z.string().trim().min(1).optional(),
});
export type PolicyFile = z.infer<typeof policyFileSchema>;

/** Parses a policy file's JSON value; throws an Error naming HELPDESK_POLICY, the source and the zod path. */
export function parsePolicy(value: unknown, source: string): HelpdeskPolicy {
  const parsed = policyFileSchema.safeParse(value);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`);
    throw new Error(`HELPDESK_POLICY file ${source} is invalid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
  const file = parsed.data;
  const grants = Object.fromEntries(
    ACTIONS.map((action: Action): [Action, Grant] => {
      const override = file.grants?.[action];
      const fallback = DEFAULT_POLICY.grants[action];
      const verify = override?.verify;
      const halves: VerifyHalves = typeof verify === 'object' && !('employee' in verify) ? verify : { self: verify, other: verify };
      return [
        action,
        {
          self: perRole(override?.self) ?? fallback.self,
          other: perRole(override?.other) ?? fallback.other,
          verify: { self: perRoleFlag(halves.self) ?? fallback.verify.self, other: perRoleFlag(halves.other) ?? fallback.verify.other },
        },
      ];
    }),
  ) as Record<Action, Grant>;
  return {
    roles: { admin: file.roles.admin, helpdesk: file.roles.helpdesk },
    grants,
    instead: file.instead ?? DEFAULT_INSTEAD,
  };
}

type VerifyCell = z.infer<typeof verifyCellSchema>;
type VerifyHalves = { self?: VerifyCell; other?: VerifyCell };

function perRoleFlag(cell: VerifyCell | undefined): Record<Role, boolean> | undefined {
  if (cell === undefined) return undefined;
  return typeof cell === 'boolean' ? { employee: cell, helpdesk: cell, admin: cell } : { employee: cell.employee, helpdesk: cell.helpdesk, admin: cell.admin };
}

function perRole(cell: z.infer<typeof cellSchema> | undefined): Record<Role, Rule> | undefined {
  if (cell === undefined) return undefined;
  if (typeof cell === 'string' || 'approvalBy' in cell) return { employee: cell, helpdesk: cell, admin: cell };
  return { employee: cell.employee, helpdesk: cell.helpdesk, admin: cell.admin };
}
