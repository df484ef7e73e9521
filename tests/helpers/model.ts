// A scripted language model for agent tests: each model call takes the next scripted step (tool
// calls, text, or both in one step, or a call that never answers) and the prompts it received are
// kept for assertions.
import type { MastraModelConfig } from '@mastra/core/llm';
import { MockLanguageModelV4 } from 'ai/test';

type ScriptedCall = { tool: string; input: Record<string, unknown> };
export type ScriptedStep =
  | (ScriptedCall & { text?: string })
  | { text: string }
  | { calls: ScriptedCall[]; text?: string }
  /** A provider that never answers and ignores its abort signal. */
  | { hang: true };

const USAGE = {
  inputTokens: { total: 10, noCache: 10, cacheRead: 0, cacheWrite: 0 },
  outputTokens: { total: 5, text: 5, reasoning: 0 },
};

function callsOf(step: ScriptedStep): ScriptedCall[] {
  if ('calls' in step) return step.calls;
  return 'tool' in step ? [step] : [];
}

export function scriptedModel(steps: ScriptedStep[]) {
  const prompts: unknown[] = [];
  const model = new MockLanguageModelV4({
    doGenerate: async (options) => {
      prompts.push(options.prompt);
      const step = steps[prompts.length - 1] ?? { text: 'out of script' };
      if ('hang' in step) return new Promise<never>(() => {});
      const calls = callsOf(step);
      const text = 'text' in step && step.text !== undefined ? [{ type: 'text' as const, text: step.text }] : [];
      const toolCalls = calls.map((call, index) => ({
        type: 'tool-call' as const,
        toolCallId: `call-${prompts.length}-${index}`,
        toolName: call.tool,
        input: JSON.stringify(call.input),
      }));
      return {
        content: [...text, ...toolCalls],
        finishReason: calls.length > 0 ? { unified: 'tool-calls' as const, raw: 'tool_calls' } : { unified: 'stop' as const, raw: 'stop' },
        usage: USAGE,
        warnings: [],
      };
    },
  });
  // ai/test's V4 mock is typed with a finish reason Mastra's bundled types do not list yet.
  return { model: model as unknown as MastraModelConfig, prompts };
}
