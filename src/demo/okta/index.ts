// Public face of the embedded demo Okta org: the server factory, its token and the seeded people.
export { createDemoOktaOrg, DEMO_OKTA_TOKEN, type DemoOktaOrg, type DemoOktaOrgOptions, type DemoOrgState } from './server.js';
export { DEMO_DOMAIN, DEMO_GROUPS, DEMO_PEOPLE, DEMO_SEED } from './seed.js';
export type { DemoPerson, DemoSeed, UserStatus } from './types.js';
export { DEFAULT_PUSH_LIFETIME_SECONDS, type PhoneAnswer, type PhonePush } from './push-verify.js';
export { DEMO_AUDIENCE, DEMO_OAUTH_CLIENTS, HELPDESK_SCOPES, type DemoServiceApp } from './authorization-server.js';
