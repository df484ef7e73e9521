// Every call to the agent's language model (Slack turns, Studio and the API alike) gets a deadline
// and reports how it went to the model's health. The call's abort signal is combined with the
// deadline, so the provider's HTTP request is cancelled, and the call is also raced against it, so
// a provider that ignores its signal cannot hold a turn (and the person waiting) past the deadline.
import type { MastraModelConfig } from '@mastra/core/llm';
import type { ModelHealth } from './model-health.js';

/** Thrown by a model call that did not finish within its deadline. */
export class ModelTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`The language model did not answer within ${timeoutMs} ms`);
    this.name = 'ModelTimeoutError';
  }
}

type CallOptions = { abortSignal?: AbortSignal };
type ModelCall = (options: CallOptions) => PromiseLike<unknown>;
type Guard = { timeoutMs: number; health?: ModelHealth };
const CALLS = new Set<PropertyKey>(['doGenerate', 'doStream']);

/** The same model, each doGenerate/doStream call bounded by `timeoutMs` and recorded in `health`. */
export function guardModelCalls<Model extends MastraModelConfig>(model: Model, guard: Guard): Model {
  if (typeof model !== 'object' || model === null || typeof (model as { doGenerate?: unknown }).doGenerate !== 'function') return model;
  return new Proxy(model, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (!CALLS.has(property) || typeof value !== 'function') return value;
      const call = (value as ModelCall).bind(target);
      return (options: CallOptions) => guardedCall(call, options, guard);
    },
  });
}

async function guardedCall(call: ModelCall, options: CallOptions, { timeoutMs, health }: Guard): Promise<unknown> {
  const deadline = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      const error = new ModelTimeoutError(timeoutMs);
      deadline.abort(error);
      reject(error);
    }, timeoutMs);
  });
  const abortSignal = options.abortSignal ? AbortSignal.any([options.abortSignal, deadline.signal]) : deadline.signal;
  try {
    const result = await Promise.race([call({ ...options, abortSignal }), expired]);
    health?.record();
    return result;
  } catch (error) {
    // A caller's own cancellation says nothing about the model service.
    if (!options.abortSignal?.aborted) health?.record(error);
    throw error;
  } finally {
    clearTimeout(timer);
  }
}
