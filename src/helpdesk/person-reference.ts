// Who a request is about, from the words a tool was given: "me" (the verified requester, only when
// said), a work email, or a name looked up in Okta. A name is never guessed: no match or several
// matches come back as a sentence (a short list to pick from), and the caller acts on nobody.
import { z } from 'zod';
import type { Directory, DirectoryUser } from '../okta/index.js';
import { sameEmail } from '../policy/index.js';
import type { Desk, VerifiedRequester } from './desk.js';
import { personName } from './wording.js';

/** Most people listed when a name is shared; more than this and an email is needed. */
export const MAX_NAME_MATCHES = 5;

const SELF = /^(me|myself|my|mine|i|self)$/i;
const EMAIL = z.email();
/** Letters (any script), spaces, dots, apostrophes and hyphens; at most four words. */
const NAME = /^\p{L}[\p{L}\p{M}.'’-]*(?:\s+\p{L}[\p{L}\p{M}.'’-]*){0,3}$/u;

/** `user`: the directory's record when a name search already found it (callers need not read it again). */
export type ResolvedPerson = { email: string; user?: DirectoryUser } | { unresolved: string };

export type PersonReferenceDeps = { directory: Directory; desk: Pick<Desk, 'authorizeLookup'> };

/** The one person a reference names, or the sentence saying why there is not exactly one. Nothing is written here. */
export async function resolvePerson(deps: PersonReferenceDeps, reference: string, requester: VerifiedRequester | undefined): Promise<ResolvedPerson> {
  const text = reference.trim();
  if (SELF.test(text)) {
    return requester ? { email: requester.email.toLowerCase() } : { unresolved: "I don't know who you are here, so I can't act on \"me\"; nothing was changed. Give the person's work email." };
  }
  if (EMAIL.safeParse(text).success) return { email: text.toLowerCase() };
  if (!NAME.test(text)) {
    return { unresolved: `I can't tell who "${text.slice(0, 80)}" is, so nothing was changed. Give their work email or their first and last name.` };
  }
  const users = await deps.directory.findUsersByName(text, MAX_NAME_MATCHES + 1);
  const [only] = users;
  if (users.length === 1 && only && requester && sameEmail(only.email, requester.email)) return { email: only.email.toLowerCase(), user: only };
  // Listing people by name is looking them up: the policy decides who may.
  const verdict = await deps.desk.authorizeLookup(requester, text);
  if (!verdict.allowed) return { unresolved: verdict.summary };
  if (users.length === 1 && only) return { email: only.email.toLowerCase(), user: only };
  if (users.length === 0) return { unresolved: `No one in Okta is called "${text}", so nothing was changed. Give their work email, or ask me to search for part of the name.` };
  const more = users.length > MAX_NAME_MATCHES;
  const lines = users.slice(0, MAX_NAME_MATCHES).map(candidateLine);
  return {
    unresolved: `${more ? `More than ${MAX_NAME_MATCHES} people` : `${users.length} people`} in Okta are called "${text}", so nothing was changed. Which one do you mean? Reply with their email.\n${lines.join('\n')}`,
  };
}

function candidateLine(user: DirectoryUser): string {
  return `• ${personName(user)} (${user.email})${user.department ? `, ${user.department}` : ''}`;
}
