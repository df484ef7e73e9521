// The contract between the Slack front door and the agent side: one user turn in, one answer out.
// The Slack layer builds the turn from a verified event; the lead's agent code implements Respond.
import type { Requester } from '../mastra/request-context.js';

export type HelpdeskTurn = {
  /** Slack's event_id: stable across Slack's retries, usable as an idempotency key. */
  eventId: string;
  /** The user's words, mention tokens of the bot removed. */
  text: string;
  requester: Requester;
  /** thread = `slack:${team}:${channel}:${threadTs}`, resource = `slack:${team}:${user}`. */
  memory: { thread: string; resource: string };
};

/**
 * `failure` set: the text is the honest sentence to post and the reason is recorded on the event.
 * Same shape as the responder's answer in src/mastra/agents/respond.ts (kept here so Slack code
 * does not import the agent side).
 */
export type HelpdeskAnswer = {
  text: string;
  failure?: string;
  /** Reset links to deliver privately to their owners (vault references, never links). */
  resetLinkReferences: string[];
  /** Actions waiting for a click: confirmation cards in the thread, approval cards to approvers. */
  pendingActionIds: string[];
};

export type Respond = (turn: HelpdeskTurn) => Promise<HelpdeskAnswer>;
