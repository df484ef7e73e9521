// The SDK client as built by createOktaClient: explicit settings only, timeouts, 429 retries, and the
// startup check for both ways to authenticate (SSWS token, OAuth 2.0 private key).
import { createPublicKey, generateKeyPairSync, verify } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, DefaultRequestExecutor } from '@okta/okta-sdk-nodejs';
import { HttpResponse, http } from 'msw';
import { afterEach, describe, expect, it } from 'vitest';
import type { OktaAuth } from '../../src/config.js';
import { createDirectory, createOktaClient, OktaError, verifyOktaAccess } from '../../src/okta/index.js';
import { fixture, okta, ORG_URL, SSWS, TOKEN, useMockOkta } from '../helpers/okta.js';

const { server, recorder } = useMockOkta();

const USER = '00uqrks9ig7XuWV7X5d7';
const tokenAuth: OktaAuth = { kind: 'token', token: TOKEN };
const activeUser = fixture('get-user.active.recorded.json');

describe('createOktaClient settings', () => {
  const saved = { env: { ...process.env }, cwd: process.cwd() };
  let dir = '';

  afterEach(() => {
    process.chdir(saved.cwd);
    for (const name of Object.keys(process.env)) if (!(name in saved.env)) delete process.env[name];
    Object.assign(process.env, saved.env);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** Plants every source the SDK's ConfigLoader reads: ~/.okta/okta.yaml, ./okta.yaml and OKTA_CLIENT_*. */
  function plantForeignOktaSettings(): void {
    dir = mkdtempSync(join(tmpdir(), 'okta-config-'));
    const yaml = (org: string) =>
      `okta:\n  client:\n    orgUrl: ${org}\n    token: 00yamlTokenThatMustNotBeUsed0000000\n    authorizationMode: PrivateKey\n    userAgent: yaml-agent\n`;
    mkdirSync(join(dir, 'home', '.okta'), { recursive: true });
    writeFileSync(join(dir, 'home', '.okta', 'okta.yaml'), yaml('https://home-yaml.okta.test'));
    writeFileSync(join(dir, 'okta.yaml'), yaml('https://cwd-yaml.okta.test'));
    process.env.HOME = join(dir, 'home');
    process.chdir(dir);
    Object.assign(process.env, {
      OKTA_CLIENT_ORGURL: 'https://env.okta.test',
      OKTA_CLIENT_TOKEN: '00envTokenThatMustNotBeUsed00000000',
      OKTA_CLIENT_AUTHORIZATIONMODE: 'PrivateKey',
      OKTA_CLIENT_CLIENTID: 'env-client-id',
      OKTA_CLIENT_SCOPES: 'okta.everything',
      OKTA_CLIENT_PRIVATEKEY: 'env-private-key',
      OKTA_CLIENT_KEYID: 'env-key-id',
    });
  }

  it('ignores okta.yaml files and OKTA_CLIENT_* variables that the SDK would otherwise read', async () => {
    plantForeignOktaSettings();
    const naive = new Client({ cacheMiddleware: null });
    expect(naive.baseUrl).toBe('https://env.okta.test'); // the planted settings are live for a bare Client
    expect(naive.http.defaultHeaders['User-Agent']).toMatch(/^yaml-agent /);

    const client = createOktaClient({ orgUrl: `${ORG_URL}/`, auth: tokenAuth });
    server.use(okta(recorder, 'get', `/api/v1/users/${USER}`, activeUser));
    await createDirectory(client).getUser(USER);

    expect(client.authorizationMode).toBe('SSWS');
    expect(client.baseUrl).toBe(ORG_URL);
    expect(client.http.defaultHeaders['User-Agent']).toMatch(/^okta-helpdesk-agent /);
    expect(recorder.sent).toEqual([expect.objectContaining({ path: `/api/v1/users/${USER}`, authorization: SSWS })]);
  });

  it('keeps the key id empty in private-key mode when OKTA_CLIENT_KEYID is set', () => {
    plantForeignOktaSettings();
    const { privateKey } = rsaKey();

    const client = createOktaClient({ orgUrl: ORG_URL, auth: { kind: 'privateKey', clientId: 'app-id', privateKey, scopes: ['okta.users.read'] } });

    expect({ mode: client.authorizationMode, clientId: client.clientId, keyId: client.keyId, scopes: client.scopes }).toEqual({
      mode: 'PrivateKey',
      clientId: 'app-id',
      keyId: '',
      scopes: ['okta.users.read'],
    });
  });

  it('disables the GET cache and sets the timeout and retry budget on the executor', () => {
    const client = createOktaClient({ orgUrl: ORG_URL, auth: tokenAuth }, { requestTimeoutMs: 1234, maxRetries: 1 });

    expect(client.http.cacheMiddleware).toBeUndefined();
    expect(client.requestExecutor).toBeInstanceOf(DefaultRequestExecutor);
    expect(client.requestExecutor).toMatchObject({ requestTimeout: 1234, maxRetries: 1 });
  });
});

describe('timeouts and rate limits', () => {
  const path = `/api/v1/users/${USER}`;
  /** A 429 the way Okta sends it: no Retry-After, reset = the Date's second, so the SDK waits ~1 s. */
  const rateLimited = () => {
    const now = new Date();
    return HttpResponse.json(fixture('errors/E0000047.rate-limit.recorded.json').body as object, {
      status: 429,
      headers: { Date: now.toUTCString(), 'X-Rate-Limit-Reset': String(Math.floor(now.getTime() / 1000)), 'x-okta-request-id': 'req-429' },
    });
  };

  it('retries a 429 after X-Rate-Limit-Reset minus Date and returns the answer', async () => {
    const retryCounts: Array<string | null> = [];
    server.use(
      http.get(`${ORG_URL}${path}`, async ({ request }) => {
        await recorder.record(request);
        retryCounts.push(request.headers.get('x-okta-retry-count'));
        return retryCounts.length === 1 ? rateLimited() : HttpResponse.json(activeUser.body as object);
      }),
    );
    const directory = createDirectory(createOktaClient({ orgUrl: ORG_URL, auth: tokenAuth }, { requestTimeoutMs: 5_000 }));

    const user = await directory.getUser(USER);

    expect(user?.id).toBe(USER);
    expect(recorder.sent).toHaveLength(2);
    expect(retryCounts).toEqual([null, '1']);
  });

  it('answers okta_rate_limited once the retries are used up', async () => {
    server.use(okta(recorder, 'get', path, () => rateLimited()));
    const directory = createDirectory(createOktaClient({ orgUrl: ORG_URL, auth: tokenAuth }, { requestTimeoutMs: 5_000, maxRetries: 1 }));

    await expect(directory.getUser(USER)).rejects.toMatchObject({ code: 'okta_rate_limited', oktaErrorCode: 'E0000047', requestId: 'req-429' });
    expect(recorder.sent).toHaveLength(2);
  });

  it('answers okta_rate_limited at once when the wait would outlast the request timeout', async () => {
    const farReset = () => {
      const now = new Date();
      return HttpResponse.json(fixture('errors/E0000047.spec-example.json').body as object, {
        status: 429,
        headers: { Date: now.toUTCString(), 'X-Rate-Limit-Reset': String(Math.floor(now.getTime() / 1000) + 60) },
      });
    };
    server.use(okta(recorder, 'get', path, () => farReset()));
    const directory = createDirectory(createOktaClient({ orgUrl: ORG_URL, auth: tokenAuth }, { requestTimeoutMs: 2_000 }));

    await expect(directory.getUser(USER)).rejects.toMatchObject({ code: 'okta_rate_limited' });
    expect(recorder.sent).toHaveLength(1);
  });

  it('answers okta_timeout when Okta does not answer within requestTimeoutMs', async () => {
    server.use(okta(recorder, 'get', path, () => new Promise<Response>(() => {})));
    const directory = createDirectory(createOktaClient({ orgUrl: ORG_URL, auth: tokenAuth }, { requestTimeoutMs: 300 }));
    const started = Date.now();

    await expect(directory.getUser(USER)).rejects.toMatchObject({ code: 'okta_timeout' });
    expect(Date.now() - started).toBeLessThan(3_000);
  });
});

describe('verifyOktaAccess with an API token', () => {
  it('makes one cheap authenticated read', async () => {
    server.use(okta(recorder, 'get', '/api/v1/users/me', activeUser));
    const client = createOktaClient({ orgUrl: ORG_URL, auth: tokenAuth });

    await expect(verifyOktaAccess(client, tokenAuth)).resolves.toBeUndefined();
    expect(recorder.sent).toEqual([expect.objectContaining({ method: 'GET', path: '/api/v1/users/me', authorization: SSWS })]);
  });

  it('names OKTA_API_TOKEN when Okta answers 401 E0000011', async () => {
    server.use(okta(recorder, 'get', '/api/v1/users/me', fixture('errors/E0000011.spec-example.json')));
    const client = createOktaClient({ orgUrl: ORG_URL, auth: tokenAuth });

    const failure = verifyOktaAccess(client, tokenAuth);

    await expect(failure).rejects.toMatchObject({ code: 'okta_invalid_token', message: expect.stringContaining('OKTA_API_TOKEN') });
    await expect(failure).rejects.not.toMatchObject({ message: expect.stringContaining(TOKEN) });
  });

  it('passes other failures through with their own code', async () => {
    server.use(okta(recorder, 'get', '/api/v1/users/me', fixture('errors/E0000006.spec-example.json')));
    const client = createOktaClient({ orgUrl: ORG_URL, auth: tokenAuth });

    await expect(verifyOktaAccess(client, tokenAuth)).rejects.toMatchObject({ code: 'okta_forbidden' });
  });
});

describe('private-key (OAuth 2.0 service app) mode', () => {
  const keys = rsaKey();
  const auth: OktaAuth = { kind: 'privateKey', clientId: '0oaServiceApp', privateKey: keys.privateKey, keyId: 'kid-1', scopes: ['okta.users.read', 'okta.users.manage'] };
  const tokenUrl = `${ORG_URL}/oauth2/v1/token`;

  it('gets a client_credentials token with a signed assertion and uses it on the next API call', async () => {
    const tokenRequests: Array<{ form: URLSearchParams; dpop: string | null }> = [];
    server.use(
      http.post(tokenUrl, async ({ request }) => {
        await recorder.record(request);
        tokenRequests.push({ form: new URLSearchParams(await request.text()), dpop: request.headers.get('dpop') });
        return HttpResponse.json({ token_type: 'Bearer', access_token: 'access-token-1', expires_in: 3600, scope: auth.scopes.join(' ') });
      }),
      okta(recorder, 'get', `/api/v1/users/${USER}`, activeUser),
    );
    const client = createOktaClient({ orgUrl: ORG_URL, auth });

    await verifyOktaAccess(client, auth);
    await createDirectory(client).getUser(USER);

    expect(tokenRequests).toHaveLength(1);
    const form = tokenRequests[0]!.form;
    expect(form.get('grant_type')).toBe('client_credentials');
    expect(form.get('client_assertion_type')).toBe('urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
    expect(form.get('scope')).toBe('okta.users.read okta.users.manage');
    const assertion = decodeJwt(form.get('client_assertion') ?? '');
    expect(assertion.header).toMatchObject({ alg: 'RS256', kid: 'kid-1' });
    expect(assertion.payload).toMatchObject({ iss: '0oaServiceApp', sub: '0oaServiceApp', aud: tokenUrl });
    expect(assertion.signatureValid(keys.publicKey)).toBe(true);
    expect(decodeJwt(tokenRequests[0]!.dpop ?? '').header).toMatchObject({ typ: 'dpop+jwt' });
    expect(recorder.sent.map((r) => [r.method, r.path, r.authorization])).toEqual([
      ['POST', '/oauth2/v1/token', null],
      ['GET', `/api/v1/users/${USER}`, 'Bearer access-token-1'],
    ]);
  });

  it('switches to DPoP-bound tokens when the token endpoint asks for a DPoP nonce', async () => {
    const proofs: Array<Record<string, unknown>> = [];
    server.use(
      http.post(tokenUrl, async ({ request }) => {
        await recorder.record(request);
        proofs.push(decodeJwt(request.headers.get('dpop') ?? '').payload);
        return proofs.length === 1
          ? HttpResponse.json({ error: 'use_dpop_nonce', error_description: 'Authorization server requires nonce in DPoP proof.' }, { status: 400, headers: { 'DPoP-Nonce': 'nonce-1' } })
          : HttpResponse.json({ token_type: 'DPoP', access_token: 'dpop-token-1', expires_in: 3600, scope: auth.scopes.join(' ') });
      }),
      okta(recorder, 'get', `/api/v1/users/${USER}`, activeUser),
    );
    const client = createOktaClient({ orgUrl: ORG_URL, auth });

    await verifyOktaAccess(client, auth);
    await createDirectory(client).getUser(USER);

    expect(proofs.map((p) => p.nonce)).toEqual([undefined, 'nonce-1']);
    const apiCall = recorder.sent[2];
    expect(apiCall?.authorization).toBe('DPoP dpop-token-1');
    expect(decodeJwt(apiCall?.dpop ?? '').payload).toMatchObject({ htm: 'GET', htu: `${ORG_URL}/api/v1/users/${USER}`, ath: expect.any(String) });
  });

  it('fails at startup with the variables to check when the token endpoint answers invalid_client', async () => {
    server.use(
      okta(recorder, 'post', '/oauth2/v1/token', () =>
        HttpResponse.json({ error: 'invalid_client', error_description: 'The client_assertion signature is invalid.' }, { status: 401 }),
      ),
    );
    const client = createOktaClient({ orgUrl: ORG_URL, auth });

    const failure = verifyOktaAccess(client, auth);

    await expect(failure).rejects.toBeInstanceOf(OktaError);
    await expect(failure).rejects.toMatchObject({
      code: 'okta_invalid_token',
      message: expect.stringMatching(/invalid_client.*OKTA_CLIENT_ID.*OKTA_PRIVATE_KEY/),
    });
    expect(recorder.sent.map((r) => r.path)).toEqual(['/oauth2/v1/token']);
  });

  it('names OKTA_PRIVATE_KEY without sending anything when the key cannot sign', async () => {
    const broken: OktaAuth = { ...auth, privateKey: '-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----' };
    const client = createOktaClient({ orgUrl: ORG_URL, auth: broken });

    const failure = verifyOktaAccess(client, broken);

    await expect(failure).rejects.toMatchObject({ code: 'okta_bad_request', message: expect.stringContaining('OKTA_PRIVATE_KEY') });
    await expect(failure).rejects.not.toMatchObject({ message: expect.stringContaining('bm90IGEga2V5') });
    expect(recorder.sent).toEqual([]);
  });
});

function rsaKey(): { privateKey: string; publicKey: string } {
  return generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
}

function decodeJwt(jwt: string) {
  const [header = '', payload = '', signature = ''] = jwt.split('.');
  const json = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
  return {
    header: json(header),
    payload: json(payload),
    signatureValid: (publicKeyPem: string) =>
      verify('RSA-SHA256', Buffer.from(`${header}.${payload}`), createPublicKey(publicKeyPem), Buffer.from(signature, 'base64url')),
  };
}
