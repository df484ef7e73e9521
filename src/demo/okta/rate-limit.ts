// A per-minute request budget with Okta's X-Rate-Limit-* headers. The window starts with the first
// request after the previous one ended; X-Rate-Limit-Reset is the window's end in epoch seconds.
const WINDOW_MS = 60_000;

export type RateDecision = { allowed: boolean; headers: Record<string, string> };

export type RateLimiter = { take(now: Date): RateDecision; reset(): void };

export function createRateLimiter(limitPerMinute: number): RateLimiter {
  let windowEnd = 0;
  let used = 0;
  return {
    take(now) {
      if (now.getTime() >= windowEnd) {
        windowEnd = Math.ceil((now.getTime() + WINDOW_MS) / 1000) * 1000;
        used = 0;
      }
      const allowed = used < limitPerMinute;
      if (allowed) used += 1;
      return {
        allowed,
        headers: {
          'x-rate-limit-limit': String(limitPerMinute),
          'x-rate-limit-remaining': String(limitPerMinute - used),
          'x-rate-limit-reset': String(windowEnd / 1000),
        },
      };
    },
    reset() {
      windowEnd = 0;
      used = 0;
    },
  };
}
