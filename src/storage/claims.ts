// Leases on claimed rows. Whoever claims a row (an inbox event being answered, a card being executed)
// holds it while it works and renews its claim time every third of the lease; recovery leaves a row
// alone while its holder is this store or its claim is fresher than the lease, so with several
// instances on one database nobody takes over work another live instance is doing.
export type ClaimKeeper = {
  hold(id: string): void;
  release(id: string): void;
  holds(id: string): boolean;
  /** Claims renewed at or before this time have lapsed: their holder stopped. */
  lapsedBefore(): number;
  stop(): void;
};

export function createClaimKeeper({ leaseMs, now, renew }: {
  leaseMs: number;
  now: () => number;
  /** Sets the claim time of these ids (still claimed) to `at`. */
  renew: (ids: string[], at: number) => Promise<unknown>;
}): ClaimKeeper {
  const held = new Set<string>();
  // A failed renewal is retried on the next beat; if the database stays unreachable the lease lapses,
  // which is the truth: this instance cannot finish the work either.
  const timer = leaseMs > 0 ? setInterval(() => void (held.size > 0 ? renew([...held], now()).catch(() => undefined) : undefined), Math.ceil(leaseMs / 3)).unref() : undefined;
  return {
    hold: (id) => void held.add(id),
    release: (id) => void held.delete(id),
    holds: (id) => held.has(id),
    lapsedBefore: () => now() - leaseMs,
    stop: () => clearInterval(timer),
  };
}

/** `?, ?, ?` for an IN list of `count` values. */
export const placeholders = (count: number): string => Array.from({ length: count }, () => '?').join(', ');
