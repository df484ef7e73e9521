// Tool: why a person can't open an app. Reads the app, the person's app links and the app's groups;
// the answer is code (helpdesk/app-access.ts). When exactly one group grants the app, the offer is
// the ordinary access request for that group, through the desk (approval card, card or refusal).
import { createTool } from '@mastra/core/tools';
import { z } from 'zod';
import { APP_ACCESS, readAppAccess } from '../../helpdesk/app-access.js';
import { oktaFailure } from '../../helpdesk/wording.js';
import { failureField, findPersonToRead, personField, summaryField, withOffer, type ToolDeps } from './shared.js';

/** Bounds checked by a refinement, so they cost no schema tokens. */
const appField = z
  .string()
  .refine((value) => value.trim() !== '' && value.length <= 100, 'must name one app')
  .describe('App name, e.g. "Salesforce"');

export function createCheckAppAccessTool(deps: ToolDeps) {
  return createTool({
    id: 'check-app-access',
    description: "Why a person can't open an app: checks their access, offers the group that grants it.",
    inputSchema: z.object({ person: personField, app: appField }),
    outputSchema: z.object({
      found: z.boolean().describe('Whether Okta has this person'),
      access: z.enum(APP_ACCESS).optional().describe('The answer, when found'),
      summary: summaryField,
      failure: failureField,
      pendingActionId: z.string().optional().describe('Set when an access request waits for a click'),
    }),
    execute: async ({ person, app }, context) => {
      try {
        const found = await findPersonToRead(deps, person, context?.requestContext);
        if (!('user' in found)) return { found: false, summary: found.summary };
        const { user, requester, self } = found;
        const answer = await readAppAccess(deps.directory, user, app, self);
        if (!answer.requestGroup || !answer.app || !requester) return { found: true, access: answer.access, summary: answer.summary };
        const request = { kind: 'add_to_group' as const, targetEmail: user.email, groupName: answer.requestGroup.name };
        const { summary, failure, pendingActionId } = await withOffer(deps, requester, answer.summary, request, `Access to ${answer.app.label}`);
        return { found: true, access: answer.access, summary, failure, pendingActionId };
      } catch (error) {
        return { found: false, ...oktaFailure(error) };
      }
    },
  });
}
