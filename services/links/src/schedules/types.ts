import type { BulkCreateBody, BulkCreated } from '@parley/contracts';

/** What a schedule's run needs of the links: make them in bulk and send them (distribution/bulk-link.service.ts). */
export interface BulkLinkMaker {
  createAndSend(
    tenantId: string,
    agentName: string,
    body: BulkCreateBody,
    publicBaseUrl: string,
    options?: { awaitFirstAttempts?: boolean },
  ): Promise<BulkCreated>;
}
