// Tool: give someone access by adding them to an Okta group (exact group name).
import { z } from 'zod';
import { createActionTool } from './action-tool.js';
import { groupNameField, personField, reasonField, type ToolDeps } from './shared.js';

export function createAddUserToGroupTool(deps: ToolDeps) {
  return createActionTool(deps, {
    id: 'add-user-to-group',
    description: 'Add a person to an Okta group. Reports honestly when they were already a member.',
    inputSchema: z.object({ person: personField, groupName: groupNameField, reason: reasonField }),
    toAction: ({ groupName }, targetEmail) => ({ kind: 'add_to_group', targetEmail, groupName }),
  });
}
