// Runs one conversation turn through the agent and shapes the answer for the caller (the Slack
// worker). Outcomes are only ever stated by code: when any tool ran in the turn, the reply is the
// tools' code-written summaries (from every step), never the model's text; the model's own words
// are relayed only for a turn with no tool call at all (a question back, a greeting). Also carries
// the first Okta failure code so the caller can record why a turn failed, and the Okta calls the
// turn made (its sources, recorded beside the agent: the model never sees them). A model service
// that times out or cannot be reached gets one honest sentence instead of a generic apology.
import type { Agent } from '@mastra/core/agent';
import { RequestContext } from '@mastra/core/request-context';
import type { OwnerNotice } from '../../helpdesk/desk.js';
import { recordOktaCalls, type OktaCall } from '../../okta/index.js';
import { setVerifiedRequester, type Requester } from '../request-context.js';
import { stopAfterSummarizedTools, toolOutputOf } from './helpdesk-agent.js';
import { ModelTimeoutError } from './model-guard.js';
import { causesOf, classifyModelError } from './model-health.js';

export type HelpdeskTurn = {
  /** The user's words (for Slack: mention tokens of the bot removed). */
  text: string;
  requester: Requester;
  /** Slack: thread = `slack:${team}:${channel}:${threadTs}:${user}` (memory per thread and person), resource = `slack:${team}:${user}`. */
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
  /** DMs for account owners whose account someone else changed in this turn. */
  ownerNotices: OwnerNotice[];
  /** Every Okta call the turn made, in order: the sources of the answer (absent or empty: none). */
  oktaCalls?: OktaCall[];
};

export type { OktaCall };

export const RESPONSE_WORDING = {
  nothingToSay:
    "Sorry, I don't have an answer for that. I can look people up, reset passwords and MFA, lock or unlock accounts, and manage group access.",
  /** A tool was called but none finished with a result (e.g. arguments it could not use): nothing ran. */
  noToolResult:
    "I couldn't work out how to do that, so nothing was changed. Please say it again, with the person's work email if it is about someone else.",
  modelUnreachable: "I can't reach the AI service right now, so I couldn't work on your request. Please try again in a few minutes.",
  modelTimeout: (timeoutMs: number) => {
    const seconds = Math.max(1, Math.round(timeoutMs / 1000));
    return `The AI service didn't answer within ${seconds} second${seconds === 1 ? '' : 's'}, so I stopped. Please try again in a minute.`;
  },
} as const;

type StepLike = { toolCalls?: ReadonlyArray<unknown>; toolResults?: ReadonlyArray<unknown> };

export function createResponder(agent: Agent) {
  return async function respond(turn: HelpdeskTurn): Promise<HelpdeskAnswer> {
    const { result: answer, calls } = await recordOktaCalls(() => answerTurn(turn));
    return { ...answer, oktaCalls: calls };
  };

  async function answerTurn(turn: HelpdeskTurn): Promise<HelpdeskAnswer> {
    const requestContext = new RequestContext();
    setVerifiedRequester(requestContext, turn.requester);
    let result: { text: string; steps: ReadonlyArray<StepLike> };
    try {
      result = await agent.generate(turn.text, { requestContext, memory: turn.memory, stopWhen: stopAfterSummarizedTools });
    } catch (error) {
      const timeout = findTimeout(error);
      if (timeout) return failed(RESPONSE_WORDING.modelTimeout(timeout.timeoutMs), 'model_timeout');
      const problem = classifyModelError(error);
      if (problem) return failed(RESPONSE_WORDING.modelUnreachable, `model_${problem}`);
      throw error;
    }
    const outputs = result.steps.flatMap((step) => (step.toolResults ?? []).map(toolOutputOf));
    const toolWasCalled = result.steps.some((step) => (step.toolCalls ?? []).length > 0);
    const summaries = stringsOf(outputs, 'summary').filter(Boolean);
    let text: string;
    if (summaries.length > 0) text = summaries.join('\n');
    else if (toolWasCalled) text = RESPONSE_WORDING.noToolResult;
    else text = result.text.trim() || RESPONSE_WORDING.nothingToSay;
    return {
      text,
      failure: stringsOf(outputs, 'failure')[0],
      resetLinkReferences: stringsOf(outputs, 'resetLinkReference'),
      pendingActionIds: stringsOf(outputs, 'pendingActionId'),
      ownerNotices: outputs.flatMap((output) => (isOwnerNotice(output.ownerNotice) ? [output.ownerNotice] : [])),
    };
  }
}

function failed(text: string, failure: string): HelpdeskAnswer {
  return { text, failure, resetLinkReferences: [], pendingActionIds: [], ownerNotices: [] };
}

function isOwnerNotice(value: unknown): value is OwnerNotice {
  const notice = value as Partial<OwnerNotice> | undefined;
  return typeof notice?.email === 'string' && typeof notice.text === 'string';
}

/** The model deadline behind an error, however the agent loop wrapped it. */
function findTimeout(error: unknown): ModelTimeoutError | undefined {
  return causesOf(error).find((cause): cause is ModelTimeoutError => cause instanceof ModelTimeoutError);
}

function stringsOf(outputs: Array<Record<string, unknown>>, key: string): string[] {
  return outputs.map((output) => output[key]).filter((value): value is string => typeof value === 'string');
}
