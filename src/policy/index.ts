// Public entry of the policy layer: the safety model as pure functions plus its file loader.
export { ACTIONS, ROLES, type Action, type Decision, type Grant, type HelpdeskPolicy, type Person, type Role, type Rule, type Target, type TargetGroup } from './types.js';
export { DEFAULT_POLICY } from './default-policy.js';
export { canApprove, decide, needsVerification, roleOf, sameEmail, type ApprovalRequest } from './decide.js';
export { parsePolicy, policyFileSchema, type PolicyFile } from './policy-schema.js';
export { loadPolicy } from './load-policy.js';
export { insteadFor, roleWords, someoneOf } from './role-words.js';
