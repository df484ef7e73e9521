// Server-side keeper of password reset links. The model only ever sees the reference; the link
// itself is taken once, by code, to be delivered privately to the account owner.
import { randomBytes } from 'node:crypto';

const LINK_LIFETIME_MS = 10 * 60 * 1000;
const MAX_HELD_LINKS = 1000;

/** `requestedBy`: set when someone other than the owner asked for the link (its DM says who). */
export type HeldResetLink = { reference: string; ownerEmail: string; url: string; expiresAt: number; requestedBy?: string };

export type ResetLinkVault = {
  /** Keeps the link and returns an opaque reference that is safe to show to the model. */
  hold(ownerEmail: string, url: string, requestedBy?: string): string;
  /** Hands the link out once; undefined when unknown, already taken or expired. */
  take(reference: string): HeldResetLink | undefined;
};

export function createResetLinkVault(now: () => number = Date.now): ResetLinkVault {
  const links = new Map<string, HeldResetLink>();

  function pruneExpired(): void {
    for (const [reference, link] of links) if (link.expiresAt <= now()) links.delete(reference);
  }

  return {
    hold(ownerEmail, url, requestedBy) {
      pruneExpired();
      if (links.size >= MAX_HELD_LINKS) links.delete(links.keys().next().value as string);
      const reference = `resetlink_${randomBytes(9).toString('base64url')}`;
      const someoneElse = requestedBy && requestedBy.toLowerCase() !== ownerEmail.toLowerCase() ? requestedBy.toLowerCase() : undefined;
      links.set(reference, { reference, ownerEmail, url, expiresAt: now() + LINK_LIFETIME_MS, requestedBy: someoneElse });
      return reference;
    },
    take(reference) {
      const link = links.get(reference);
      links.delete(reference);
      return link && link.expiresAt > now() ? link : undefined;
    },
  };
}
