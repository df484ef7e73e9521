// Who a signed-in Okta user is: read from Okta (status, email, groups), cached for a minute only,
// so a suspension or a group removal reaches Studio and /api within that minute.
import { RequestContext } from '@mastra/core/request-context';
import { describe, expect, it } from 'vitest';
import { createPeople } from '../../src/auth/people.js';
import { getRequester } from '../../src/mastra/request-context.js';
import type { Directory, DirectoryUser } from '../../src/okta/index.js';

function fakeDirectory(user: Partial<DirectoryUser>, groups: string[]) {
  const calls: string[] = [];
  const directory = {
    async getUser(id: string) {
      calls.push(`getUser ${id}`);
      return { id, status: 'ACTIVE', email: 'Marcus.Lee@acme.example', firstName: 'Marcus', lastName: 'Lee', displayName: null, ...user } as DirectoryUser;
    },
    async listUserGroups(id: string) {
      calls.push(`listUserGroups ${id}`);
      return groups.map((name) => ({ id: `g-${name}`, name, description: null, type: 'OKTA_GROUP' }));
    },
  } as unknown as Directory;
  return { directory, calls, user, groups };
}

describe('createPeople', () => {
  it('names an active user by lowercased email with their groups, and seals them as the requester', async () => {
    const { directory } = fakeDirectory({}, ['Helpdesk']);
    const person = await createPeople(directory).byId('00u1');
    expect(person).toMatchObject({ kind: 'person', id: '00u1', email: 'marcus.lee@acme.example', name: 'Marcus Lee', groups: ['Helpdesk'] });
    const context = new RequestContext();
    context.set('user', person);
    expect(getRequester(context)).toEqual({ email: 'marcus.lee@acme.example', source: 'studio' });
  });

  it('names nobody for a user who is not active', async () => {
    const { directory } = fakeDirectory({ status: 'SUSPENDED' }, ['Helpdesk']);
    expect(await createPeople(directory).byId('00u1')).toBeUndefined();
  });

  it('asks Okta again after a minute, so a group removal takes effect', async () => {
    const fake = fakeDirectory({}, ['Helpdesk']);
    let now = 0;
    const people = createPeople(fake.directory, () => now);
    await people.byId('00u1');
    fake.groups.splice(0); // removed from Helpdesk in Okta
    now = 59_000;
    expect((await people.byId('00u1'))?.groups).toEqual(['Helpdesk']);
    now = 60_000;
    expect((await people.byId('00u1'))?.groups).toEqual([]);
    expect(fake.calls.filter((call) => call.startsWith('getUser'))).toHaveLength(2);
  });

  it('does not trust a look-alike user object put in the request context by a body', () => {
    const context = new RequestContext();
    context.set('user', { kind: 'person', email: 'priya.patel@acme.example', requester: { email: 'priya.patel@acme.example', source: 'studio' } });
    expect(getRequester(context)).toBeUndefined();
  });
});
