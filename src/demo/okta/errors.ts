// Okta's error body ({errorCode, errorSummary, errorLink, errorId, errorCauses}) and the codes the
// demo org answers with, worded as in tests/fixtures/okta (error-codes.subset.json and recordings).
import { randomToken } from './format.js';

export type OktaErrorBody = {
  errorCode: string;
  errorSummary: string;
  errorLink: string;
  errorId: string;
  errorCauses: Array<{ errorSummary: string }>;
};

/** Thrown by handlers; the server turns it into the HTTP answer. */
export class OktaHttpError extends Error {
  readonly body: OktaErrorBody;

  constructor(
    readonly status: number,
    errorCode: string,
    errorSummary: string,
    causes: string[] = [],
  ) {
    super(`${status} ${errorCode} ${errorSummary}`);
    this.name = 'OktaHttpError';
    this.body = {
      errorCode,
      errorSummary,
      errorLink: errorCode,
      errorId: `oae${randomToken(22)}`,
      errorCauses: causes.map((cause) => ({ errorSummary: cause })),
    };
  }
}

export const invalidToken = () => new OktaHttpError(401, 'E0000011', 'Invalid token provided');

export const rateLimited = () =>
  new OktaHttpError(429, 'E0000047', 'API call exceeded rate limit due to too many requests.');

export const notFound = (what: string, kind: 'User' | 'UserGroup' | 'AppInstance' | 'Resource') =>
  new OktaHttpError(404, 'E0000007', `Not found: Resource not found: ${what} (${kind})`);

export const methodNotAllowed = () =>
  new OktaHttpError(405, 'E0000022', 'The endpoint does not support the provided HTTP method');

export const validationFailed = (field: string, cause: string) =>
  new OktaHttpError(400, 'E0000001', `Api validation failed: ${field}`, [cause]);

export const accessDenied = () =>
  new OktaHttpError(403, 'E0000006', 'You do not have permission to perform the requested action');

/** Not in the fixture subset: E0000031 is the code Okta's public catalogue gives invalid search criteria. */
export const invalidSearch = (cause: string) => new OktaHttpError(400, 'E0000031', 'Invalid search criteria.', [cause]);

export const notLockedOut = () =>
  new OktaHttpError(403, 'E0000032', 'Unlock is not allowed for this user.', ['The user is not locked out.']);

export const alreadyActive = () =>
  new OktaHttpError(403, 'E0000016', 'Activation failed because the user is already active');

export const wrongStatus = () =>
  new OktaHttpError(403, 'E0000038', "This operation is not allowed in the user's current status.");
