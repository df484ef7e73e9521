// Public surface of the Okta layer: the client factory, the startup check, the directory and its errors.
export { createOktaClient, verifyOktaAccess } from './client.js';
export type { OktaClientOptions, OktaClientSettings } from './client.js';
export { createDirectory } from './directory.js';
export { OKTA_ERROR_CODES, OktaError, toOktaError } from './errors.js';
export type { CompletedStep, ErrorHint, OktaErrorCode } from './errors.js';
export { OKTA_USER_STATUSES, PUSH_RESULTS } from './types.js';
export type {
  Directory,
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
  WriteReceipt,
} from './types.js';
