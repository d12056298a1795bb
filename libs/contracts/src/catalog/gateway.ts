import { z } from 'zod';
import { auditRecorded, } from '../audit.js';

import { eventCatalog, } from './define.js';

/** The events the gateway publishes: refusals at the edge and management changes for the audit log. */

const _tenantId = z.uuid();

/** A refusal at the edge, recorded for analytics (no IP: a salted hash at most). */
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
