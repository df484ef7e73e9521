// Studio and /api behind Okta: Mastra's auth provider for this server, plus a gate middleware that
// gives refusals a clear sentence. A caller is one of:
// - a person with an Okta access token (Authorization: Bearer, verified like the MCP door's), or
//   with the encrypted session cookie from signing in to Studio (authorization code + PKCE);
// - the machine token (MASTRA_API_TOKEN): not a person, so tools treat it as an unknown requester;
// - nobody: Mastra answers 401 on its protected routes.
// Who may use Studio and /api comes from the person's Okta groups (SSO_ALLOWED_GROUPS). The
// person's sealed requester travels in the user object Mastra puts in the request context, so the
// tools act as exactly the person who signed in. With a sign-in client configured, Studio's
// sign-in button uses Mastra's own SSO routes (/api/auth/sso/login, /api/auth/sso/callback,
// /api/auth/logout), which call OktaStudioSignIn; without one, Mastra offers no button (it looks
// for the SSO methods) and Studio asks for an Authorization header instead.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { SSOCallbackResult, SSOLoginConfig } from '@mastra/core/auth';
import type { IMastraLogger } from '@mastra/core/logger';
import {
  getRequestHeader,
  getWebRequest,
  MastraAuthProvider,
  type ISSOProvider,
  type IUserProvider,
  type MastraAuthRequest,
  type MiddlewareHandler,
} from '@mastra/core/server';
import type { AccessTokenVerifier } from '../mcp/access-token.js';
import { oktaFailure } from '../helpdesk/wording.js';
import { createCookieJar, type CookieJar } from './cookies.js';
import { createOidcClient, SignInError, type OidcClient } from './oidc-client.js';
import type { People, Person, StudioUser } from './people.js';

export type StudioAuthOptions = {
  /** Verifies Okta access tokens from the authorization server that also signs people in. */
  verifyToken: AccessTokenVerifier;
  people: People;
  /** Okta groups whose members may use Studio and /api. */
  allowedGroups: string[];
  sessionSecret: string;
  machineToken?: string;
  logger: IMastraLogger;
};

type Refusal = { status: 401 | 403 | 503; error: string; description: string };
type Caller = StudioUser | Refusal | undefined;

const MACHINE: StudioUser = Object.freeze({ kind: 'machine', id: 'mastra-api-token', name: 'API token (no person)' });

const digest = (text: string) => createHash('sha256').update(text).digest();
const isRefusal = (caller: Caller): caller is Refusal => caller !== undefined && 'status' in caller;
const personOf = (caller: Caller): Person | undefined => (caller && !isRefusal(caller) && caller.kind === 'person' ? caller : undefined);

/** The browser sign-in client (an OIDC app in Okta, or the demo org's helpdesk-studio). */
export type SignInClient = { issuer: string; clientId: string; clientSecret?: string };

/** Studio and /api with a browser sign-in when a client is configured, else bearer tokens and the session check only. */
export function createStudioAuth(options: StudioAuthOptions, signIn: SignInClient | undefined): OktaApiAuth {
  return signIn ? new OktaStudioSignIn(options, createOidcClient(signIn)) : new OktaApiAuth(options);
}

/** Okta access tokens, the session cookie and the machine token on /api; group access; who Studio shows as signed in. */
export class OktaApiAuth extends MastraAuthProvider<StudioUser> implements IUserProvider<StudioUser> {
  protected readonly options: StudioAuthOptions;
  protected readonly cookies: CookieJar;
  readonly #machineDigest: Buffer | undefined;
  /** One identification per HTTP request, shared by the gate and Mastra's auth check. */
  readonly #callers = new WeakMap<Request, Promise<Caller>>();

  constructor(options: StudioAuthOptions) {
    super({ name: 'okta' });
    this.options = options;
    this.cookies = createCookieJar(options.sessionSecret);
    this.#machineDigest = options.machineToken ? digest(options.machineToken) : undefined;
  }

  /** May this person use Studio and /api? */
  allows(person: Person): boolean {
    return person.groups.some((group) => this.options.allowedGroups.includes(group));
  }

  refusalFor(person: Person): string {
    return `${person.email} is signed in, but Studio and the help desk API are only for members of the Okta group ${this.options.allowedGroups.join(' or ')}. Ask an IT admin if you need access.`;
  }

  /** The caller of this request: a person, the machine token, a refusal (bad token), or nobody. */
  identify(request: MastraAuthRequest): Promise<Caller> {
    const web = getWebRequest(request);
    const known = web && this.#callers.get(web);
    if (known) return known;
    const caller = this.#identify(getRequestHeader(request, 'authorization'), getRequestHeader(request, 'cookie'));
    if (web) this.#callers.set(web, caller);
    return caller;
  }

