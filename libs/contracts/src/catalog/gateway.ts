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
});

export const gatewayCatalog = {
  rpc: {},
  events: eventCatalog({
    'events.security.refused': {
      payload: securityEvent,
      retry: { maxDeliver: 5, backoffMs: [1_000, 5_000, 30_000] },
      // A flood of refusals, or a content rule hitting on every message, stores a message per window.
      batch: EVENT_BATCH,
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
