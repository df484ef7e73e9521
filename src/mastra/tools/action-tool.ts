// The one shape every write tool has: typed input -> the write action -> executeAction -> outcome.
// Each write tool file only names its action and describes its fields.
import { createTool } from '@mastra/core/tools';
import { z } from 'zod';
import { executeAction, type WriteAction } from '../../helpdesk/actions.js';
import { failureField, summaryField, targetEmail, type ToolDeps } from './shared.js';

const actionOutputSchema = z.object({
  outcome: z
    .enum(['done', 'user_not_found', 'group_not_found', 'already_member', 'not_member', 'not_locked_out', 'already_suspended', 'failed'])
    .describe('What Okta did'),
  summary: summaryField,
  failure: failureField,
  resetLinkReference: z.string().optional().describe('Reference to a reset link held by the server (never the link itself)'),
});

type ActionToolSpec<Input extends z.ZodObject<{ email: z.ZodOptional<z.ZodEmail> }>> = {
  id: string;
  description: string;
  inputSchema: Input;
  toAction: (input: z.infer<Input>, targetEmail: string) => WriteAction;
};

export function createActionTool<Input extends z.ZodObject<{ email: z.ZodOptional<z.ZodEmail> }>>(
  deps: ToolDeps,
  spec: ActionToolSpec<Input>,
) {
  return createTool({
    id: spec.id,
    description: spec.description,
    inputSchema: spec.inputSchema,
    outputSchema: actionOutputSchema,
    execute: async (inputData, context) => {
      // createTool has already validated inputData against spec.inputSchema.
      const input = inputData as z.infer<Input>;
      const action = spec.toAction(input, targetEmail(input.email, context?.requestContext));
      const { outcome, summary, failure, resetLinkReference } = await executeAction(deps, action);
      return { outcome, summary, failure, resetLinkReference };
    },
  });
}
