// Builds the Okta SDK client from explicit settings only, and proves the credentials work at startup.
import okta, { type Client } from '@okta/okta-sdk-nodejs';
import type { OktaAuth } from '../config.js';
import { noteOktaCall } from './calls.js';
import { OktaError, toOktaError } from './errors.js';

export type OktaClientSettings = { orgUrl: string; auth: OktaAuth };
export type OktaClientOptions = { requestTimeoutMs?: number; maxRetries?: number };

const USER_AGENT = 'okta-helpdesk-agent';

/**
 * The SDK merges ~/.okta/okta.yaml, ./okta.yaml and OKTA_CLIENT_* into its settings before ours; a
 * field we leave undefined is filled from there (even authorizationMode). So every field it looks up
 * is given here, empty when unused. Reads are never cached and every request has a timeout.
 */
export function createOktaClient(
  { orgUrl, auth }: OktaClientSettings,
  { requestTimeoutMs = 10_000, maxRetries = 2 }: OktaClientOptions = {},
): Client {
  const settings = {
    orgUrl: orgUrl.replace(/\/+$/, ''),
    userAgent: USER_AGENT,
    cacheMiddleware: null,
    requestExecutor: new RecordingRequestExecutor({ maxRetries, requestTimeout: requestTimeoutMs }),
    ...(auth.kind === 'token'
      ? { authorizationMode: 'SSWS', token: auth.token, clientId: '', scopes: '', privateKey: '', keyId: '' }
      : {
          authorizationMode: 'PrivateKey',
          token: '',
          clientId: auth.clientId,
          scopes: auth.scopes,
          privateKey: auth.privateKey,
          keyId: auth.keyId ?? '',
        }),
  };
  return new okta.Client(settings as ConstructorParameters<typeof okta.Client>[0]);
}

type SdkRequest = Parameters<okta.DefaultRequestExecutor['parseResponse']>[0];
type SdkResponse = Parameters<okta.DefaultRequestExecutor['parseResponse']>[1];

/**
 * The SDK's executor (timeout, 429 retries), noting each HTTP attempt for the work in progress
 * (calls.ts): parseResponse sees every answer exactly once, retries included; a call that got no
 * answer is noted once, however many retry levels its error passes through.
 */
class RecordingRequestExecutor extends okta.DefaultRequestExecutor {
  private readonly noted = new WeakSet<object>();

  override fetch(request: SdkRequest): Promise<SdkResponse> {
    return super.fetch(request).catch((error: unknown) => {
      const name = (error as { name?: unknown } | null)?.name;
      if ((name === 'FetchError' || name === 'AbortError') && !this.noted.has(error as object)) {
        this.noted.add(error as object);
        noteOktaCall(request, null);
      }
      throw error;
    });
  }

  override parseResponse(request: SdkRequest, response: SdkResponse): ReturnType<okta.DefaultRequestExecutor['parseResponse']> {
    noteOktaCall(request, { status: response.status, requestId: response.headers.get('x-okta-request-id') });
    return super.parseResponse(request, response);
  }
}

/**
 * Startup check. PrivateKey: fetch an access token now, because the SDK later hides an
 * invalid_client answer behind a 401 E0000011. Token: one cheap read (GET /api/v1/users/me).
 */
export async function verifyOktaAccess(client: Client, auth: OktaAuth): Promise<void> {
  if (auth.kind === 'privateKey') {
    let answer: unknown;
    try {
      answer = await client.oauth.getAccessToken();
    } catch (err) {
      throw tokenEndpointError(err);
    }
    const { access_token, error, error_description, errorCode } = (answer ?? {}) as Record<string, unknown>;
    if (typeof access_token !== 'string' || access_token === '') {
      // SDK 8.1 does not check the token answer's status: it would cache this error body as the token.
      client.oauth.clearCachedAccessToken();
      if (errorCode === 'E0000047') throw new OktaError('okta_rate_limited', "Okta's token endpoint is rate limiting this app", { oktaErrorCode: errorCode });
      const why = [error ?? errorCode, error_description].filter((v) => typeof v === 'string' && v !== '').join(': ') || 'no access token';
      throw new OktaError('okta_invalid_token', `${REFUSED} (${why}): ${CHECK_SERVICE_APP}`);
    }
    return;
  }
  try {
    await client.userApi.getUser({ userId: 'me' });
  } catch (err) {
    const e = toOktaError(err);
    if (e.code !== 'okta_invalid_token') throw e;
    throw new OktaError('okta_invalid_token', 'Okta rejected OKTA_API_TOKEN (401): the token is invalid, expired or revoked', {
      oktaErrorCode: e.oktaErrorCode,
      requestId: e.requestId,
      status: e.status,
      cause: err,
    });
  }
}

const REFUSED = "Okta's token endpoint refused the service app";
const CHECK_SERVICE_APP = 'check OKTA_CLIENT_ID, OKTA_PRIVATE_KEY and OKTA_KEY_ID, and that the app is granted OKTA_SCOPES';

/** A rejection from the token request (a thrown HTTP error, the network, or a key that cannot sign). */
function tokenEndpointError(err: unknown): OktaError {
  const e = toOktaError(err);
  if (e.status !== undefined && e.status >= 400 && e.status < 500 && e.status !== 429) {
    return new OktaError('okta_invalid_token', `${REFUSED} (${e.status}): ${CHECK_SERVICE_APP}`, {
      status: e.status,
      requestId: e.requestId,
      cause: err,
    });
  }
  const name = (err as { name?: unknown } | null)?.name;
  if (e.status !== undefined || name === 'FetchError' || name === 'AbortError' || e.code === 'okta_rate_limited') return e;
  // Nothing was sent: the SDK could not sign its client assertion (the key's text is not repeated here).
  return new OktaError('okta_bad_request', 'OKTA_PRIVATE_KEY could not be used to sign the client assertion (expected an RSA/EC private key in PEM or JWK form)', { cause: err });
}
