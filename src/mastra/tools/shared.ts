// What every helpdesk tool shares: its dependencies, who is asking, and the reused schema fields.
import type { RequestContext } from '@mastra/core/request-context';
import { z } from 'zod';
import type { WriteAction } from '../../helpdesk/actions.js';
import type { Desk, VerifiedRequester } from '../../helpdesk/desk.js';
import { resolvePerson } from '../../helpdesk/person-reference.js';
import { notFoundSummary } from '../../helpdesk/wording.js';
import { OKTA_ERROR_CODES, type Directory, type DirectoryUser } from '../../okta/index.js';
import { sameEmail } from '../../policy/index.js';
import { getRequester } from '../request-context.js';

export type ToolDeps = {
  directory: Directory;
  desk: Desk;
};

/**
 * Who a tool acts on, always said: "me" is explicit, so a name that resolves to nobody never becomes
 * the requester. Required; its bounds are checked by a refinement so they cost no schema tokens.
 */
export const personField = z
  .string()
  .refine((value) => value.trim() !== '' && value.length <= 200, 'must name one person')
  .describe('Who: "me" for the requester, a work email, or a full name');

export const groupNameField = z.string().min(1).describe('The exact Okta group name, e.g. "Engineering"');

/** Every tool answers with a sentence written by code from Okta's answer; the model relays it. */
export const summaryField = z.string().describe("What happened, written from Okta's answer. Relay it as is.");

export const failureField = z
  .enum(OKTA_ERROR_CODES)
  .optional()
  .describe('Set when Okta failed; nothing was changed unless the summary says so.');

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

/** Who a read is about, and whether that is the requester's own account (answers then say "you"). */
export type PersonToRead = { user: DirectoryUser; requester?: VerifiedRequester; self: boolean };

/** Read tools: the person to read about once the policy allowed it, or the sentence saying why not. */
export async function findPersonToRead(
  deps: ToolDeps,
  reference: string,
  requestContext: RequestContext | undefined,
): Promise<PersonToRead | { summary: string }> {
  const requester = getRequester(requestContext);
  const person = await resolvePerson(deps, reference, requester);
  if ('unresolved' in person) return { summary: person.unresolved };
  const refusal = await lookupRefusal(deps, requester, person.email);
  if (refusal) return { summary: refusal };
  const user = person.user ?? (await deps.directory.findUserByEmail(person.email));
  return user ? { user, requester, self: requester !== undefined && sameEmail(requester.email, user.email) } : { summary: notFoundSummary(person.email) };
}

/**
 * A read tool's answer followed by the one write it offers, asked of the desk like any write (a
 * confirmation card, an access request for approval, or the policy's refusal); nothing runs unclicked
 * unless the policy allows it outright.
 */
export async function withOffer(deps: ToolDeps, requester: VerifiedRequester, summary: string, action: WriteAction, reason?: string) {
  const offer = await deps.desk.request(requester, action, reason);
  return { summary: `${summary}\n${offer.summary}`, failure: offer.failure, pendingActionId: offer.pendingActionId, resetLinkReference: offer.resetLinkReference };
}
