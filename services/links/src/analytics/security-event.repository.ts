import type { DB } from '@parley/db';
import type { Kysely } from 'kysely';

/** SQL for the stored refusals at the public edge (table security_events, owned by this service). */
export class SecurityEventRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** Idempotent by the event's id: a redelivered event is stored once. */
  async store(event: { id: string; kind: string; tenantId: string | null; linkId: string | null; at: string }): Promise<void> {
    await this.db
      .insertInto('security_events')
      .values({ id: event.id, kind: event.kind, tenant_id: event.tenantId, link_id: event.linkId, occurred_at: event.at })
      .onConflict((conflict) => conflict.column('id').doNothing())
      .execute();
  }
}
