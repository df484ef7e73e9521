// Item 5 of issue 9: markdownToMrkdwn on adversarial model output, timed at two sizes. Linear work
// takes about twice as long at twice the size; the old patterns took 4x (quadratic) or worse.
import { performance } from 'node:perf_hooks';
import { markdownToMrkdwn } from '../src/slack/mrkdwn.js';
import { adversarialMarkdown } from '../tests/helpers/adversarial-markdown.js';
import { round } from './stats.js';

export type MrkdwnFigures = { size: number; worstMs: number; worstInput: string; worstGrowth: number };

const SIZE = 320_000;
const RUNS = 3;

/** Best of a few runs, so a GC pause or a busy neighbour does not count as the function's time. */
function bestMs(input: string): number {
  let best = Number.POSITIVE_INFINITY;
  for (let run = 0; run < RUNS; run++) {
    const start = performance.now();
    markdownToMrkdwn(input);
    best = Math.min(best, performance.now() - start);
  }
  return best;
}

/** The slowest input at 320k characters, and the largest time ratio between 640k and 320k. */
export function measureMrkdwn(): MrkdwnFigures {
  const small = adversarialMarkdown(SIZE);
  const large = adversarialMarkdown(2 * SIZE);
  let worst = { name: '', ms: 0 };
  let worstGrowth = 0;
  small.forEach((input, index) => {
    const ms = bestMs(input.input);
    if (ms > worst.ms) worst = { name: input.name, ms };
    // Below 1 ms, timer noise would dominate the ratio.
    worstGrowth = Math.max(worstGrowth, bestMs(large[index]!.input) / Math.max(ms, 1));
  });
  return { size: SIZE, worstMs: round(worst.ms, 1), worstInput: worst.name, worstGrowth: round(worstGrowth, 2) };
}
