import { type DB, GroupedWrites } from '@parley/db';
import type { Kysely } from 'kysely';

export interface SecurityEventRecord {
  id: string;
  kind: string;
  tenantId: string | null;
  linkId: string | null;
  at: string;
}

/** SQL for the stored refusals at the public edge (table security_events, owned by this service). */
export class SecurityEventRepository {
  /** A flood of refusals, or a content rule hitting every message, is stored many events to a statement. */
  private readonly writes: GroupedWrites<SecurityEventRecord>;

  constructor(private readonly db: Kysely<DB>) {
    this.writes = new GroupedWrites((events) => this.storeAll(events));
  }

  /** Idempotent by the event's id: a redelivered event is stored once. Resolves once it is committed. */
  store(event: SecurityEventRecord): Promise<void> {
    return this.writes.add(event);
  }

  private async storeAll(events: SecurityEventRecord[]): Promise<void> {
    await this.db
      .insertInto('security_events')
      .values(events.map((event) => ({ id: event.id, kind: event.kind, tenant_id: event.tenantId, link_id: event.linkId, occurred_at: event.at })))
      .onConflict((conflict) => conflict.column('id').doNothing())
      .execute();
  }
}
