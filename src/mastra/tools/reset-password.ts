// Tool: issue a one-time password reset link. The link stays on the server; only its owner gets it.
import { z } from 'zod';
import { createActionTool } from './action-tool.js';
import { personField, reasonField, type ToolDeps } from './shared.js';

export function createResetPasswordTool(deps: ToolDeps) {
  return createActionTool(deps, {
    id: 'reset-password',
    description: "Start a password reset: Okta issues a one-time link that is sent privately to the account's owner.",
    inputSchema: z.object({ person: personField, reason: reasonField }),
    toAction: (_input, targetEmail) => ({ kind: 'reset_password', targetEmail }),
  });
}
