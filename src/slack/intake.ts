// The one step both Slack doors share once an envelope is trusted (HTTP: its signature was checked;
// Socket Mode: it came over the connection the app-level token opened): an Events API body is the
// url_verification handshake, an ignore, or a durable enqueue in the inbox that must succeed before
// the door acknowledges; a card click is handed to the click runner. No transport here: each door
// turns the outcome into its own answer (an HTTP status, a socket ack or none).
import type { IMastraLogger } from '@mastra/core/logger';
import { classifyEnvelope } from './events.js';
import type { Inbox } from './inbox.js';
import type { CardClick, ParsedInteraction } from './interactions.js';
import { isOurEnvelope, type EnvelopeOrigin, type SlackWorkspace } from './workspace.js';

export type IntakeDeps = {
  inbox: Pick<Inbox, 'enqueue'>;
  worker: { wake(): void };
  logger: IMastraLogger;
  botUserId?: string;
  /** Envelopes from another workspace or app are refused, even when signed with our secret. */
  workspace: SlackWorkspace;
  /** Verified card clicks go here, to run after the ack; false means not taking clicks. */
  clicks: { accept(click: CardClick): boolean };
};

/** Slack's redelivery marks: X-Slack-Retry-Num/-Reason over HTTP, retry_attempt/retry_reason in Socket Mode. */
export type Redelivery = { retryNum?: string | number | null; retryReason?: string | null };

/** `stored` includes a redelivered event the inbox already holds; `not_stored` must not be acknowledged. */
export type EventIntake = { kind: 'url_verification'; challenge: string } | { kind: 'ignored' } | { kind: 'stored' } | { kind: 'not_stored' };

export type ClickIntake = 'ignored' | 'accepted' | 'not_taking_clicks';

export type Intake = {
  event(body: Record<string, unknown>, redelivery: Redelivery): Promise<EventIntake>;
  interaction(parsed: Exclude<ParsedInteraction, { kind: 'malformed' }>): ClickIntake;
};

export function createIntake(deps: IntakeDeps): Intake {
  const { logger } = deps;
  /** True when the envelope is ours; otherwise logs the refusal (ids only, never text). */
  const ours = (origin: EnvelopeOrigin, what: 'event' | 'interaction', id?: unknown) => {
    if (isOurEnvelope(deps.workspace, origin)) return true;
    logger.warn(`Refused a Slack ${what} from another workspace or app`, { eventId: id, ...origin });
    return false;
  };
  const str = (value: unknown) => (typeof value === 'string' ? value : undefined);
  return {
    async event(body, redelivery) {
      const classified = classifyEnvelope(body, { botUserId: deps.botUserId });
      if (classified.kind === 'url_verification') return classified;
      const origin = { teamId: str(body.team_id), enterpriseId: str(body.enterprise_id), appId: str(body.api_app_id) };
      if (classified.kind === 'handled' && !ours(origin, 'event', body.event_id)) return { kind: 'ignored' };
      if (classified.kind === 'ignored') {
        logger.debug('Ignored a Slack event', { eventId: body.event_id, reason: classified.reason });
        return { kind: 'ignored' };
      }

      const { work } = classified;
      try {
        const { inserted } = await deps.inbox.enqueue(work);
        if (inserted) deps.worker.wake();
        else logger.debug('Duplicate Slack event acknowledged', { eventId: work.eventId, ...redelivery });
      } catch (error) {
        // Not stored means not acknowledged: Slack's retry is the recovery.
        logger.error('Could not store a Slack event', { eventId: work.eventId, error: error instanceof Error ? error.name : 'unknown' });
        return { kind: 'not_stored' };
      }
      return { kind: 'stored' };
    },
    interaction(parsed) {
      if (parsed.kind === 'ignored') {
        logger.debug('Ignored a Slack interaction', { reason: parsed.reason });
        return 'ignored';
      }
      if (!ours(parsed.origin, 'interaction')) return 'ignored';
      return deps.clicks.accept(parsed.click) ? 'accepted' : 'not_taking_clicks';
    },
  };
}
