// The per-request facts that travel from the caller (the Slack worker, the MCP door, Studio and
// /api) to the tools through Mastra's requestContext. The requester is always set by server code
// from a verified identity, never parsed from the message text, and never taken from an HTTP body:
// Mastra's API merges a body's `requestContext` into the server's, so a plain value under our key
// proves nothing. Only a requester sealed here counts; anything else is ignored. Studio and /api
// callers are authenticated by Mastra's auth provider, which Mastra stores under its `user` key:
// the signed-in person's sealed requester is read from there.
import type { RequestContext } from '@mastra/core/request-context';

const REQUESTER_KEY = 'requester';
/** Where Mastra's server puts the user its auth provider authenticated for this HTTP request. */
const AUTHENTICATED_USER_KEY = 'user';

export type Requester = {
  /** Verified email: from Slack users.info for Slack requests, the Okta token's or session's person for MCP, Studio and /api. */
  email: string;
  source: 'slack' | 'studio' | 'mcp';
  slackUserId?: string;
  teamId?: string;
  channelId?: string;
  threadTs?: string;
};

/** Requesters sealed by server code in this process. A JSON body can never produce one of these objects. */
const sealed = new WeakSet<Requester>();

/** Seals a requester named by server code, so `getRequester` will trust it. */
export function sealRequester(requester: Requester): Requester {
  const value = Object.freeze({ ...requester });
  sealed.add(value);
  return value;
}

/** Server code of an authenticated door (the Slack worker) names the requester of this request. */
export function setVerifiedRequester(requestContext: RequestContext, requester: Requester): void {
  requestContext.set(REQUESTER_KEY, sealRequester(requester));
}

const isSealed = (value: unknown): value is Requester => typeof value === 'object' && value !== null && sealed.has(value as Requester);

/**
 * The requester sealed by server code, or undefined: unknown requester, read-only behaviour. A user
 * authenticated by the Studio/API auth provider counts when it carries a sealed `requester` (a
 * machine token does not: it names no person).
 */
export function getRequester(requestContext: RequestContext | undefined): Requester | undefined {
  const value: unknown = requestContext?.get(REQUESTER_KEY);
  if (isSealed(value)) return value;
  const user: unknown = requestContext?.get(AUTHENTICATED_USER_KEY);
  const requester: unknown = typeof user === 'object' && user !== null ? (user as { requester?: unknown }).requester : undefined;
  return isSealed(requester) ? requester : undefined;
}
