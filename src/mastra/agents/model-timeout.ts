// A deadline on every call to the agent's language model (Slack turns, Studio and the API alike).
// The call's abort signal is combined with the deadline, so the provider's HTTP request is
// cancelled, and the call is also raced against it, so a provider that ignores its signal cannot
// hold a turn (and the person waiting in Slack) past the deadline either.
import type { MastraModelConfig } from '@mastra/core/llm';

/** Thrown by a model call that did not finish within its deadline. */
export class ModelTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`The language model did not answer within ${timeoutMs} ms`);
    this.name = 'ModelTimeoutError';
  }
}

type CallOptions = { abortSignal?: AbortSignal };
type ModelCall = (options: CallOptions) => PromiseLike<unknown>;
const CALLS = new Set<PropertyKey>(['doGenerate', 'doStream']);

/** The same model, with each doGenerate/doStream call bounded by `timeoutMs`. */
export function withCallTimeout<Model extends MastraModelConfig>(model: Model, timeoutMs: number): Model {
  if (typeof model !== 'object' || model === null || typeof (model as { doGenerate?: unknown }).doGenerate !== 'function') return model;
  return new Proxy(model, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (!CALLS.has(property) || typeof value !== 'function') return value;
      const call = (value as ModelCall).bind(target);
      return (options: CallOptions) => callWithDeadline(call, options, timeoutMs);
    },
  });
}

async function callWithDeadline(call: ModelCall, options: CallOptions, timeoutMs: number): Promise<unknown> {
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
    return await Promise.race([call({ ...options, abortSignal }), expired]);
  } finally {
    clearTimeout(timer);
  }
}
