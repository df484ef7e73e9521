// Tool: the Okta groups (and so the access) a person has. Read-only.
import { createTool } from '@mastra/core/tools';
import { z } from 'zod';
import { notFoundSummary, oktaFailure, personName } from '../../helpdesk/wording.js';
import { failureField, lookupRefusal, personEmailField, requesterOf, summaryField, targetEmail, type ToolDeps } from './shared.js';

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
      const requester = requesterOf(deps, context?.requestContext);
      const target = targetEmail(email, requester);
      try {
        const refusal = await lookupRefusal(deps, requester, target);
        if (refusal) return { found: false, groups: [], summary: refusal };
        const user = await deps.directory.findUserByEmail(target);
        if (!user) return { found: false, groups: [], summary: notFoundSummary(target) };
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
