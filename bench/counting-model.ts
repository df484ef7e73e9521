// The offline planner behind a counter: every model call is recorded with the options the agent sent (prompt and tools), what the model answered, and when, so the bench can count calls per request and tokens per call.
import { performance } from 'node:perf_hooks';
import type { LanguageModelV4CallOptions, LanguageModelV4Content, LanguageModelV4StreamPart } from '@ai-sdk/provider';
import { createOfflinePlannerModel } from '../src/demo/planner/index.js';

export type ModelCall = {
  options: LanguageModelV4CallOptions;
  /** Tool calls and text the model answered with. */
  output: Array<{ type: 'tool-call'; toolName: string; input: string } | { type: 'text'; text: string }>;
  startedAt: number;
  endedAt: number;
};

export function createCountingModel() {
  const inner = createOfflinePlannerModel();
  const calls: ModelCall[] = [];

  const outputOf = (content: ReadonlyArray<LanguageModelV4Content | LanguageModelV4StreamPart>): ModelCall['output'] =>
    content.flatMap((part): ModelCall['output'] => {
      if (part.type === 'tool-call') return [{ type: 'tool-call', toolName: part.toolName, input: part.input }];
      if (part.type === 'text') return [{ type: 'text', text: part.text }];
      if (part.type === 'text-delta') return [{ type: 'text', text: part.delta }];
      return [];
    });

  const model = {
    ...inner,
    async doGenerate(options: LanguageModelV4CallOptions) {
      const startedAt = performance.now();
      const result = await inner.doGenerate(options);
      calls.push({ options, output: outputOf(result.content), startedAt, endedAt: performance.now() });
      return result;
    },
    async doStream(options: LanguageModelV4CallOptions) {
      const startedAt = performance.now();
      const result = await inner.doStream(options);
      const parts: LanguageModelV4StreamPart[] = [];
      const call: ModelCall = { options, output: [], startedAt, endedAt: startedAt };
      calls.push(call);
      const stream = result.stream.pipeThrough(
        new TransformStream({
          transform(part, controller) {
            parts.push(part as LanguageModelV4StreamPart);
            controller.enqueue(part);
          },
          flush() {
            call.output = outputOf(parts);
            call.endedAt = performance.now();
          },
        }),
      );
      return { ...result, stream };
    },
  };
  return { model, calls };
}
