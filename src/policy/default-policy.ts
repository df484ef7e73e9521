// The built-in safety model from design.md, used when HELPDESK_POLICY is not set.
import type { Grant, HelpdeskPolicy, Role, Rule } from './types.js';

const everyone = (rule: Rule): Grant['self'] => ({ employee: rule, helpdesk: rule, admin: rule });
const staffOnly = (rule: Rule): Grant['other'] => ({ employee: 'deny', helpdesk: rule, admin: rule });
const always = (value: boolean): Record<Role, boolean> => ({ employee: value, helpdesk: value, admin: value });
/** Okta Verify push before the action: `self` on your own account, `other` to the target's phone. */
const verify = (self: boolean, other: boolean): Grant['verify'] => ({ self: always(self), other: always(other) });

export const DEFAULT_INSTEAD = 'Ask the IT help desk in #it-help.';

export const DEFAULT_POLICY: HelpdeskPolicy = {
  roles: { admin: ['IT-Admins'], helpdesk: ['Helpdesk'] },
  grants: {
    lookup: { self: everyone('allow'), other: staffOnly('allow'), verify: verify(false, false) },
    // A stolen Slack session must not get a reset link, an unlock or a factor reset: the owner's phone confirms first.
    reset_password: { self: everyone('confirm'), other: staffOnly('confirm'), verify: verify(true, false) },
    lock: { self: everyone('confirm'), other: staffOnly('confirm'), verify: verify(false, false) },
    unlock: { self: everyone('confirm'), other: staffOnly('confirm'), verify: verify(true, false) },
    // Nobody approves their own factor reset, staff included: canApprove excludes the requester.
    // The help desk resetting someone's MFA first pushes to that person's phone while they still have one.
    reset_mfa: { self: everyone({ approvalBy: ['helpdesk', 'admin'] }), other: staffOnly('confirm'), verify: verify(true, true) },
    add_to_group: {
      self: { employee: { approvalBy: ['admin'] }, helpdesk: { approvalBy: ['admin'] }, admin: 'confirm' },
      other: { employee: 'deny', helpdesk: 'deny', admin: 'confirm' },
      verify: verify(false, false),
    },
    remove_from_group: {
      self: { employee: { approvalBy: ['admin'] }, helpdesk: { approvalBy: ['admin'] }, admin: 'confirm' },
      other: { employee: 'deny', helpdesk: 'deny', admin: 'confirm' },
      verify: verify(false, false),
    },
  },
  instead: DEFAULT_INSTEAD,
};
