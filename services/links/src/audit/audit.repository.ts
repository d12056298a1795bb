import type { AuditRecorded } from '@parley/contracts';
import type { DB } from '@parley/db';
import { type Kysely, sql } from 'kysely';
import { type ChainedContent, entryHash, GENESIS_HASH } from './audit-chain.js';

/** A point of the chain: an entry's seq (decimal text) and hash. */
export interface ChainPoint {
  seq: string;
  hash: string;
}

/** Serialises appends: the chain has one head, so two appends must not read the same one. */
const CHAIN_LOCK = 7_311_409;

export interface AuditFilter {
  tenantId?: string | undefined;
  action?: string | undefined;
  actor?: string | undefined;
  target?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  before?: string | undefined;
  limit: number;
}

const toIso = (value: Date | string) => new Date(value).toISOString();

/** SQL of the audit log (links service): append under the chain lock, read, walk the chain. */
export class AuditRepository {
  /** `chainKey`: the key every entry's hash is made with (derived from AUDIT_KEY). */
  constructor(
    private readonly db: Kysely<DB>,
    private readonly chainKey: Buffer,
  ) {}

  /**
   * Appends an entry once (a redelivered event is skipped by its event id), chained to the head.
   * Returns the new head, or undefined when the event was already appended.
   */
  append(event: AuditRecorded, id: string): Promise<ChainPoint | undefined> {
    return this.db.transaction().execute(async (trx) => {
      await sql`SELECT pg_advisory_xact_lock(${CHAIN_LOCK})`.execute(trx);
      const seen = await trx.selectFrom('audit_entries').select('seq').where('event_id', '=', event.eventId).executeTakeFirst();
      if (seen) return undefined;
      const head = await trx.selectFrom('audit_entries').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
      const content: ChainedContent = {
        id,
        at: toIso(event.at),
        tenant_id: event.tenantId,
        actor: event.actor,
        action: event.action,
        target_kind: event.target.kind,
        target_id: event.target.id,
        ip: event.ip,
        details: event.details,
      };
      const prevHash = head?.hash ?? GENESIS_HASH;
      const seq = String(BigInt(head?.seq ?? '0') + 1n);
      const hash = entryHash(this.chainKey, prevHash, content);
      await trx
        .insertInto('audit_entries')
        .values({
          seq,
          id,
          event_id: event.eventId,
          at: content.at,
          tenant_id: event.tenantId,
          actor: JSON.stringify(event.actor),
          action: event.action,
          target_kind: event.target.kind,
          target_id: event.target.id,
          ip: event.ip,
          details: JSON.stringify(event.details),
          prev_hash: prevHash,
          hash,
        })
        .execute();
      return { seq, hash };
    });
  }

  /** The entry at `seq`, as a chain point; undefined when there is none. */
  async at(seq: string): Promise<ChainPoint | undefined> {
    const row = await this.db.selectFrom('audit_entries').select(['seq', 'hash']).where('seq', '=', seq).executeTakeFirst();
    return row ? { seq: String(row.seq), hash: row.hash } : undefined;
  }

  /** The last entry written before the chain was keyed ('0' when none was): only up to it is a plain SHA-256 hash accepted. */
  async legacyUntil(): Promise<string> {
    const row = await this.db.selectFrom('audit_legacy_prefix').select('last_seq').executeTakeFirst();
    return String(row?.last_seq ?? '0');
  }

  list(filter: AuditFilter) {
    let query = this.db
      .selectFrom('audit_entries')
      .selectAll()
      .orderBy('seq', 'desc')
      .limit(filter.limit + 1);
    if (filter.tenantId !== undefined) query = query.where('tenant_id', '=', filter.tenantId);
    if (filter.action !== undefined) query = query.where('action', '=', filter.action);
    if (filter.target !== undefined) query = query.where('target_id', '=', filter.target);
    if (filter.actor !== undefined) {
      const actor = filter.actor;
      query = query.where((eb) => eb.or([eb(sql`actor->>'key_id'`, '=', actor), eb(sql`actor->>'id'`, '=', actor), eb(sql`actor->>'kind'`, '=', actor)]));
    }
    if (filter.from !== undefined) query = query.where('at', '>=', new Date(filter.from));
    if (filter.to !== undefined) query = query.where('at', '<', new Date(filter.to));
    if (filter.before !== undefined) query = query.where('seq', '<', filter.before);
    return query.execute();
  }

  /** The whole chain in order, a page at a time: what verifying walks. */
  page(afterSeq: string, limit: number) {
    return this.db.selectFrom('audit_entries').selectAll().where('seq', '>', afterSeq).orderBy('seq').limit(limit).execute();
  }
}
