// Tool: take access away by removing someone from an Okta group (exact group name).
import { z } from 'zod';
import { createActionTool } from './action-tool.js';
import { groupNameField, personField, reasonField, type ToolDeps } from './shared.js';

export function createRemoveUserFromGroupTool(deps: ToolDeps) {
  return createActionTool(deps, {
    id: 'remove-user-from-group',
    description: 'Remove a person from an Okta group. Reports honestly when they were not a member.',
    inputSchema: z.object({ person: personField, groupName: groupNameField, reason: reasonField }),
    toAction: ({ groupName }, targetEmail) => ({ kind: 'remove_from_group', targetEmail, groupName }),
  });
}
