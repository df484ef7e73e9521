// The one helpdesk agent: short instructions, the Okta tools and memory per conversation. Also the
// stop rule the Slack path uses to end a turn as soon as a tool has answered with its code-written
// summary, so a single-action request costs one model call and no outcome is phrased by the model.
import { Agent } from '@mastra/core/agent';
import type { MastraMemory } from '@mastra/core/memory';
import type { MastraModelConfig } from '@mastra/core/llm';
import { createHelpdeskTools, type ToolDeps } from '../tools/index.js';
import { getRequester } from '../request-context.js';

export const HELPDESK_AGENT_ID = 'helpdesk';

const INSTRUCTIONS = `You are the company's IT help desk in Slack. You act on Okta only through your tools.
- Okta is the source of truth. Never invent accounts, statuses, groups or outcomes; tools report them.
- Use exactly one tool for a request when one fits. Tools take a person: "me" only when the requester means
  themself, else the work email or the name exactly as written. Never guess an email.
- If a request is about someone else and names nobody (her, my colleague), ask who.
- Password reset links are delivered privately by the system; never ask for or repeat a link, password or code.
- You can: look up a person or their status, find out why someone can't sign in, list someone's groups,
  find a group, add to or remove from a group, send a password reset link, lock or unlock an account,
  reset MFA. For anything else, say so briefly.
- Answer in one or two short sentences.`;

type StepLike = { toolResults?: ReadonlyArray<unknown> };

/** Stop once the last step's tool results all carry a summary: code has written the answer. */
export function stopAfterSummarizedTools({ steps }: { steps: ReadonlyArray<StepLike> }): boolean {
  const results = steps.at(-1)?.toolResults ?? [];
  return results.length > 0 && results.every((result) => typeof summaryOf(result) === 'string');
}

/**
 * The tool's own output inside one tool result. The loop hands stop conditions model-message parts
 * (`output: { type: 'json', value }`) and returns steps as Mastra chunks (`payload.result`).
 */
export function toolOutputOf(toolResult: unknown): Record<string, unknown> {
  const record = toolResult as { output?: { type?: unknown; value?: unknown }; payload?: { result?: unknown } } | undefined;
  const output = record?.output?.type === 'json' ? record.output.value : (record?.payload?.result ?? record?.output);
  return typeof output === 'object' && output !== null ? (output as Record<string, unknown>) : {};
}

/** The code-written summary a helpdesk tool puts in its output. */
function summaryOf(toolResult: unknown): string | undefined {
  const summary = toolOutputOf(toolResult).summary;
  return typeof summary === 'string' ? summary : undefined;
}

export function createHelpdeskAgent(options: { model: MastraModelConfig; tools: ToolDeps; memory?: MastraMemory }) {
  return new Agent({
    id: HELPDESK_AGENT_ID,
    name: 'Okta help desk',
    description: 'Answers IT help-desk requests in Slack using Okta.',
    instructions: ({ requestContext }) => {
      const requester = getRequester(requestContext);
      const who = requester
        ? `The requester is ${requester.email} (verified by the system).`
        : 'The requester is unknown: only look things up, and ask who is meant.';
      return `${INSTRUCTIONS}\n${who}`;
    },
    model: options.model,
    tools: createHelpdeskTools(options.tools),
    memory: options.memory,
    // Studio and the API run the full loop (the model relays the summary); the Slack responder
    // passes stopAfterSummarizedTools to skip that second call.
    defaultOptions: { maxSteps: 4 },
  });
}
