// Tool: the Okta groups (and so the access) a person has. Read-only.
import { createTool } from '@mastra/core/tools';
import { z } from 'zod';
import { oktaFailure, personName } from '../../helpdesk/wording.js';
import { failureField, findPersonToRead, personEmailField, summaryField, type ToolDeps } from './shared.js';

export function createListUserGroupsTool(deps: ToolDeps) {
  return createTool({
    id: 'list-user-groups',
    description: "List the Okta groups a person belongs to (their access).",
    inputSchema: z.object({ email: personEmailField }),
    outputSchema: z.object({
      found: z.boolean().describe('Whether Okta has this person'),
      groups: z.array(z.string()).describe('Group names'),
      summary: summaryField,
      failure: failureField,
    }),
    execute: async ({ email }, context) => {
      try {
        const person = await findPersonToRead(deps, email, context?.requestContext);
        if (!('user' in person)) return { found: false, groups: [], summary: person.summary };
        const { user } = person;
        const groups = (await deps.directory.listUserGroups(user.id)).map((group) => group.name);
        const summary =
          groups.length === 0
            ? `${personName(user)} is in no Okta groups.`
            : `${personName(user)} is in ${groups.length} Okta group${groups.length === 1 ? '' : 's'}: ${groups.join(', ')}.`;
        return { found: true, groups, summary };
      } catch (error) {
        return { found: false, groups: [], ...oktaFailure(error) };
      }
    },
  });
}
