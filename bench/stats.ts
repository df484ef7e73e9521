// Percentiles and rounding for the bench's figures (nearest-rank percentiles over raw samples).

export type Spread = { n: number; p50: number; p99: number; max: number };

export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export function spread(samples: readonly number[]): Spread {
  return { n: samples.length, p50: round(percentile(samples, 50)), p99: round(percentile(samples, 99)), max: round(Math.max(...samples)) };
}

export function round(value: number, digits = 1): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** Several runs of one measurement: the run with the median p99 (its own p50 / p99 / max), and every run's p99. */
export type Rounds = Spread & { p99s: number[] };

/** A single stall of a shared machine can decide one run's p99; the median run of several seldom has one. */
export function medianRound(runs: readonly Spread[]): Rounds {
  const byP99 = [...runs].sort((a, b) => a.p99 - b.p99);
  return { ...byP99[Math.floor((byP99.length - 1) / 2)]!, p99s: runs.map((r) => r.p99) };
}
