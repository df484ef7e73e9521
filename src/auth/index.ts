// Studio and /api behind Okta sign-in: the auth provider, its cookies, and who a signed-in person is.
export { createStudioAuth, type OktaApiAuth, type SignInClient, type StudioAuthOptions } from './studio-auth.js';
export { createPeople, type Person, type StudioUser } from './people.js';
