// The model service's health: one cheap check at startup (a refused key or an unknown model stops
// startup naming the variable, an unreachable endpoint starts degraded), kept current by every
// model call, and turned into one honest sentence for the person when the service fails.
import { createServer, type Server } from 'node:http';
import { APICallError } from '@ai-sdk/provider';
import { noopLogger } from '@mastra/core/logger';
import { Mastra } from '@mastra/core/mastra';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createHelpdeskApp } from '../../src/app.js';
import { ConfigError, findProjectRoot, parseConfig } from '../../src/config.js';
import { createHelpdeskAgent, HELPDESK_AGENT_ID } from '../../src/mastra/agents/helpdesk-agent.js';
import { createHelpdeskModel } from '../../src/mastra/agents/model.js';
import { guardModelCalls, ModelTimeoutError } from '../../src/mastra/agents/model-guard.js';
import { checkModelAtStartup, classifyModelError, createModelHealth } from '../../src/mastra/agents/model-health.js';
import { createResponder, RESPONSE_WORDING } from '../../src/mastra/agents/respond.js';
import type { Directory } from '../../src/okta/index.js';
import { createTestDesk, tempDatabaseUrl } from '../helpers/desk.js';
import { freePort } from '../helpers/net.js';

/** A fake OpenAI-compatible server on loopback: what it answers is set per test; what it got is kept. */
type Answer = { status: number; body: unknown };
let answers: Record<string, Answer> = {};
const received: Array<{ method: string; path: string; authorization?: string }> = [];
let fake: Server;
let baseURL = '';

beforeAll(async () => {
  fake = createServer((request, response) => {
    received.push({ method: request.method ?? '', path: request.url ?? '', authorization: request.headers.authorization });
    request.resume();
    const answer = answers[`${request.method} ${request.url}`] ?? { status: 404, body: { error: { message: 'not here' } } };
    response.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
  });
  await new Promise<void>((resolve) => fake.listen(0, '127.0.0.1', resolve));
  baseURL = `http://127.0.0.1:${(fake.address() as { port: number }).port}/v1`;
});
afterAll(() => new Promise<void>((resolve) => fake.close(() => resolve())));
beforeEach(() => {
  answers = {};
  received.length = 0;
});

const MODELS = { status: 200, body: { object: 'list', data: [{ id: 'llama3.1', object: 'model' }, { id: 'qwen2.5', object: 'model' }] } };
const settings = (extra: { baseURL?: string; modelId?: string } = {}) => ({ mode: 'openai' as const, apiKey: 'local-key', modelId: 'llama3.1', baseURL, ...extra });
const problemsOf = async (promise: Promise<unknown>) => {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(ConfigError);
  return (error as ConfigError).problems;
};

