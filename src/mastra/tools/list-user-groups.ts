// Tool: the Okta groups (and so the access) a person has. Read-only.
import { createTool } from '@mastra/core/tools';
import { z } from 'zod';
import { addressee, oktaFailure } from '../../helpdesk/wording.js';
import { failureField, findPersonToRead, personField, summaryField, type ToolDeps } from './shared.js';

export function createListUserGroupsTool(deps: ToolDeps) {
  return createTool({
    id: 'list-user-groups',
    description: "List the Okta groups a person belongs to (their access).",
    inputSchema: z.object({ person: personField }),
    outputSchema: z.object({
      found: z.boolean().describe('Whether Okta has this person'),
      groups: z.array(z.string()).describe('Group names'),
      summary: summaryField,
      failure: failureField,
    }),
    execute: async ({ person }, context) => {
      try {
        const found = await findPersonToRead(deps, person, context?.requestContext);
        if (!('user' in found)) return { found: false, groups: [], summary: found.summary };
        const groups = (await deps.directory.listUserGroups(found.user.id)).map((group) => group.name);
        const who = addressee(found.user, found.self);
        const summary =
          groups.length === 0
            ? `${who.Name} ${who.is} in no Okta groups.`
            : `${who.Name} ${who.is} in ${groups.length} Okta group${groups.length === 1 ? '' : 's'}: ${groups.join(', ')}.`;
        return { found: true, groups, summary };
      } catch (error) {
        return { found: false, groups: [], ...oktaFailure(error) };
      }
    },
  });
}
