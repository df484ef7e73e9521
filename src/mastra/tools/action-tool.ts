// The one shape every write tool has: typed input -> the one person it names -> the write action -> the desk (policy, then run
// now, card, approval or refusal). Each write tool file only names its action and its fields.
import { createTool } from '@mastra/core/tools';
import { z } from 'zod';
import type { WriteAction } from '../../helpdesk/actions.js';
import { resolvePerson } from '../../helpdesk/person-reference.js';
import { oktaFailure } from '../../helpdesk/wording.js';
import { getRequester } from '../request-context.js';
import { failureField, summaryField, type ToolDeps } from './shared.js';

const NO_REQUESTER = 'Only a signed-in person can change accounts (in Slack, or in Studio and MCP clients through Okta sign-in); this request names nobody, so it can only look things up.';

const actionOutputSchema = z.object({
  outcome: z
    .enum([
      'done', 'user_not_found', 'person_unclear', 'group_not_found', 'already_member', 'not_member', 'not_locked_out', 'already_suspended', 'failed',
      'denied', 'confirmation_requested', 'approval_requested',
    ])
    .describe('What happened: done, an honest miss, a refusal, or a request waiting for a click'),
  summary: summaryField,
  failure: failureField,
  pendingActionId: z.string().optional().describe('Set when the action waits for a confirmation or approval click'),
  resetLinkReference: z.string().optional().describe('Reference to a reset link held by the server (never the link itself)'),
  ownerNotice: z
    .object({ email: z.string().describe("The account owner's email"), text: z.string().describe('What they are told') })
    .optional()
    .describe("The account owner's DM about this change, sent by the system"),
});

type PersonInput = z.ZodObject<{ person: z.ZodString; reason: z.ZodOptional<z.ZodString> }>;

type ActionToolSpec<Input extends PersonInput> = {
  id: string;
  description: string;
  inputSchema: Input;
  toAction: (input: z.infer<Input>, targetEmail: string) => WriteAction;
};

export function createActionTool<Input extends PersonInput>(deps: ToolDeps, spec: ActionToolSpec<Input>) {
  return createTool({
    id: spec.id,
    description: spec.description,
    inputSchema: spec.inputSchema,
    outputSchema: actionOutputSchema,
    execute: async (inputData, context) => {
      const requester = getRequester(context?.requestContext);
      if (!requester) return { outcome: 'denied' as const, summary: NO_REQUESTER };
      // createTool has already validated inputData against spec.inputSchema.
      const input = inputData as z.infer<Input>;
      try {
        // A write acts on exactly one resolved person; anything else is a sentence, and nothing is written.
        const person = await resolvePerson(deps, input.person, requester);
        if ('unresolved' in person) return { outcome: 'person_unclear' as const, summary: person.unresolved };
        return await deps.desk.request(requester, spec.toAction(input, person.email), input.reason);
      } catch (error) {
        // Okta failed while the desk looked people up: nothing was decided or changed.
        return { outcome: 'failed' as const, ...oktaFailure(error) };
      }
    },
  });
}
