// What every helpdesk tool shares: its dependencies, who is asking, and the reused schema fields.
import type { RequestContext } from '@mastra/core/request-context';
import { z } from 'zod';
import type { Desk, VerifiedRequester } from '../../helpdesk/desk.js';
import { notFoundSummary } from '../../helpdesk/wording.js';
import { OKTA_ERROR_CODES, type Directory, type DirectoryUser } from '../../okta/index.js';
import { getRequester } from '../request-context.js';

export type ToolDeps = {
  directory: Directory;
  desk: Desk;
};

const emailAddress = z.email();

/**
 * Validated as an email, but published to the model as a plain string: z.email()'s regex would put
 * ~50 tokens into every tool schema of every model call, and the model learns nothing from it.
 */
export const personEmailField = z
  .string()
  .refine((value) => emailAddress.safeParse(value).success, 'must be an email address')
  .optional()
  .describe("The person's work email. Omit it when the requester means themself (me, my, I).");

export const groupNameField = z.string().min(1).describe('The exact Okta group name, e.g. "Engineering"');

/** Every tool answers with a sentence written by code from Okta's answer; the model relays it. */
export const summaryField = z.string().describe("What happened, written from Okta's answer. Relay it as is.");

export const failureField = z
  .enum(OKTA_ERROR_CODES)
  .optional()
  .describe('Set when Okta failed; nothing was changed unless the summary says so.');

/** The email of the person a tool acts on: the one named, or the verified requester. */
export function targetEmail(email: string | undefined, requester: VerifiedRequester | undefined): string {
  const chosen = email ?? requester?.email;
  if (!chosen) throw new Error('No email was given and the requester is unknown: ask for the email address.');
  return chosen.toLowerCase();
}

/** Read tools: the policy's answer to "may this requester look up that person?". */
export async function lookupRefusal(deps: ToolDeps, requester: VerifiedRequester | undefined, email: string): Promise<string | undefined> {
  const verdict = await deps.desk.authorizeLookup(requester, email);
  return verdict.allowed ? undefined : verdict.summary;
}

export const reasonField = z
  .string()
  .max(300)
  .optional()
  .describe("Why it is needed, in the requester's words; shown to approvers");

/** Read tools: the person to read about once the policy allowed it, or the sentence saying why not. */
export async function findPersonToRead(
  deps: ToolDeps,
  email: string | undefined,
  requestContext: RequestContext | undefined,
): Promise<{ user: DirectoryUser } | { summary: string }> {
  const requester = getRequester(requestContext);
  const target = targetEmail(email, requester);
  const refusal = await lookupRefusal(deps, requester, target);
  if (refusal) return { summary: refusal };
  const user = await deps.directory.findUserByEmail(target);
  return user ? { user } : { summary: notFoundSummary(target) };
}
