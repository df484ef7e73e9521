// Who a signed-in Okta user is right now: active in Okta, their email and groups, looked up through
// the directory (never taken from a token's claims, which Okta fills only when configured to) and
// cached briefly, so removing someone from a group or suspending them takes effect within a minute.
import type { User } from '@mastra/core/auth';
import { sealRequester, type Requester } from '../mastra/request-context.js';
import type { Directory } from '../okta/index.js';

/** A Studio/API caller as Mastra's auth provider reports it: a person (with a sealed requester) or the machine token. */
export type StudioUser = User & ({ kind: 'person'; email: string; groups: string[]; requester: Requester } | { kind: 'machine' });
export type Person = Extract<StudioUser, { kind: 'person' }>;

const CACHE_MS = 60_000;
const CACHE_SIZE = 1000;

export function createPeople(directory: Directory, now: () => number = Date.now) {
  const cache = new Map<string, { at: number; person: Person | undefined }>();

  async function lookUp(userId: string): Promise<Person | undefined> {
    const user = await directory.getUser(userId);
    if (user?.status !== 'ACTIVE') return undefined;
    const groups = (await directory.listUserGroups(user.id)).map((group) => group.name);
    const email = user.email.toLowerCase();
    const name = user.displayName ?? `${user.firstName} ${user.lastName}`.trim();
    return { kind: 'person', id: user.id, email, name, groups, requester: sealRequester({ email, source: 'studio' }) };
  }

  return {
    /** The active person with this Okta user id, or undefined (no such user, or not active). Okta failures throw. */
    async byId(userId: string): Promise<Person | undefined> {
      const hit = cache.get(userId);
      if (hit && now() - hit.at < CACHE_MS) return hit.person;
      const person = await lookUp(userId);
      cache.delete(userId);
      if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
      cache.set(userId, { at: now(), person });
      return person;
    },
  };
}

export type People = ReturnType<typeof createPeople>;
