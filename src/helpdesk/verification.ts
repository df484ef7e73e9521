// Okta Verify before a sensitive action: the account's push factor, and a bounded wait for the
// person's answer on their phone. Plain code after a click: no model is involved anywhere here.
import { setTimeout as sleepFor } from 'node:timers/promises';
import type { Directory, DirectoryFactor, PushResult } from '../okta/index.js';
import type { PendingVerification } from './pending-actions.js';

/** How the desk waits for a push: Okta is asked every `pollMs`, for at most `maxWaitMs` after sending. */
export type VerificationTiming = {
  pollMs?: number;
  maxWaitMs?: number;
  /** Test seam: resolves after `ms`, rejects when `signal` aborts. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
};

/** Okta's default push lifetime is 5 minutes; nobody waits longer than that plus a little. */
export const VERIFICATION_MAX_WAIT_MS = 5 * 60_000 + 15_000;
export const VERIFICATION_POLL_MS = 2_000;

/** The account's active Okta Verify push factor, if it has one. */
export async function activePushFactor(directory: Directory, userId: string): Promise<DirectoryFactor | undefined> {
  return (await directory.listFactors(userId)).find((factor) => factor.factorType === 'push' && factor.provider === 'OKTA' && factor.status === 'ACTIVE');
}

/**
 * Polls the push until the person answers, it expires, or `maxWaitMs` after it was sent (then it is
 * TIMEOUT: nobody approved in time). 'interrupted' when `signal` aborts (shutdown): the action stays
 * verifying and the next start resumes it. Okta errors propagate.
 */
export async function waitForPush(
  directory: Directory,
  verification: PendingVerification,
  { now, signal, timing = {} }: { now: () => number; signal?: AbortSignal; timing?: VerificationTiming },
): Promise<Exclude<PushResult, 'WAITING'> | 'interrupted'> {
  const { pollMs = VERIFICATION_POLL_MS, maxWaitMs = VERIFICATION_MAX_WAIT_MS, sleep = defaultSleep } = timing;
  const deadline = verification.sentAt + maxWaitMs;
  for (;;) {
    if (signal?.aborted) return 'interrupted';
    const result = await directory.pushVerificationResult(verification.userId, verification.factorId, verification.transactionId);
    if (result !== 'WAITING') return result;
    if (now() >= deadline) return 'TIMEOUT';
    try {
      await sleep(Math.min(pollMs, Math.max(0, deadline - now())), signal);
    } catch (error) {
      if (signal?.aborted) return 'interrupted';
      throw error;
    }
  }
}

const defaultSleep = (ms: number, signal?: AbortSignal) => sleepFor(ms, undefined, { signal });
