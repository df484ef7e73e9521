// Public surface of the Okta layer: the client factory, the startup check, the directory, its errors,
// and the record of the Okta calls a piece of work made (the sources of an answer).
export { oktaCallsSoFar, recordOktaCalls, type OktaCall } from './calls.js';
export { createOktaClient, verifyOktaAccess } from './client.js';
export type { OktaClientOptions, OktaClientSettings } from './client.js';
export { createDirectory, LIST_CAP } from './directory.js';
export { OKTA_ERROR_CODES, OktaError, toOktaError } from './errors.js';
export type { CompletedStep, ErrorHint, OktaErrorCode } from './errors.js';
export { OKTA_USER_STATUSES, PUSH_RESULTS } from './types.js';
export type {
  Directory,
  DirectoryApp,
  DirectoryAppLink,
  DirectoryFactor,
  DirectoryGroup,
  DirectoryLogEvent,
  DirectoryUser,
  LockReceipt,
  LogEventSelector,
  LogWindow,
  OktaUserStatus,
  PasswordResetLink,
  PushChallenge,
  PushResult,
  UnlockReceipt,
  UserQuery,
  UserQueryResult,
  WriteReceipt,
} from './types.js';
