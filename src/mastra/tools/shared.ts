// What every helpdesk tool shares: its dependencies and the fields every schema reuses.
import type { RequestContext } from '@mastra/core/request-context';
import { z } from 'zod';
import type { ActionDeps } from '../../helpdesk/actions.js';
import { OKTA_ERROR_CODES } from '../../okta/index.js';
import { getRequester } from '../request-context.js';

export type ToolDeps = ActionDeps;

export const personEmailField = z
  .email()
  .optional()
  .describe("The person's work email. Omit it when the requester means themself (me, my, I).");

/** Every tool answers with a sentence written by code from Okta's answer; the model relays it. */
export const summaryField = z.string().describe("What happened, written from Okta's answer. Relay it as is.");

export const failureField = z
  .enum(OKTA_ERROR_CODES)
  .optional()
  .describe('Set when Okta failed; nothing was changed unless the summary says so.');

/** The email of the person a tool acts on: the one named, or the verified requester. */
export function targetEmail(email: string | undefined, requestContext: RequestContext | undefined): string {
  const chosen = email ?? getRequester(requestContext)?.email;
  if (!chosen) throw new Error('No email was given and the requester is unknown: ask for the email address.');
  return chosen.toLowerCase();
}

export const groupNameField = z.string().min(1).describe('The exact Okta group name, e.g. "Engineering"');
