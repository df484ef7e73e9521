// Tool: find people by name or email fragment ("who is Jane?"). Read-only.
import { createTool } from '@mastra/core/tools';
import { z } from 'zod';
import { describeStatus, oktaFailure, personName } from '../../helpdesk/wording.js';
import { getRequester } from '../request-context.js';
import { failureField, lookupRefusal, summaryField, type ToolDeps } from './shared.js';

const MAX_MATCHES = 10;

export function createFindUserTool(deps: ToolDeps) {
  return createTool({
    id: 'find-user',
    description: 'Find people in Okta by first name, last name or the start of their email.',
    inputSchema: z.object({
      query: z.string().min(2).describe('A name or the beginning of an email, e.g. "jane" or "jane.doe@"'),
    }),
    outputSchema: z.object({
      matches: z
        .array(z.object({ email: z.string().describe('Work email'), name: z.string().describe('Full name'), status: z.string().describe('Okta account status') }))
        .describe('People whose name or email starts with the query'),
      summary: summaryField,
      failure: failureField,
    }),
    execute: async ({ query }, context) => {
      try {
        // Searching the directory is looking up other people: the policy decides who may.
        const refusal = await lookupRefusal(deps, getRequester(context?.requestContext), query);
        if (refusal) return { matches: [], summary: refusal };
        const users = await deps.directory.searchUsers(query, MAX_MATCHES);
        const matches = users.map((u) => ({ email: u.email, name: personName(u), status: u.status }));
        const lines = users.map((u) => `• ${personName(u)} (${u.email}): ${describeStatus(u.status)}`);
        const summary =
          users.length === 0
            ? `Nobody in Okta matches "${query}".`
            : `${users.length === MAX_MATCHES ? `The first ${MAX_MATCHES} people` : 'People'} matching "${query}":\n${lines.join('\n')}`;
        return { matches, summary };
      } catch (error) {
        return { matches: [], ...oktaFailure(error) };
      }
    },
  });
}
