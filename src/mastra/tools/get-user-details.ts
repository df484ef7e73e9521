// Tool: one person's account status and details ("why can't I log in?"). Read-only.
import { createTool } from '@mastra/core/tools';
import { z } from 'zod';
import { describeStatus, oktaFailure, personName, timeInWords } from '../../helpdesk/wording.js';
import { failureField, findPersonToRead, personField, summaryField, type ToolDeps } from './shared.js';

export function createGetUserDetailsTool(deps: ToolDeps) {
  return createTool({
    id: 'get-user-details',
    description: "Look up a person's Okta account: status (active, locked out, suspended...), last sign-in, last password change.",
    inputSchema: z.object({ person: personField }),
    outputSchema: z.object({
      found: z.boolean().describe('Whether Okta has this person'),
      user: z
        .object({
          email: z.string().describe('Work email'),
          name: z.string().describe('Full name'),
          status: z.string().describe('Okta account status'),
          title: z.string().nullable().describe('Job title'),
          department: z.string().nullable().describe('Department'),
          lastLogin: z.string().nullable().describe('Last successful sign-in (ISO time)'),
          passwordChanged: z.string().nullable().describe('Last password change (ISO time)'),
        })
        .optional()
        .describe('The account, when found'),
      summary: summaryField,
      failure: failureField,
    }),
    execute: async ({ person }, context) => {
      try {
        const found = await findPersonToRead(deps, person, context?.requestContext);
        if (!('user' in found)) return { found: false, summary: found.summary };
        const { user, self } = found;
        const now = Date.now();
        const details = [
          // Okta leaves lastLogin empty when it has no sign-in on record: say that, not "never".
          user.lastLogin ? `last signed in ${timeInWords(user.lastLogin, now)}` : 'Okta has no sign-in on record',
          user.passwordChanged ? `password last changed ${timeInWords(user.passwordChanged, now)}` : undefined,
        ].filter(Boolean);
        return {
          found: true,
          user: {
            email: user.email,
            name: personName(user),
            status: user.status,
            title: user.title,
            department: user.department,
            lastLogin: user.lastLogin,
            passwordChanged: user.passwordChanged,
          },
          summary: `${self ? 'Your account' : personName(user)} (${user.email}) is ${describeStatus(user.status)}; ${details.join(', ')}.`,
        };
      } catch (error) {
        return { found: false, ...oktaFailure(error) };
      }
    },
  });
}
