import { randomUUID } from 'node:crypto';
import type { PlatformBus } from '@parley/bus';
import type { securityEvent } from '@parley/contracts';
import type { Logger } from '@parley/logger';
import type { z } from 'zod';

export type RefusalKind = z.infer<typeof securityEvent>['kind'];

/** Which link a refusal was about, when one was resolved. */
export interface RefusalSubject {
  tenantId: string;
  linkId: string;
}

/**
 * Publishes a refusal at the public edge as a `security.refused` event (stored by the links
 * service for analytics). Never waits and never fails the request it describes: a refusal must
 * stay cheap even under a flood, and a bus outage must not turn a 429 into a 503. No address is
 * sent.
 */
export function recordRefusal(bus: PlatformBus, logger: Logger, kind: RefusalKind, subject: RefusalSubject | undefined): void {
  bus
    .publish('events.security.refused', {
      id: randomUUID(),
      kind,
      tenantId: subject?.tenantId ?? null,
      linkId: subject?.linkId ?? null,
      at: new Date().toISOString(),
    })
    .catch((error: unknown) => {
      logger.warn({ kind, reason: error instanceof Error ? error.message : String(error) }, 'security event not published');
    });
}
