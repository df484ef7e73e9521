// The per-request facts that travel from the caller (the Slack worker, Studio) to the tools through
// Mastra's requestContext. The requester is always set by code from a verified identity, never
// parsed from the message text.
import type { RequestContext } from '@mastra/core/request-context';

export const REQUESTER_KEY = 'requester';

export type Requester = {
  /** Verified email: from Slack users.info for Slack requests, DEV_REQUESTER_EMAIL in the demo Studio. */
  email: string;
  source: 'slack' | 'studio';
  slackUserId?: string;
  teamId?: string;
  channelId?: string;
  threadTs?: string;
};

export function getRequester(requestContext: RequestContext | undefined): Requester | undefined {
  const value = requestContext?.get(REQUESTER_KEY) as Requester | undefined;
  return value && typeof value.email === 'string' ? value : undefined;
}
