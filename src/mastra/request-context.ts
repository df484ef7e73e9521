// The per-request facts that travel from the caller (the Slack worker, Studio) to the tools through
// Mastra's requestContext. The requester is always set by server code from a verified identity,
// never parsed from the message text, and never taken from an HTTP body: Mastra's API merges a
// body's `requestContext` into the server's, so a plain value under our key proves nothing. Only
// a requester sealed here by `setVerifiedRequester` counts; anything else under the key is ignored.
import type { RequestContext } from '@mastra/core/request-context';

const REQUESTER_KEY = 'requester';

export type Requester = {
  /** Verified email: from Slack users.info for Slack requests, the Okta token's person for MCP, DEV_REQUESTER_EMAIL in the demo Studio. */
  email: string;
  source: 'slack' | 'studio' | 'mcp';
  slackUserId?: string;
  teamId?: string;
  channelId?: string;
  threadTs?: string;
};

/** Requesters sealed by server code in this process. A JSON body can never produce one of these objects. */
const sealed = new WeakSet<Requester>();

/** Server code of an authenticated door (the Slack worker) names the requester of this request. */
export function setVerifiedRequester(requestContext: RequestContext, requester: Requester): void {
  const value = Object.freeze({ ...requester });
  sealed.add(value);
  requestContext.set(REQUESTER_KEY, value);
}

/** The requester sealed by server code, or undefined: unknown requester, read-only behaviour. */
export function getRequester(requestContext: RequestContext | undefined): Requester | undefined {
  const value: unknown = requestContext?.get(REQUESTER_KEY);
  return typeof value === 'object' && value !== null && sealed.has(value as Requester) ? (value as Requester) : undefined;
}
