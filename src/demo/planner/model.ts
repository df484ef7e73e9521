// The offline planner as an AI SDK language model (spec v4): reads the prompt the Mastra agent loop
// sends, asks intents.ts what to do with the latest request, and answers with a tool call or text,
// both from doGenerate and as stream parts from doStream. After a tool has run it answers with the
// tools' own code-written summaries, so it never states anything a tool did not report.
import { randomUUID } from 'node:crypto';
import type {
  LanguageModelV4,
  LanguageModelV4CallOptions,
  LanguageModelV4Content,
  LanguageModelV4FinishReason,
  LanguageModelV4GenerateResult,
  LanguageModelV4Prompt,
  LanguageModelV4StreamPart,
  LanguageModelV4StreamResult,
  LanguageModelV4Usage,
} from '@ai-sdk/provider';
import { capabilitiesText, extractEmails, planRequest, type PlannerDecision, type ToolInput } from './intents.js';

export const OFFLINE_PROVIDER = 'offline';
export const OFFLINE_MODEL_ID = 'offline-planner';

type Message = LanguageModelV4Prompt[number];

/** The answer for one model call: a tool call, or text. */
export type PlannerAnswer = { kind: 'tool'; toolName: string; input: ToolInput } | { kind: 'text'; text: string };

/** No tokens are spent offline: the usage is honestly zero. */
const NO_USAGE: LanguageModelV4Usage = {
  inputTokens: { total: 0, noCache: 0, cacheRead: 0, cacheWrite: 0 },
  outputTokens: { total: 0, text: 0, reasoning: 0 },
};

// Only the finish reasons this model produces (keeps the type within what Mastra's bundled types list).
type PlannerFinishReason = LanguageModelV4FinishReason & { unified: 'stop' | 'tool-calls' };
const STOP: PlannerFinishReason = { unified: 'stop', raw: 'stop' };
const TOOL_CALLS: PlannerFinishReason = { unified: 'tool-calls', raw: 'tool_calls' };

/** The names of the function tools offered in this call (none when toolChoice is 'none'). */
function offeredTools(options: LanguageModelV4CallOptions): Set<string> {
  if (options.toolChoice?.type === 'none') return new Set();
  return new Set((options.tools ?? []).filter((tool) => tool.type === 'function').map((tool) => tool.name));
}

function textOf(message: Message): string {
  if (message.role === 'system') return message.content;
  return message.content.map((part) => (part.type === 'text' ? part.text : '')).join('\n');
}

