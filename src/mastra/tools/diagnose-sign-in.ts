// Tool: why a person can't sign in. Reads the account, its recent System Log and (when active) its
// factors; the diagnosis and its wording are code (helpdesk/diagnose.ts); the one fix, when it
// would change something, goes through the desk like any write (a card, an approval or a refusal).
import { createTool } from '@mastra/core/tools';
import { z } from 'zod';
import { diagnose, diagnosisWindow, PROBLEMS, SIGN_IN_EVIDENCE } from '../../helpdesk/diagnose.js';
import { oktaFailure } from '../../helpdesk/wording.js';
import { failureField, findPersonToRead, personField, summaryField, withOffer, type ToolDeps } from './shared.js';

export function createDiagnoseSignInTool(deps: ToolDeps) {
  return createTool({
    id: 'diagnose-sign-in',
    description: "Why a person can't sign in or is locked out: reads status and recent sign-in failures, offers the fix.",
    inputSchema: z.object({ person: personField }),
    outputSchema: z.object({
      found: z.boolean().describe('Whether Okta has this person'),
      problem: z.enum(PROBLEMS).optional().describe('What is wrong, when found'),
      summary: summaryField,
      failure: failureField,
      pendingActionId: z.string().optional().describe('Set when the fix waits for a confirmation or approval click'),
      resetLinkReference: z.string().optional().describe('Reference to a reset link held by the server (never the link itself)'),
    }),
    execute: async ({ person }, context) => {
      try {
        const found = await findPersonToRead(deps, person, context?.requestContext);
        if (!('user' in found)) return { found: false, summary: found.summary };
        const { user, requester, self } = found;
        const now = Date.now();
        const [events, factors] = await Promise.all([
          deps.directory.listUserLogEvents(user.id, diagnosisWindow(now), SIGN_IN_EVIDENCE),
          // Factors only matter while the account can reach MFA.
          user.status === 'ACTIVE' ? deps.directory.listFactors(user.id) : undefined,
        ]);
        const diagnosis = diagnose({ user, events, factors, now, self });
        if (!diagnosis.fix || !requester) return { found: true, problem: diagnosis.problem, summary: diagnosis.summary };
        return { found: true, problem: diagnosis.problem, ...(await withOffer(deps, requester, diagnosis.summary, diagnosis.fix)) };
      } catch (error) {
        return { found: false, ...oktaFailure(error) };
      }
    },
  });
}
