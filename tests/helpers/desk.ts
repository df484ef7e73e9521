// Builds the real help desk (policy, audit log, pending actions, reset-link vault) on a fresh
// temporary database, around whatever directory the test provides.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAuditLog } from '../../src/audit/index.js';
import { createDesk } from '../../src/helpdesk/desk.js';
import { createPendingActionStore, type PendingAction } from '../../src/helpdesk/pending-actions.js';
import { createResetLinkVault } from '../../src/helpdesk/reset-link-vault.js';
import type { VerificationTiming } from '../../src/helpdesk/verification.js';
import type { Directory } from '../../src/okta/index.js';
import { DEFAULT_POLICY, type HelpdeskPolicy } from '../../src/policy/index.js';

export function tempDatabaseUrl(): string {
  return `file:${join(mkdtempSync(join(tmpdir(), 'helpdesk-test-')), 'helpdesk.db')}`;
}

export async function createTestDesk(
  directory: Directory,
  {
    now,
    policy = DEFAULT_POLICY,
    helpdeskChannel,
    verification,
    databaseUrl = tempDatabaseUrl(),
  }: { now?: () => number; policy?: HelpdeskPolicy; helpdeskChannel?: string; verification?: VerificationTiming; /** Another desk's database: a restart. */ databaseUrl?: string } = {},
) {
  const audit = await createAuditLog(databaseUrl);
  const pending = await createPendingActionStore(databaseUrl, now);
  const resetLinks = createResetLinkVault(now);
  const desk = createDesk({ directory, resetLinks, policy, audit, pending, now, helpdeskChannel, verification });
  return { desk, audit, pending, resetLinks, databaseUrl };
}

/** A stored confirmation card (Sam asks to lock Jane), for card-rendering tests; override any field. */
export const pendingAction = (overrides: Partial<PendingAction> = {}): PendingAction => ({
  id: 'pa_card1',
  kind: 'confirm',
  action: { kind: 'lock', targetEmail: 'jane.doe@acme.example' },
  requester: { email: 'sam.rivera@acme.example', slackUserId: 'U0SAM' },
  approverRoles: [],
  status: 'pending',
  createdAt: 1_000,
  expiresAt: 1_000 + 10 * 60_000,
  cards: [],
  ...overrides,
});
