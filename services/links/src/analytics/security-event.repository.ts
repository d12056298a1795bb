import { type DB, StatementGroups } from '@parley/db';
import { type Kysely, sql } from 'kysely';

export interface SecurityEventRecord {
  id: string;
  kind: string;
  tenantId: string | null;
  linkId: string | null;
  at: string;
  /** How many alike refusals the event stands for; absent: one. */
  count?: number | undefined;
}

/** The most events one statement stores; more wait for the next. */
const MAX_EVENTS_PER_STATEMENT = 1_000;

/** SQL for the stored refusals at the public edge (table security_events, owned by this service). */
export class SecurityEventRepository {
  /**
   * A flood of refusals, or a content rule hitting every message, is stored many events to a
   * statement (StatementGroups). A group PostgreSQL refused is stored event by event, so one
   * event's failure is its own; one whose answer was lost with its connection fails each event,
   * whose delivery then comes again and is stored once by its id.
   */
  private readonly writes: StatementGroups<SecurityEventRecord, undefined>;

  constructor(private readonly db: Kysely<DB>) {
    this.writes = new StatementGroups(
      async (events) => {
        await this.storeAll(events);
        return events.map(() => undefined);
      },
      { maxGroup: MAX_EVENTS_PER_STATEMENT },
    );
  }

  /** Idempotent by the event's id: a redelivered event is stored once. Resolves once it is committed. */
  store(event: SecurityEventRecord): Promise<void> {
    return this.writes.add(event);
  }

  /**
   * The group as one column an array (unnest): the statement's text is the same for any number of
   * events, where a row of parameters each would be compiled anew for every group's size.
   */
  private async storeAll(events: SecurityEventRecord[]): Promise<void> {
    await sql`
      INSERT INTO security_events (id, kind, tenant_id, link_id, occurred_at, count)
      SELECT * FROM unnest(${events.map((e) => e.id)}::uuid[], ${events.map((e) => e.kind)}::text[], ${events.map((e) => e.tenantId)}::uuid[],
        ${events.map((e) => e.linkId)}::text[], ${events.map((e) => e.at)}::timestamptz[], ${events.map((e) => e.count ?? 1)}::int[])
      ON CONFLICT (id) DO NOTHING`.execute(this.db);
  }
}