describe('the startup check', () => {
  it('asks GET {base}/models once with the key, and starts healthy when the model is offered', async () => {
    answers['GET /v1/models'] = MODELS;
    const health = await checkModelAtStartup(settings(), () => {});
    expect(received).toEqual([{ method: 'GET', path: '/v1/models', authorization: 'Bearer local-key' }]);
    expect(health.status()).toBe('ok');
  });

  it('stops startup naming OPENAI_API_KEY when the key is refused', async () => {
    answers['GET /v1/models'] = { status: 401, body: { error: { message: 'Incorrect API key provided' } } };
    expect(await problemsOf(checkModelAtStartup(settings(), () => {}))).toEqual([`OPENAI_API_KEY was refused: ${new URL(baseURL).host} answered 401`]);
  });

  it('stops startup naming MODEL when the endpoint does not offer it', async () => {
    answers['GET /v1/models'] = MODELS;
    expect(await problemsOf(checkModelAtStartup(settings({ modelId: 'gpt-4o-mni' }), () => {}))).toEqual([`MODEL: ${new URL(baseURL).host} does not offer gpt-4o-mni`]);
  });

  it('starts degraded, and says why, when the endpoint cannot be reached', async () => {
    const closed = `http://127.0.0.1:${await freePort()}/v1`;
    const said: string[] = [];
    const health = await checkModelAtStartup(settings({ baseURL: closed }), (detail) => said.push(detail));
    expect(health.status()).toBe('unreachable');
    expect(said).toEqual([`${new URL(closed).host}: connection failed`]);
  });

  it('runs through the app: a refused key is a startup error, an unreachable endpoint a degraded start', async () => {
    answers['GET /v1/models'] = { status: 401, body: {} };
    const env = { DATABASE_URL: tempDatabaseUrl(), OPENAI_API_KEY: 'local-key', OPENAI_BASE_URL: baseURL, MODEL: 'llama3.1' };
    expect(await problemsOf(createHelpdeskApp(parseConfig(env, findProjectRoot()), { logger: noopLogger }))).toEqual([expect.stringContaining('OPENAI_API_KEY')]);

    const closed = `http://127.0.0.1:${await freePort()}/v1`;
    const app = await createHelpdeskApp(parseConfig({ ...env, OPENAI_BASE_URL: closed }, findProjectRoot()), { logger: noopLogger });
    try {
      expect(await app.health()).toEqual({ database: 'ok', model: 'unreachable', turns: 'ok' });
    } finally {
      await app.stop();
    }
  });
});

describe('what a failed model call says about the service', () => {
  const apiError = (statusCode: number | undefined) =>
    new APICallError({ message: 'call failed', url: `${baseURL}/chat/completions`, requestBodyValues: {}, statusCode, isRetryable: statusCode !== 401 });

  it.each([
    ['a refused key (401)', apiError(401), 'rejected'],
    ['a forbidden key (403)', apiError(403), 'rejected'],
    ['a server error (503)', apiError(503), 'unreachable'],
    ['rate limiting (429)', apiError(429), 'unreachable'],
    ['no connection (API call error without a status)', apiError(undefined), 'unreachable'],
    ['fetch failing with ECONNREFUSED', new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) }), 'unreachable'],
    ['the deadline', new ModelTimeoutError(30_000), 'timed_out'],
    ['an error wrapped by the agent loop', new Error('generation failed', { cause: apiError(502) }), 'unreachable'],
    ['a bug that is not the service', new Error('Cannot read properties of undefined'), undefined],
  ])('%s -> %s', (_name, error, expected) => {
    expect(classifyModelError(error)).toBe(expected);
  });

  it('keeps the last known state: a failure marks it, the next answer clears it', () => {
    const health = createModelHealth();
    health.record(apiError(503));
    expect(health.status()).toBe('unreachable');
    health.record(new Error('a bug, not the service'));
    expect(health.status()).toBe('unreachable');
    health.record();
    expect(health.status()).toBe('ok');
  });
});

describe('a turn while the model service fails', () => {
  it('tells the person in one honest sentence and records the state for /health', async () => {
    answers['POST /v1/chat/completions'] = { status: 401, body: { error: { message: 'Incorrect API key provided', type: 'invalid_request_error' } } };
    const health = createModelHealth();
    const model = guardModelCalls(createHelpdeskModel(settings()), { timeoutMs: 5000, health });
    const { desk } = await createTestDesk({} as Directory);
    const mastra = new Mastra({ agents: { [HELPDESK_AGENT_ID]: createHelpdeskAgent({ model, tools: { directory: {} as Directory, desk } }) }, logger: false });
    const respond = createResponder(mastra.getAgent(HELPDESK_AGENT_ID));

    const answer = await respond({ text: 'hello', requester: { email: 'sam@acme.example', source: 'slack' }, memory: { thread: 't1', resource: 'r1' } });

    expect(answer).toEqual({ text: RESPONSE_WORDING.modelUnreachable, failure: 'model_rejected', resetLinkReferences: [], pendingActionIds: [], ownerNotices: [], oktaCalls: [] });
    expect(health.status()).toBe('rejected');
    expect(received.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /v1/chat/completions']);
  });
});