/** The most recent email in the conversation before the latest request: user text or tool-call inputs. */
export function recentEmailIn(earlier: ReadonlyArray<Message>): string | undefined {
  for (let i = earlier.length - 1; i >= 0; i--) {
    const message = earlier[i]!;
    const found: string[] = [];
    if (message.role === 'user') found.push(...extractEmails(textOf(message)));
    if (message.role === 'assistant') {
      for (const part of message.content) {
        if (part.type !== 'tool-call') continue;
        const input = typeof part.input === 'string' ? safeJson(part.input) : part.input;
        // The person a tool was called for, when it was an email ("me" and names are not).
        const person = (input as { person?: unknown } | null | undefined)?.person;
        if (typeof person === 'string') found.push(...extractEmails(person));
      }
    }
    if (found.length > 0) return found.at(-1);
  }
  return undefined;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** The text answer after tools ran: their summaries, one per line; never words of our own about outcomes. */
function summariesOf(toolMessages: ReadonlyArray<Extract<Message, { role: 'tool' }>>): string {
  const lines = toolMessages.flatMap((message) =>
    message.content.map((part) => {
      if (part.type !== 'tool-result') return 'That action was not approved, so nothing was done.';
      const output = part.output;
      if (output.type === 'json') {
        const summary = (output.value as { summary?: unknown } | null)?.summary;
        if (typeof summary === 'string') return summary;
      }
      if (output.type === 'execution-denied') return 'That action was not carried out.';
      if (output.type === 'error-text' || output.type === 'error-json') return 'Sorry, I could not complete that request.';
      return 'Done, but the tool did not report any details.';
    }),
  );
  return lines.join('\n');
}

/** What to answer for this prompt, given the tools on offer. */
export function planFromPrompt(prompt: LanguageModelV4Prompt, tools: ReadonlySet<string>): PlannerAnswer {
  const trailingTools: Array<Extract<Message, { role: 'tool' }>> = [];
  for (let i = prompt.length - 1; i >= 0; i--) {
    const message = prompt[i]!;
    if (message.role !== 'tool') break;
    trailingTools.unshift(message);
  }
  if (trailingTools.length > 0) return { kind: 'text', text: summariesOf(trailingTools) };

  const lastUser = prompt.findLastIndex((message) => message.role === 'user');
  if (lastUser < 0) return { kind: 'text', text: capabilitiesText(tools) };
  const decision: PlannerDecision = planRequest(textOf(prompt[lastUser]!), { recentEmail: recentEmailIn(prompt.slice(0, lastUser)) });
  if (decision.kind === 'tool' && !tools.has(decision.toolName)) {
    return { kind: 'text', text: `I can't do that here. ${capabilitiesText(tools)}` };
  }
  return decision;
}

function generateResult(answer: PlannerAnswer, toolCallId: string): LanguageModelV4GenerateResult & { finishReason: PlannerFinishReason } {
  const content: LanguageModelV4Content[] =
    answer.kind === 'tool'
      ? [{ type: 'tool-call', toolCallId, toolName: answer.toolName, input: JSON.stringify(answer.input) }]
      : [{ type: 'text', text: answer.text }];
  return {
    content,
    finishReason: answer.kind === 'tool' ? TOOL_CALLS : STOP,
    usage: NO_USAGE,
    response: { id: `offline-${toolCallId}`, modelId: OFFLINE_MODEL_ID, timestamp: new Date() },
    warnings: [],
  };
}

/** Only the stream parts this model emits, with its own finish reasons. */
type PlannerStreamPart =
  | Extract<LanguageModelV4StreamPart, { type: 'stream-start' | 'response-metadata' | 'text-start' | 'text-delta' | 'text-end' | 'tool-input-start' | 'tool-input-delta' | 'tool-input-end' | 'tool-call' }>
  | { type: 'finish'; usage: LanguageModelV4Usage; finishReason: PlannerFinishReason };

function streamParts(answer: PlannerAnswer, id: string): PlannerStreamPart[] {
  const body: PlannerStreamPart[] =
    answer.kind === 'tool'
      ? [
          { type: 'tool-input-start', id, toolName: answer.toolName },
          { type: 'tool-input-delta', id, delta: JSON.stringify(answer.input) },
          { type: 'tool-input-end', id },
          { type: 'tool-call', toolCallId: id, toolName: answer.toolName, input: JSON.stringify(answer.input) },
        ]
      : [
          { type: 'text-start', id },
          { type: 'text-delta', id, delta: answer.text },
          { type: 'text-end', id },
        ];
  return [
    { type: 'stream-start', warnings: [] },
    { type: 'response-metadata', id: `offline-${id}`, modelId: OFFLINE_MODEL_ID, timestamp: new Date() },
    ...body,
    { type: 'finish', usage: NO_USAGE, finishReason: answer.kind === 'tool' ? TOOL_CALLS : STOP },
  ];
}

/** The offline planner model: no network, no key; the same tools and loop as the real model. */
export function createOfflinePlannerModel() {
  const model = {
    specificationVersion: 'v4',
    provider: OFFLINE_PROVIDER,
    modelId: OFFLINE_MODEL_ID,
    supportedUrls: {},
    async doGenerate(options: LanguageModelV4CallOptions) {
      return generateResult(planFromPrompt(options.prompt, offeredTools(options)), `call_${randomUUID()}`);
    },
    async doStream(options: LanguageModelV4CallOptions) {
      const parts = streamParts(planFromPrompt(options.prompt, offeredTools(options)), `call_${randomUUID()}`);
      const stream = new ReadableStream<PlannerStreamPart>({
        start(controller) {
          for (const part of parts) controller.enqueue(part);
          controller.close();
        },
      });
      return { stream } satisfies LanguageModelV4StreamResult;
    },
  } as const satisfies LanguageModelV4;
  return model;
}
