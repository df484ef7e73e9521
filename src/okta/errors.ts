// Turns anything the Okta SDK throws into one coded OktaError: errorCode first, then HTTP status,
// then transport failures. Messages carry Okta's summary, never tokens or reset links.

export const OKTA_ERROR_CODES = [
  'okta_not_found',
  'okta_wrong_state',
  'okta_forbidden',
  'okta_invalid_token',
  'okta_rate_limited',
  'okta_timeout',
  'okta_unavailable',
  'okta_bad_request',
] as const;

export type OktaErrorCode = (typeof OKTA_ERROR_CODES)[number];

/** A step of a multi-call operation that Okta completed before a later step failed. */
export type CompletedStep = { step: string; requestId?: string };

export type OktaErrorDetails = {
  oktaErrorCode?: string;
  requestId?: string;
  status?: number;
  cause?: unknown;
  completedSteps?: CompletedStep[];
};

export class OktaError extends Error {
  readonly code: OktaErrorCode;
  /** Okta's E0000xxx code, when Okta sent one. */
  readonly oktaErrorCode?: string;
  /** x-okta-request-id of the failed call (or Okta's errorId when the header is missing). */
  readonly requestId?: string;
  readonly status?: number;
  /** Steps that did happen before the failure (e.g. lock: suspended, then ending sessions failed). */
  readonly completedSteps?: CompletedStep[];

  constructor(code: OktaErrorCode, message: string, details: OktaErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'OktaError';
    this.code = code;
    this.oktaErrorCode = details.oktaErrorCode;
    this.requestId = details.requestId;
    this.status = details.status;
    this.completedSteps = details.completedSteps;
  }
}

export type ErrorHint = {
  /** The call was a lifecycle transition: E0000001 then means "not allowed in this status". */
  lifecycle?: boolean;
};

const BY_OKTA_CODE: Record<string, OktaErrorCode> = {
  E0000007: 'okta_not_found',
  E0000016: 'okta_wrong_state',
  E0000032: 'okta_wrong_state',
  E0000038: 'okta_wrong_state',
  E0000006: 'okta_forbidden',
  E0000011: 'okta_invalid_token',
  E0000047: 'okta_rate_limited',
};

/** Maps any thrown value to an OktaError (an OktaError passes through unchanged). */
export function toOktaError(err: unknown, hint: ErrorHint = {}): OktaError {
  if (err instanceof OktaError) return err;
  const api = readApiError(err);
  if (api) {
    const code = codeFor(api.errorCode, api.status, hint);
    const what = [api.errorCode, api.summary].filter(Boolean).join(' ');
    return new OktaError(code, `Okta answered ${api.status}${what ? ` ${what}` : ''}`, {
      oktaErrorCode: api.errorCode,
      requestId: api.requestId,
      status: api.status,
      cause: err,
    });
  }
  return transportError(err);
}

function codeFor(errorCode: string | undefined, status: number, hint: ErrorHint): OktaErrorCode {
  if (errorCode === 'E0000001') return hint.lifecycle ? 'okta_wrong_state' : 'okta_bad_request';
  const known = errorCode ? BY_OKTA_CODE[errorCode] : undefined;
  if (known) return known;
  if (status === 401) return 'okta_invalid_token';
  if (status === 403) return 'okta_forbidden';
  if (status === 404) return 'okta_not_found';
  if (status === 408) return 'okta_timeout';
  if (status === 429) return 'okta_rate_limited';
  if (status >= 500) return 'okta_unavailable';
  if (status >= 400) return 'okta_bad_request';
  return 'okta_unavailable';
}

type ApiErrorFacts = { status: number; errorCode?: string; summary: string; requestId?: string };

/** OktaApiError / HttpError (node-fetch Headers) and the generated ApiException (plain headers, `code`). */
function readApiError(err: unknown): ApiErrorFacts | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const e = err as Record<string, unknown>;
  const isHttp = e.name === 'OktaApiError' || e.name === 'HttpError';
  const isApiException = typeof e.code === 'number' && 'body' in e;
  if (!isHttp && !isApiException) return undefined;
  const status = Number(isHttp ? e.status : e.code);
  if (!Number.isInteger(status)) return undefined;
  const body = (isApiException && typeof e.body === 'object' && e.body !== null ? e.body : e) as Record<string, unknown>;
  const errorCode = typeof body.errorCode === 'string' ? body.errorCode : undefined;
  const causes = Array.isArray(body.errorCauses)
    ? body.errorCauses.map((c) => (c as { errorSummary?: unknown })?.errorSummary).filter((s) => typeof s === 'string')
    : [];
  const summary = [typeof body.errorSummary === 'string' ? body.errorSummary : '', ...causes].filter(Boolean).join('. ');
  const errorId = typeof body.errorId === 'string' ? body.errorId : undefined;
  return { status, errorCode, summary: e.name === 'HttpError' ? '' : summary, requestId: header(e.headers, 'x-okta-request-id') ?? errorId };
}

function header(headers: unknown, name: string): string | undefined {
  if (!headers || typeof headers !== 'object') return undefined;
  const h = headers as { get?: (n: string) => string | null } & Record<string, unknown>;
  const value = typeof h.get === 'function' ? h.get(name) : h[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'ESOCKETTIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT']);

/** node-fetch FetchError (type request-timeout/system), AbortError, or the executor's own 429 errors. */
function transportError(err: unknown): OktaError {
  const e = (typeof err === 'object' && err !== null ? err : {}) as Record<string, unknown>;
  const message = typeof e.message === 'string' ? e.message : '';
  // DefaultRequestExecutor rejects with plain Errors when a 429 wait would outlast the request timeout.
  if (message.includes('retry delay would exceed')) {
    return new OktaError('okta_rate_limited', 'Okta rate limit: the retry wait is longer than the request timeout', { status: 429, cause: err });
  }
  const sysCode = typeof e.code === 'string' ? e.code : typeof e.errno === 'string' ? e.errno : undefined;
  const timedOut =
    e.name === 'AbortError' ||
    e.name === 'TimeoutError' ||
    e.type === 'request-timeout' ||
    e.type === 'body-timeout' ||
    (sysCode !== undefined && TIMEOUT_CODES.has(sysCode)) ||
    message.includes('time exceeded');
  if (timedOut) return new OktaError('okta_timeout', 'Okta did not answer in time', { cause: err });
  const reason = sysCode ? ` (${sysCode})` : e.name === 'FetchError' ? '' : ': unreadable answer';
  return new OktaError('okta_unavailable', `Okta could not be reached${reason}`, { cause: err });
}