  async #identify(authorization: string | null, cookies: string | null): Promise<Caller> {
    const bearer = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
    if (bearer && this.#machineDigest && timingSafeEqual(digest(bearer), this.#machineDigest)) return MACHINE;
    let userId: string | undefined;
    if (authorization) {
      const token = await this.options.verifyToken(authorization);
      if ('error' in token) return token;
      userId = token.userId;
    } else {
      userId = (await this.cookies.readSession(cookies))?.userId;
      if (!userId) return undefined;
    }
    try {
      const person = await this.options.people.byId(userId);
      return person ?? { status: 401, error: 'invalid_token', description: 'The token or session names nobody who is active in Okta.' };
    } catch (error) {
      return { status: 503, error: 'temporarily_unavailable', description: oktaFailure(error).summary };
    }
  }

  /** Server middleware on /api/*: refusals with a sentence saying why (Mastra's own say only "Access denied"). */
  readonly gate: MiddlewareHandler = async (c, next) => {
    const caller = await this.identify(c.req.raw);
    if (isRefusal(caller)) {
      const headers: Record<string, string> = caller.status === 401 ? { 'WWW-Authenticate': `Bearer error="${caller.error}", error_description="${caller.description}"` } : {};
      return c.json({ error: caller.error, error_description: caller.description }, caller.status, headers);
    }
    const person = personOf(caller);
    if (person && !this.allows(person)) return c.json({ error: 'access_denied', error_description: this.refusalFor(person) }, 403);
    return next();
  };

  async authenticateToken(_token: string, request: MastraAuthRequest): Promise<StudioUser | null> {
    const caller = await this.identify(request);
    return caller === undefined || isRefusal(caller) ? null : caller;
  }

  authorizeUser(user: StudioUser): boolean {
    return user.kind === 'machine' || this.allows(user);
  }

  /** Studio threads and memory are kept per person. */
  override mapUserToResourceId(user: StudioUser): string {
    return user.kind === 'person' ? user.email : user.id;
  }

  getClearSessionHeaders(): Record<string, string> {
    return { 'Set-Cookie': this.cookies.clearSessionCookie() };
  }

  // IUserProvider: who Studio shows as signed in.

  async getCurrentUser(request: Request): Promise<StudioUser | null> {
    const person = personOf(await this.identify(request));
    return person && this.allows(person) ? person : null;
  }

  async getUser(userId: string): Promise<StudioUser | null> {
    return (await this.options.people.byId(userId)) ?? null;
  }
}

/** Adds Studio's browser sign-in: Mastra's /api/auth/sso/login and /api/auth/sso/callback routes call these. */
class OktaStudioSignIn extends OktaApiAuth implements ISSOProvider<StudioUser> {
  readonly #oidc: OidcClient;
  /** Set by Mastra's callback route right before it calls handleCallback, which reads it at once. */
  #callbackCookies: string | null = null;

  constructor(options: StudioAuthOptions, oidc: OidcClient) {
    super(options);
    this.#oidc = oidc;
  }

  async getLoginUrl(redirectUri: string, state: string): Promise<string> {
    const stateId = state.split('|')[0]!;
    return this.#oidc.authorizeUrl({ redirectUri, state, ...this.cookies.proofsOf(stateId) });
  }

  getLoginCookies(redirectUri: string, state: string): string[] {
    return [this.cookies.loginCookie({ stateId: state.split('|')[0]!, redirectUri })];
  }

  setCallbackCookieHeader(cookieHeader: string | null): void {
    this.#callbackCookies = cookieHeader;
  }

  async handleCallback(code: string, stateId: string): Promise<SSOCallbackResult<StudioUser>> {
    const binding = this.cookies.readLogin(this.#callbackCookies, stateId);
    this.#callbackCookies = null;
    if (!binding) throw new SignInError('This sign-in was not started in this browser, or took longer than 10 minutes: please sign in again.');
    const { userId } = await this.#oidc.redeem(code, { redirectUri: binding.redirectUri, ...this.cookies.proofsOf(stateId) });
    const person = await this.options.people.byId(userId);
    if (!person) throw new SignInError('Your Okta account is not active.');
    if (!this.allows(person)) {
      this.options.logger.info('Studio sign-in refused: not in an allowed group', { userId });
      throw new SignInError(this.refusalFor(person));
    }
    this.options.logger.info('Studio sign-in', { userId });
    const session = await this.cookies.sessionCookie({ userId }, binding.redirectUri.startsWith('https:'));
    // Okta's tokens stay here: the browser holds only the encrypted session naming the person.
    return { user: person, tokens: { accessToken: '' }, cookies: [session, this.cookies.clearLoginCookie(binding)] };
  }

  getLoginButtonConfig(): SSOLoginConfig {
    return { provider: 'okta', text: 'Sign in with Okta', description: `For members of ${this.options.allowedGroups.join(' or ')}.` };
  }
}
