// A model for the Slack turn thread (loaded there by src/turn-worker.ts, so it can block or end that
// thread): the offline planner, counting its calls in shared memory the test (or the bench's
// duplicate storm) reads. `block`: each call waits (synchronously, up to BLOCK_LIMIT_MS) until the test opens the
// gate. `holdStart`: the thread's start waits (the same way) until the gate opens. `crashOnCall`:
// that call ends the thread (process.exit in a worker ends only the thread).
import type { LanguageModelV4CallOptions } from '@ai-sdk/provider';
import type { MastraModelConfig } from '@mastra/core/llm';
import { createOfflinePlannerModel } from '../../src/demo/planner/index.js';

export const TURN_MODEL_MODULE = new URL('./turn-model.ts', import.meta.url).href;
const BLOCK_LIMIT_MS = 10_000;
/** Int32 slots of the shared buffer. */
const CALLS = 0;
const GATE = 1;

export type TurnModelData = { shared: SharedArrayBuffer; block?: boolean; holdStart?: boolean; crashOnCall?: number };

/** The test's side: what the thread's model did, and the gate. */
export function turnModelProbe(options: Omit<TurnModelData, 'shared'> = {}) {
  const shared = new SharedArrayBuffer(8);
  const slots = new Int32Array(shared);
  return {
    data: { shared, ...options } satisfies TurnModelData,
    calls: () => Atomics.load(slots, CALLS),
    open() {
      Atomics.store(slots, GATE, 1);
      Atomics.notify(slots, GATE);
    },
  };
}

export function createTurnModel({ shared, block, holdStart, crashOnCall }: TurnModelData): MastraModelConfig {
  const slots = new Int32Array(shared);
  if (holdStart) Atomics.wait(slots, GATE, 0, BLOCK_LIMIT_MS);
  const inner = createOfflinePlannerModel();
  return {
    ...inner,
    async doGenerate(options: LanguageModelV4CallOptions) {
      const call = Atomics.add(slots, CALLS, 1) + 1;
      if (call === crashOnCall) process.exit(1);
      // Blocks this thread's event loop outright, as CPU-bound work would.
      if (block) Atomics.wait(slots, GATE, 0, BLOCK_LIMIT_MS);
      return inner.doGenerate(options);
    },
  } as unknown as MastraModelConfig;
}
