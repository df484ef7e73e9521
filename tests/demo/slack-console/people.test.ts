// The console's people come from the demo Okta seed, so users.info emails match Okta accounts.
import { describe, expect, it } from 'vitest';
import { DEMO_PEOPLE } from '../../../src/demo/okta/seed.js';
import { peopleFromDemoOrg } from '../../../src/demo/slack-console/index.js';

describe('peopleFromDemoOrg', () => {
  it('gives every seeded person a unique Slack-style user id and keeps name, email and title', () => {
    const people = peopleFromDemoOrg(DEMO_PEOPLE);

    expect(people).toHaveLength(DEMO_PEOPLE.length);
    expect(new Set(people.map((p) => p.slackUserId)).size).toBe(people.length);
    for (const [index, person] of people.entries()) {
      const seed = DEMO_PEOPLE[index]!;
      expect(person.slackUserId).toMatch(/^U[0-9A-Z]{6,}$/);
      expect(person).toMatchObject({ name: `${seed.firstName} ${seed.lastName}`, email: seed.email, title: seed.title });
    }
  });
});
