// Tool: unlock an account that is locked out (failed sign-ins) or suspended.
import { z } from 'zod';
import { createActionTool } from './action-tool.js';
import { personField, reasonField, type ToolDeps } from './shared.js';

export function createUnlockAccountTool(deps: ToolDeps) {
  return createActionTool(deps, {
    id: 'unlock-account',
    description: 'Unlock an account that is locked out after failed sign-ins, or unsuspend a suspended one.',
    inputSchema: z.object({ person: personField, reason: reasonField }),
    toAction: (_input, targetEmail) => ({ kind: 'unlock', targetEmail }),
  });
}
