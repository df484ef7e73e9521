// resolvePerson over a fake directory: which references are "me", an email, a name or nothing, and
// that a name never resolves to the requester unless the requester is the one person it matches.
import { describe, expect, it } from 'vitest';
import { MAX_NAME_MATCHES, resolvePerson, type PersonReferenceDeps } from '../../src/helpdesk/person-reference.js';
import type { DirectoryUser } from '../../src/okta/index.js';

const person = (firstName: string, lastName: string, department: string | null = null): DirectoryUser => {
  const email = `${firstName}.${lastName}@acme.example`.toLowerCase();
  return { id: `00u${firstName}`, status: 'ACTIVE', login: email, email, firstName, lastName, displayName: null, department, title: null, created: '2026-01-01T00:00:00.000Z', statusChanged: null, lastLogin: null, passwordChanged: null };
};

function deps(people: DirectoryUser[], { lookupAllowed = true } = {}) {
  const names: string[] = [];
  const fake = {
    directory: {
      findUsersByName: async (name: string, limit = 10) => {
        names.push(name);
        return people.filter((p) => `${p.firstName} ${p.lastName}`.toLowerCase() === name.toLowerCase() || p.firstName.toLowerCase() === name.toLowerCase()).slice(0, limit);
      },
    },
    desk: { authorizeLookup: async () => (lookupAllowed ? ({ allowed: true } as const) : ({ allowed: false, summary: 'Not allowed.' } as const)) },
  };
  return { deps: fake as unknown as PersonReferenceDeps, names };
}

const SAM = { email: 'Sam.Rivera@acme.example' };

describe('resolvePerson', () => {
  it.each(['me', 'Me', ' myself ', 'I'])('takes %j to be the verified requester', async (reference) => {
    const { deps: d, names } = deps([]);
    expect(await resolvePerson(d, reference, SAM)).toEqual({ email: 'sam.rivera@acme.example' });
    expect(names).toEqual([]);
  });

  it('refuses "me" when nobody verified is asking', async () => {
    expect(await resolvePerson(deps([]).deps, 'me', undefined)).toEqual({ unresolved: expect.stringContaining("I don't know who you are here") });
  });

  it('takes a work email as it is, lower-cased, without asking Okta', async () => {
    const { deps: d, names } = deps([]);
    expect(await resolvePerson(d, 'Jane.Doe@Acme.example', SAM)).toEqual({ email: 'jane.doe@acme.example' });
    expect(names).toEqual([]);
  });

  it.each(['jane@', '@acme.example', '<@U0123ABC>', 'drop table users; --', 'a b c d e'])('refuses %j: neither me, an email nor a name', async (reference) => {
    const { deps: d, names } = deps([]);
    expect(await resolvePerson(d, reference, SAM)).toEqual({ unresolved: expect.stringContaining("I can't tell who") });
    expect(names).toEqual([]);
  });

  it('lists at most the first few of many people sharing a name and says there are more', async () => {
    const many = Array.from({ length: MAX_NAME_MATCHES + 3 }, (_, i) => person('Jordan', `Lee${'x'.repeat(i)}`, 'Sales'));
    const result = await resolvePerson(deps(many).deps, 'Jordan', SAM);
    expect(result).toEqual({ unresolved: expect.stringContaining(`More than ${MAX_NAME_MATCHES} people in Okta are called "Jordan"`) });
    expect(('unresolved' in result ? result.unresolved : '').split('\n').filter((line) => line.startsWith('• '))).toHaveLength(MAX_NAME_MATCHES);
  });

  it('resolves the requester\'s own name to them even when they may not look up others', async () => {
    const sam = person('Sam', 'Rivera');
    const { deps: d } = deps([sam], { lookupAllowed: false });
    expect(await resolvePerson(d, 'Sam Rivera', SAM)).toEqual({ email: 'sam.rivera@acme.example', user: sam });
  });

  it("gives the policy's refusal instead of a match or a list when the requester may not look others up", async () => {
    const { deps: d } = deps([person('Alex', 'Kim')], { lookupAllowed: false });
    expect(await resolvePerson(d, 'Alex Kim', SAM)).toEqual({ unresolved: 'Not allowed.' });
  });
});
