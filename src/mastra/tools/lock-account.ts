// Tool: lock an account (Okta has no lock: suspend it and end every session).
import { z } from 'zod';
import { createActionTool } from './action-tool.js';
import { personField, reasonField, type ToolDeps } from './shared.js';

export function createLockAccountTool(deps: ToolDeps) {
  return createActionTool(deps, {
    id: 'lock-account',
    description: 'Lock an account, e.g. a lost laptop or a suspected compromise: suspends it and signs it out everywhere.',
    inputSchema: z.object({ person: personField, reason: reasonField }),
    toAction: (_input, targetEmail) => ({ kind: 'lock', targetEmail }),
  });
}
