// Tool: reset every MFA factor (new phone, lost authenticator); the account stays active.
import { z } from 'zod';
import { createActionTool } from './action-tool.js';
import { personField, reasonField, type ToolDeps } from './shared.js';

export function createResetMfaTool(deps: ToolDeps) {
  return createActionTool(deps, {
    id: 'reset-mfa',
    description: 'Reset all MFA factors of an account (new phone, lost authenticator); they enroll again at next sign-in.',
    inputSchema: z.object({ person: personField, reason: reasonField }),
    toAction: (_input, targetEmail) => ({ kind: 'reset_mfa', targetEmail }),
  });
}
