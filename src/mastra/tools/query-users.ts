// Tool: list users by status, group, department and last sign-in ("who is locked out right now?").
// Read-only, for the roles the policy lets look up others; the query and its table are code
// (helpdesk/user-query.ts), and `queries` lists the Okta calls the answer was read from.
import { createTool } from '@mastra/core/tools';
import { z } from 'zod';
import { describeQuery, isIsoDate, MAX_ROWS, runUserQuery, toDirectoryQuery } from '../../helpdesk/user-query.js';
import { oktaFailure } from '../../helpdesk/wording.js';
import { OKTA_USER_STATUSES } from '../../okta/index.js';
import { getRequester } from '../request-context.js';
import { failureField, summaryField, type ToolDeps } from './shared.js';

// Bounds are refinements, not JSON Schema keywords: they cost the model's prompt no tokens.
const pointInTime = z.union([
  z.number().refine((days) => Number.isInteger(days) && days >= 0 && days <= 36_500, 'must be 0 to 36500 whole days'),
  z.string().refine(isIsoDate, 'must be a date written YYYY-MM-DD'),
]);
const name = z.string().refine((value) => value.trim() !== '' && value.length <= 200, 'must be a name');

export function createQueryUsersTool(deps: ToolDeps) {
  return createTool({
    id: 'query-users',
    description: 'List users by status, group, department or last sign-in, e.g. who is locked out.',
    inputSchema: z.object({
      status: z.enum(OKTA_USER_STATUSES).optional().describe('Okta status'),
      group: name.optional().describe('Members of this group'),
      department: name.optional().describe('Department'),
      lastSignInBefore: pointInTime.optional().describe('Not signed in since: days ago or YYYY-MM-DD'),
      lastSignInAfter: pointInTime.optional().describe('Signed in since: days ago or YYYY-MM-DD'),
      limit: z.number().int().min(1).max(MAX_ROWS).optional().describe(`Rows, default ${MAX_ROWS}`),
    }),
    outputSchema: z.object({
      summary: summaryField,
      failure: failureField,
      count: z.number().describe('Rows shown'),
      queries: z.array(z.object({ method: z.string().describe('HTTP method'), path: z.string().describe('Path and query') })).describe('Okta calls read'),
    }),
    execute: async (input, context) => {
      try {
        const now = Date.now();
        const verdict = await deps.desk.authorizeQuery(getRequester(context?.requestContext), `users: ${describeQuery(toDirectoryQuery(input, now), now)}`);
        if (!verdict.allowed) return { summary: verdict.summary, count: 0, queries: [] };
        const answer = await runUserQuery(deps.directory, input, now);
        return { summary: answer.summary, count: answer.shown, queries: answer.calls.map(({ method, path }) => ({ method, path })) };
      } catch (error) {
        return { count: 0, queries: [], ...oktaFailure(error) };
      }
    },
  });
}
