// The console's people from the demo Okta org's seed: same names and emails, stable Slack user ids.
import type { DemoPerson } from '../okta/types.js';
import type { ConsolePerson } from './types.js';

/** Slack user ids are 'U' + uppercase letters and digits; these are fixed by seed order. */
export function peopleFromDemoOrg(seed: DemoPerson[]): ConsolePerson[] {
  return seed.map((person, index) => ({
    slackUserId: `UDEMO${String(index + 1).padStart(3, '0')}`,
    name: `${person.firstName} ${person.lastName}`,
    email: person.email,
    title: person.title,
  }));
}
