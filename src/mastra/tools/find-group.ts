// Tool: find Okta groups by name ("is there a Sales group?"). Read-only.
import { createTool } from '@mastra/core/tools';
import { z } from 'zod';
import { oktaFailure } from '../../helpdesk/wording.js';
import { failureField, summaryField, type ToolDeps } from './shared.js';

export function createFindGroupTool({ directory }: ToolDeps) {
  return createTool({
    id: 'find-group',
    description: 'Find Okta groups whose name starts with the given text.',
    inputSchema: z.object({ name: z.string().min(1).describe('The group name or its beginning, e.g. "Eng"') }),
    outputSchema: z.object({
      groups: z
        .array(z.object({ name: z.string().describe('Group name'), description: z.string().nullable().describe('Group description') }))
        .describe('Matching groups, exact name first'),
      summary: summaryField,
      failure: failureField,
    }),
    execute: async ({ name }) => {
      try {
        const groups = (await directory.findGroupsByName(name)).map((g) => ({ name: g.name, description: g.description }));
        const summary =
          groups.length === 0
            ? `There is no Okta group whose name starts with "${name}".`
            : `Okta groups matching "${name}": ${groups.map((g) => (g.description ? `${g.name} (${g.description})` : g.name)).join('; ')}.`;
        return { groups, summary };
      } catch (error) {
        return { groups: [], ...oktaFailure(error) };
      }
    },
  });
}
