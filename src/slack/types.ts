// The contract between the Slack front door and the agent side: the responder's own turn and
// answer types (slack -> agent is the allowed direction) and the function the front door calls.
import type { HelpdeskAnswer, HelpdeskTurn as AgentTurn, OktaCall } from '../mastra/agents/respond.js';

export type { HelpdeskAnswer, OktaCall };

/** The responder's turn plus Slack's event_id, stable across Slack's retries. */
export type HelpdeskTurn = AgentTurn & { eventId: string };

export type Respond = (turn: HelpdeskTurn) => Promise<HelpdeskAnswer>;
