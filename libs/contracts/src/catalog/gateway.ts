import { z } from 'zod';
import { auditRecorded } from '../audit.js';

import { EVENT_BATCH, eventCatalog } from './define.js';

/** The events the gateway publishes: refusals at the edge and management changes for the audit log. */

const _tenantId = z.uuid();

/** A refusal or a content rule's hit, recorded for analytics (no IP, no message text). */
export const securityEvent = z.object({
  /** Unique per refusal: a redelivered event is stored once. */
  id: z.uuid(),
  kind: z.enum([
    'rate_limited',
    'quota_exceeded',
    'forbidden_origin',
    'forbidden_ip',
    'invalid_token',
    'verification_failed',
    'passcode_failed',
    /** A link's budget of wrong passcodes, or of wrong verification codes, was spent: that check is paused for everyone. */
    'passcode_lockout',
    'verification_lockout',
    /** A visitor's message met a content rule that blocks: it was refused and stored nowhere. */
    'content_blocked',
    /** A visitor's message had personal data taken out before it was stored or sent on. */
    'content_redacted',
    /** A visitor's message met a content rule that flags: it went on, and the hit was counted. */
    'content_flagged',
    /** A visitor's address is in a country the link does not allow. */
    'country',
    /** A link's, a visitor's or a tenant's token budget was spent: the turn made no LLM call. */
    'budget_exhausted',
    /** A session's first request came without a valid proof of work. */
    'challenge_failed',
  ]),
  tenantId: z.string().nullable(),
  linkId: z.string().nullable(),
  at: z.string(),
  /**
   * How many refusals of this kind, of this tenant and link, the event stands for (EventSpec.tally:
   * those published within one batch's window, `at` the first's time); absent: one.
   */
  count: z.number().int().min(2).max(1_000_000).optional(),
});
type SecurityEvent = z.infer<typeof securityEvent>;

/** Refusals alike for analytics: of one kind, tenant and link (free text, or none: no two run together). */
const refusalKey = (event: SecurityEvent): string => JSON.stringify([event.kind, event.tenantId, event.linkId]);
/** Two tallies of alike refusals as one, the first's id and time kept. */
const mergeRefusals = (into: SecurityEvent, next: SecurityEvent): SecurityEvent => ({
  ...into,
  count: Math.min(1_000_000, (into.count ?? 1) + (next.count ?? 1)),
});

export const gatewayCatalog = {
  rpc: {},
  events: eventCatalog({
    'events.security.refused': {
      payload: securityEvent,
      retry: { maxDeliver: 5, backoffMs: [1_000, 5_000, 30_000] },
      // A flood of refusals, or a content rule hitting on every message, stores a message per window,
      // and alike refusals within it are one event with their count (docs/public-chat-api.md "Security events").
      batch: EVENT_BATCH,
      tally: { key: refusalKey, merge: mergeRefusals },
    },
    /** A management change succeeded: the links service appends it to the audit log, in the order they were made. */
    'events.audit.recorded': {
      payload: auditRecorded,
      retry: { maxDeliver: 20, backoffMs: [1_000, 5_000, 30_000] },
      ordered: true,
    },
  }),
  broadcasts: {},
};
