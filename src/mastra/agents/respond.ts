// Runs one conversation turn through the agent and shapes the answer for the caller (the Slack
// worker): the reply is the tools' code-written summaries when a tool answered, the model's text
// otherwise, plus the first Okta failure code so the caller can record why a turn failed.
import type { Agent } from '@mastra/core/agent';
import { RequestContext } from '@mastra/core/request-context';
import { setVerifiedRequester, type Requester } from '../request-context.js';
import { stopAfterSummarizedTools, toolOutputOf } from './helpdesk-agent.js';

export type HelpdeskTurn = {
  /** The user's words (for Slack: mention tokens of the bot removed). */
  text: string;
  requester: Requester;
  /** Slack: thread = `slack:${team}:${channel}:${threadTs}`, resource = `slack:${team}:${user}`. */
  memory: { thread: string; resource: string };
};
/** `failure` set: `text` is the honest sentence to post and the reason is recorded on the event. */
export type HelpdeskAnswer = {
  text: string;
  failure?: string;
  /** Reset links to deliver privately (references into the vault, never links). */
  resetLinkReferences: string[];
  /** Actions waiting for a confirmation or approval click: the caller shows their cards. */
  pendingActionIds: string[];
};

const NOTHING_TO_SAY = "Sorry, I don't have an answer for that. I can look people up, reset passwords and MFA, lock or unlock accounts, and manage group access.";

export function createResponder(agent: Agent) {
  return async function respond(turn: HelpdeskTurn): Promise<HelpdeskAnswer> {
    const requestContext = new RequestContext();
    setVerifiedRequester(requestContext, turn.requester);
    const result = await agent.generate(turn.text, { requestContext, memory: turn.memory, stopWhen: stopAfterSummarizedTools });
    const lastStep = result.steps.at(-1);
    const outputs = (lastStep?.toolResults ?? []).map(toolOutputOf);
    const summaries = stringsOf(outputs, 'summary').filter(Boolean);
    const text = summaries.length > 0 ? summaries.join('\n') : result.text.trim() || NOTHING_TO_SAY;
    return {
      text,
      failure: stringsOf(outputs, 'failure')[0],
      resetLinkReferences: stringsOf(outputs, 'resetLinkReference'),
      pendingActionIds: stringsOf(outputs, 'pendingActionId'),
    };
  };
}

function stringsOf(outputs: Array<Record<string, unknown>>, key: string): string[] {
  return outputs.map((output) => output[key]).filter((value): value is string => typeof value === 'string');
}
