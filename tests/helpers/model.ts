// A scripted language model for agent tests: each model call takes the next scripted step (a tool
// call or a text answer) and the prompts it received are kept for assertions.
import type { MastraModelConfig } from '@mastra/core/llm';
import { MockLanguageModelV4 } from 'ai/test';

export type ScriptedStep = { tool: string; input: Record<string, unknown> } | { text: string };

const USAGE = {
  inputTokens: { total: 10, noCache: 10, cacheRead: 0, cacheWrite: 0 },
  outputTokens: { total: 5, text: 5, reasoning: 0 },
};

export function scriptedModel(steps: ScriptedStep[]) {
  const prompts: unknown[] = [];
  const model = new MockLanguageModelV4({
    doGenerate: async (options) => {
      prompts.push(options.prompt);
      const step = steps[prompts.length - 1] ?? { text: 'out of script' };
      if ('text' in step) {
        return { content: [{ type: 'text', text: step.text }], finishReason: { unified: 'stop', raw: 'stop' }, usage: USAGE, warnings: [] };
      }
      return {
        content: [{ type: 'tool-call', toolCallId: `call-${prompts.length}`, toolName: step.tool, input: JSON.stringify(step.input) }],
        finishReason: { unified: 'tool-calls', raw: 'tool_calls' },
        usage: USAGE,
        warnings: [],
      };
    },
  });
  // ai/test's V4 mock is typed with a finish reason Mastra's bundled types do not list yet.
  return { model: model as unknown as MastraModelConfig, prompts };
}
