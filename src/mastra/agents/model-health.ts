// Is the model service usable? Checked once at startup with one cheap call (GET {base}/models),
// then kept current by every real model call. A refused key or a model the endpoint does not offer
// is a configuration error (startup stops naming the variable); an endpoint that cannot be reached
// may be passing, so the server starts, /health says `unreachable`, and people get one honest sentence.
import { ConfigError, type ModelChoice } from '../../config.js';

export type ModelStatus = 'ok' | 'unreachable' | 'rejected' | 'timed_out';

export type ModelHealth = {
  status(): ModelStatus;
  /** After each model call: no error means the service answered. */
  record(error?: unknown): void;
  /** A state another thread's model calls found (the Slack turn thread, src/turn-thread.ts). */
  adopt(status: ModelStatus): void;
};

export type EndpointCheck =
  | { ok: true }
  | { ok: false; problem: 'rejected_key' | 'unknown_model' | 'unreachable'; detail: string };

const OPENAI_BASE_URL = 'https://api.openai.com/v1';
const CHECK_TIMEOUT_MS = 5000;

/** `onChange`: told each time a model call changes the state (the turn thread tells the HTTP thread). */
export function createModelHealth(initial: ModelStatus = 'ok', onChange?: (status: ModelStatus) => void): ModelHealth {
  let current = initial;
  return {
    status: () => current,
    record(error) {
      const before = current;
      current = error === undefined ? 'ok' : (classifyModelError(error) ?? current);
      if (current !== before) onChange?.(current);
    },
    adopt(status) {
      current = status;
    },
  };
}

/** The error and the errors it wraps (`cause`), outermost first; the agent loop wraps a few levels deep. */
export function causesOf(error: unknown): Error[] {
  const chain: Error[] = [];
  for (let current: unknown = error; current instanceof Error && chain.length < 6; current = current.cause) chain.push(current);
  return chain;
}

/** What a failed model call says about the service; undefined for errors that are not the service's (bad output, a bug). */
export function classifyModelError(error: unknown): Exclude<ModelStatus, 'ok'> | undefined {
  for (const current of causesOf(error)) {
    if (current.name === 'ModelTimeoutError') return 'timed_out';
    const status = (current as { statusCode?: unknown }).statusCode;
    if (status === 401 || status === 403) return 'rejected';
    if (typeof status === 'number' && (status >= 500 || status === 429)) return 'unreachable';
    if (current.name === 'AI_APICallError' && status === undefined) return 'unreachable';
    const code = (current as { code?: unknown }).code;
    if (/fetch failed|ECONNREFUSED|ENOTFOUND|ECONNRESET|ETIMEDOUT|EAI_AGAIN/.test(`${current.message} ${typeof code === 'string' ? code : ''}`)) return 'unreachable';
  }
  return undefined;
}

/** One GET {base}/models with the key: does the endpoint answer, take the key, and offer the model? */
export async function checkModelEndpoint(
  settings: Extract<ModelChoice, { mode: 'openai' }>,
  { fetch = globalThis.fetch, timeoutMs = CHECK_TIMEOUT_MS }: { fetch?: typeof globalThis.fetch; timeoutMs?: number } = {},
): Promise<EndpointCheck> {
  const base = (settings.baseURL ?? OPENAI_BASE_URL).replace(/\/+$/, '');
  const host = new URL(base).host;
  let response: Response;
  try {
    response = await fetch(`${base}/models`, { headers: { authorization: `Bearer ${settings.apiKey}` }, signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    const why = error instanceof Error && error.name === 'TimeoutError' ? `no answer within ${timeoutMs / 1000} s` : 'connection failed';
    return { ok: false, problem: 'unreachable', detail: `${host}: ${why}` };
  }
  if (response.status === 401 || response.status === 403) {
    return { ok: false, problem: 'rejected_key', detail: `${host} answered ${response.status}` };
  }
  if (!response.ok) return { ok: false, problem: 'unreachable', detail: `${host} answered ${response.status}` };
  const body = (await response.json().catch(() => undefined)) as { data?: Array<{ id?: unknown }> } | undefined;
  const offered = Array.isArray(body?.data) ? body.data.map((model) => model.id) : undefined;
  // An endpoint that does not list its models is taken at its word; one that lists them must list ours.
  if (offered && offered.length > 0 && !offered.includes(settings.modelId)) {
    return { ok: false, problem: 'unknown_model', detail: `${host} does not offer ${settings.modelId}` };
  }
  return { ok: true };
}

/**
 * At startup, for a real model service: a refused key or an unknown model stops startup naming
 * the variable; an unreachable endpoint starts the server with the health saying so.
 */
export async function checkModelAtStartup(
  settings: Extract<ModelChoice, { mode: 'openai' }>,
  onUnreachable: (detail: string) => void,
  options?: Parameters<typeof checkModelEndpoint>[1],
): Promise<ModelHealth> {
  const check = await checkModelEndpoint(settings, options);
  if (check.ok) return createModelHealth('ok');
  if (check.problem === 'rejected_key') throw new ConfigError([`OPENAI_API_KEY was refused: ${check.detail}`]);
  if (check.problem === 'unknown_model') throw new ConfigError([`MODEL: ${check.detail}`]);
  onUnreachable(check.detail);
  return createModelHealth('unreachable');
}
