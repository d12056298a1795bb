import type { DB } from '@parley/db';
import { type Kysely, sql } from 'kysely';

/**
 * Where a turn's tokens are counted for one UTC day: the tenant's row (link and visitor empty), a
 * link's (visitor empty) and a visitor's of that link (docs/management-api.md "Cost guards").
 */
export interface UsageKeys {
  tenantId: string;
  /** 'YYYY-MM-DD', UTC. */
  day: string;
  /** A link conversation's link; undefined for the Text Chat API. */
  linkId?: string | undefined;
  /** The SHA-256 naming the link's visitor (see visitorKeyOf); only with linkId. */
  visitor?: string | undefined;
}

/** One row's addition: whose, which day, and how many tokens. */
export interface UsageRow {
  tenant_id: string;
  day: string;
  link_id: string;
  visitor: string;
  tokens: number;
}

/** What the day has spent so far, per row. */
export interface DaySpent {
  tenant: number;
  link: number;
  visitor: number;
}

/** The keys' rows as the table holds them: the tenant's, then the link's and its visitor's when given. */
function rowsOf(keys: UsageKeys): { link_id: string; visitor: string }[] {
  const rows = [{ link_id: '', visitor: '' }];
  if (keys.linkId !== undefined) {
    rows.push({ link_id: keys.linkId, visitor: '' });
    if (keys.visitor !== undefined) rows.push({ link_id: keys.linkId, visitor: keys.visitor });
  }
  return rows;
}

/** SQL for token_usage_daily, which the sessions service owns. */
export class TokenUsageRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** The day's tokens of the tenant, the link and the visitor, in one read (0 where nothing was spent). */
  async spent(keys: UsageKeys): Promise<DaySpent> {
    const rows = await this.db
      .selectFrom('token_usage_daily')
      .select(['link_id', 'visitor', 'tokens'])
      .where('tenant_id', '=', keys.tenantId)
      .where('day', '=', keys.day)
      .where((eb) => eb.or(rowsOf(keys).map((row) => eb.and([eb('link_id', '=', row.link_id), eb('visitor', '=', row.visitor)]))))
      .execute();
    const spent: DaySpent = { tenant: 0, link: 0, visitor: 0 };
    for (const row of rows) {
      const tokens = Number(row.tokens);
      if (row.link_id === '') spent.tenant = tokens;
      else if (row.visitor === '') spent.link = tokens;
      else spent.visitor = tokens;
    }
    return spent;
  }

  /** The rows a turn's tokens are added to: the tenant's, and the link's and its visitor's when given. */
  rowsFor(keys: UsageKeys, tokens: number): UsageRow[] {
    return rowsOf(keys).map((row) => ({ tenant_id: keys.tenantId, day: keys.day, ...row, tokens }));
  }

  /** Adds tokens to each row, in one statement (rows are created on first use); one entry per row. */
  async addRows(rows: UsageRow[]): Promise<void> {
    if (rows.length === 0) return;
    await this.db
      .insertInto('token_usage_daily')
      .values(rows)
      .onConflict((oc) => oc.columns(['tenant_id', 'day', 'link_id', 'visitor']).doUpdateSet({ tokens: sql`token_usage_daily.tokens + excluded.tokens` }))
      .execute();
  }

  /** Retention: days before `day` are no longer checked against anything. */
  async purgeBefore(day: string): Promise<number> {
    const result = await this.db.deleteFrom('token_usage_daily').where('day', '<', day).executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  /** Erasure: a visitor's rows in a tenant, by the keys naming them. */
  async eraseVisitor(tenantId: string, visitors: string[]): Promise<number> {
    if (visitors.length === 0) return 0;
    const result = await this.db.deleteFrom('token_usage_daily').where('tenant_id', '=', tenantId).where('visitor', 'in', visitors).executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
