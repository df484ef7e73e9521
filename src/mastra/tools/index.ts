// The helpdesk toolset. Keys are the names the model sees.
import { createAddUserToGroupTool } from './add-user-to-group.js';
import { createCheckAppAccessTool } from './check-app-access.js';
import { createDiagnoseSignInTool } from './diagnose-sign-in.js';
import { createFindGroupTool } from './find-group.js';
import { createFindUserTool } from './find-user.js';
import { createGetUserDetailsTool } from './get-user-details.js';
import { createListUserGroupsTool } from './list-user-groups.js';
import { createLockAccountTool } from './lock-account.js';
import { createQueryUsersTool } from './query-users.js';
import { createRemoveUserFromGroupTool } from './remove-user-from-group.js';
import { createResetMfaTool } from './reset-mfa.js';
import { createResetPasswordTool } from './reset-password.js';
import type { ToolDeps } from './shared.js';
import { createUnlockAccountTool } from './unlock-account.js';

export type { ToolDeps } from './shared.js';

export function createHelpdeskTools(deps: ToolDeps) {
  return {
    findUser: createFindUserTool(deps),
    getUserDetails: createGetUserDetailsTool(deps),
    diagnoseSignIn: createDiagnoseSignInTool(deps),
    checkAppAccess: createCheckAppAccessTool(deps),
    listUserGroups: createListUserGroupsTool(deps),
    findGroup: createFindGroupTool(deps),
    addUserToGroup: createAddUserToGroupTool(deps),
    removeUserFromGroup: createRemoveUserFromGroupTool(deps),
    resetPassword: createResetPasswordTool(deps),
    lockAccount: createLockAccountTool(deps),
    unlockAccount: createUnlockAccountTool(deps),
    resetMfa: createResetMfaTool(deps),
    queryUsers: createQueryUsersTool(deps),
  };
}
