// The built-in safety model from design.md, used when HELPDESK_POLICY is not set.
import type { Grant, HelpdeskPolicy, Rule } from './types.js';

const everyone = (rule: Rule): Grant['self'] => ({ employee: rule, helpdesk: rule, admin: rule });
const staffOnly = (rule: Rule): Grant['other'] => ({ employee: 'deny', helpdesk: rule, admin: rule });

export const DEFAULT_INSTEAD = 'Ask the IT help desk in #it-help.';

export const DEFAULT_POLICY: HelpdeskPolicy = {
  roles: { admin: ['IT-Admins'], helpdesk: ['Helpdesk'] },
  grants: {
    lookup: { self: everyone('allow'), other: staffOnly('allow') },
    reset_password: { self: everyone('confirm'), other: staffOnly('confirm') },
    lock: { self: everyone('confirm'), other: staffOnly('confirm') },
    unlock: { self: everyone('confirm'), other: staffOnly('confirm') },
    // Nobody approves their own factor reset, staff included: canApprove excludes the requester.
    reset_mfa: { self: everyone({ approvalBy: ['helpdesk', 'admin'] }), other: staffOnly('confirm') },
    add_to_group: {
      self: { employee: { approvalBy: ['admin'] }, helpdesk: { approvalBy: ['admin'] }, admin: 'confirm' },
      other: { employee: 'deny', helpdesk: 'deny', admin: 'confirm' },
    },
    remove_from_group: {
      self: { employee: { approvalBy: ['admin'] }, helpdesk: { approvalBy: ['admin'] }, admin: 'confirm' },
      other: { employee: 'deny', helpdesk: 'deny', admin: 'confirm' },
    },
  },
  instead: DEFAULT_INSTEAD,
};
