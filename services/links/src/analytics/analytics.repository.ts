import type { DB } from '@parley/db';
import { type Kysely, sql } from 'kysely';
import type { Rollup } from './rollup.js';

/** Which rows a report reads: one link's, or all of an agent's (its links and its Text Chat API). */
export type AnalyticsScope = { kind: 'link'; linkId: string } | { kind: 'agent'; agentId: string };

export interface BucketTotals {
  at: Date;
  started: number;
  completed: number;
  abandoned: number;
  expired: number;
  escalated: number;
  resolved: number;
  user: number;
  assistant: number;
  operator: number;
  rate_limited: number;
  quota_exceeded: number;
  forbidden_origin: number;
  forbidden_ip: number;
  invalid_token: number;
  verification_failed: number;
  passcode_lockout: number;
  verification_lockout: number;
  content_blocked: number;
  content_redacted: number;
  content_flagged: number;
  country: number;
  budget_exhausted: number;
  challenge_failed: number;
  tokens_prompt: number;
  tokens_completion: number;
  sentiment_positive: number;
  sentiment_neutral: number;
  sentiment_negative: number;
  sentiment_sum: number;
  feedback_up: number;
  feedback_down: number;
  csat_sum: number;
  csat_responses: number;
  response_hist: number[];
  session_hist: number[];
}

/** One agent version's counters over a window. */
export interface VersionTotals {
  version: number;
  started: number;
  completed: number;
  abandoned: number;
  expired: number;
  escalated: number;
  resolved: number;
  tokens: number;
  csat_sum: number;
  csat_responses: number;
  response_hist: number[];
}

const counters = [
  'sessions_started',
  'sessions_completed',
  'sessions_abandoned',
  'sessions_expired',
  'sessions_escalated',
  'sessions_resolved',
  'messages_user',
  'messages_assistant',
  'messages_operator',
  'refused_rate_limited',
  'refused_quota_exceeded',
  'refused_forbidden_origin',
  'refused_forbidden_ip',
  'refused_invalid_token',
  'refused_verification_failed',
  'refused_passcode_lockout',
  'refused_verification_lockout',
  'refused_content_blocked',
  'refused_content_redacted',
  'refused_content_flagged',
  'refused_country',
  'refused_budget_exhausted',
  'refused_challenge_failed',
  'tokens_prompt',
  'tokens_completion',
  'sentiment_positive',
  'sentiment_neutral',
  'sentiment_negative',
  'sentiment_sum',
  'feedback_up',
  'feedback_down',
  'csat_sum',
  'csat_responses',
] as const;

/** SQL of the analytics rollups (tables analytics_*, owned by the links service). */
export class AnalyticsRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /**
   * Runs reads on one snapshot (a read-only repeatable-read transaction): a report's counts,
   * visitors and countries then come from the same applied batches, never half of one.
   */
  snapshot<T>(read: (repository: AnalyticsRepository) => Promise<T>): Promise<T> {
    return this.db
      .transaction()
      .setIsolationLevel('repeatable read')
      .setAccessMode('read only')
      .execute((trx) => read(new AnalyticsRepository(trx)));
  }

  /**
   * Applies a batch in one transaction: the event keys not seen before are recorded, and only
   * their events are folded into the rollups. A failure rolls everything back (the events are
   * redelivered); a redelivered event finds its key and counts nothing.
   */
  async apply<E>(events: E[], keyOf: (event: E) => string, fold: (fresh: E[]) => Rollup): Promise<number> {
    return this.db.transaction().execute(async (trx) => {
      const keys = [...new Set(events.map(keyOf))];
      const inserted = await trx
        .insertInto('analytics_applied')
        .columns(['event_key'])
        .expression(sql`SELECT unnest(${keys}::text[])`)
        .onConflict((oc) => oc.column('event_key').doNothing())
        .returning('event_key')
        .execute();
      const fresh = new Set(inserted.map((r) => r.event_key));
      const firstOfKey = events.filter((event) => fresh.delete(keyOf(event)));
      if (firstOfKey.length === 0) return 0;
      const rollup = fold(firstOfKey);
      if (rollup.hourly.length > 0) {
        await trx
          .insertInto('analytics_hourly')
          .values(rollup.hourly)
          .onConflict((oc) =>
            oc.columns(['agent_id', 'link_id', 'agent_version', 'hour']).doUpdateSet((eb) => ({
              ...Object.fromEntries(counters.map((c) => [c, eb(`analytics_hourly.${c}`, '+', eb.ref(`excluded.${c}`))])),
              response_hist: sql`analytics_hist_add(analytics_hourly.response_hist, excluded.response_hist)`,
              session_hist: sql`analytics_hist_add(analytics_hourly.session_hist, excluded.session_hist)`,
            })),
          )
          .execute();
      }
      if (rollup.visitors.length > 0) {
        await trx
          .insertInto('analytics_visitors')
          .values(rollup.visitors)
          .onConflict((oc) =>
            oc.columns(['agent_id', 'link_id', 'day', 'visitor_hash']).doUpdateSet({ verified: sql`analytics_visitors.verified OR excluded.verified` }),
          )
          .execute();
      }
      if (rollup.countries.length > 0) {
        await trx
          .insertInto('analytics_countries')
          .values(rollup.countries)
          .onConflict((oc) =>
            oc
              .columns(['agent_id', 'link_id', 'day', 'country'])
              .doUpdateSet((eb) => ({ sessions: eb('analytics_countries.sessions', '+', eb.ref('excluded.sessions')) })),
          )
          .execute();
      }
      return firstOfKey.length;
    });
  }

  /** Forgets applied keys older than the longest time an event can still be redelivered. */
  async forgetAppliedBefore(before: Date): Promise<number> {
    const result = await this.db.deleteFrom('analytics_applied').where('applied_at', '<', before).executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  /** Which agent a link belongs to (refusals name the link only); undefined for a link deleted meanwhile. */
  async agentsOfLinks(linkIds: string[]): Promise<Map<string, string>> {
    if (linkIds.length === 0) return new Map();
    const rows = await this.db.selectFrom('public_links').select(['id', 'agent_id']).where('id', 'in', linkIds).execute();
    return new Map(rows.map((r) => [r.id, r.agent_id]));
  }

  async linkAgent(tenantId: string, linkId: string): Promise<string | undefined> {
    const row = await this.db.selectFrom('public_links').select('agent_id').where('id', '=', linkId).where('tenant_id', '=', tenantId).executeTakeFirst();
    return row?.agent_id;
  }

  async agentId(tenantId: string, name: string): Promise<string | undefined> {
    const row = await this.db.selectFrom('agents').select('id').where('tenant_id', '=', tenantId).where('name', '=', name).executeTakeFirst();
    return row?.id;
  }

  /** The hourly rows of [from, to) summed per bucket (a day is a UTC day), oldest first. */
  async buckets(scope: AnalyticsScope, from: Date, to: Date, bucket: 'hour' | 'day'): Promise<BucketTotals[]> {
    const sum = (column: (typeof counters)[number]) => sql<number>`sum(${sql.ref(column)})::int`;
    // Tokens add up past int4 over a long window; the sentiment sum is fractional.
    const sumBig = (column: (typeof counters)[number]) => sql<number>`sum(${sql.ref(column)})::int8`;
    const sumReal = (column: (typeof counters)[number]) => sql<number>`sum(${sql.ref(column)})::float8`;
    const rows = await this.db
      .selectFrom('analytics_hourly')
      .select([
        sql<Date>`date_trunc(${bucket}, hour, 'UTC')`.as('at'),
        sum('sessions_started').as('started'),
        sum('sessions_completed').as('completed'),
        sum('sessions_abandoned').as('abandoned'),
        sum('sessions_expired').as('expired'),
        sum('sessions_escalated').as('escalated'),
        sum('sessions_resolved').as('resolved'),
        sum('messages_user').as('user'),
        sum('messages_assistant').as('assistant'),
        sum('messages_operator').as('operator'),
        sum('refused_rate_limited').as('rate_limited'),
        sum('refused_quota_exceeded').as('quota_exceeded'),
        sum('refused_forbidden_origin').as('forbidden_origin'),
        sum('refused_forbidden_ip').as('forbidden_ip'),
        sum('refused_invalid_token').as('invalid_token'),
        sum('refused_verification_failed').as('verification_failed'),
        sum('refused_passcode_lockout').as('passcode_lockout'),
        sum('refused_verification_lockout').as('verification_lockout'),
        sum('refused_content_blocked').as('content_blocked'),
        sum('refused_content_redacted').as('content_redacted'),
        sum('refused_content_flagged').as('content_flagged'),
        sum('refused_country').as('country'),
        sum('refused_budget_exhausted').as('budget_exhausted'),
        sum('refused_challenge_failed').as('challenge_failed'),
        sumBig('tokens_prompt').as('tokens_prompt'),
        sumBig('tokens_completion').as('tokens_completion'),
        sum('sentiment_positive').as('sentiment_positive'),
        sum('sentiment_neutral').as('sentiment_neutral'),
        sum('sentiment_negative').as('sentiment_negative'),
        sumReal('sentiment_sum').as('sentiment_sum'),
        sum('feedback_up').as('feedback_up'),
        sum('feedback_down').as('feedback_down'),
        sum('csat_sum').as('csat_sum'),
        sum('csat_responses').as('csat_responses'),
        sql<number[]>`analytics_hist_sum(response_hist)`.as('response_hist'),
        sql<number[]>`analytics_hist_sum(session_hist)`.as('session_hist'),
      ])
      .$call((qb) => (scope.kind === 'link' ? qb.where('link_id', '=', scope.linkId) : qb.where('agent_id', '=', scope.agentId)))
      .where('hour', '>=', from)
      .where('hour', '<', to)
      .groupBy(sql`1`)
      .orderBy(sql`1`)
      .execute();
    return rows;
  }

  /**
   * The window's counters per agent version (versions recorded only: 0 is the rows from before),
   * lowest version first: what comparing versions reads.
   */
  async versions(scope: AnalyticsScope, from: Date, to: Date): Promise<VersionTotals[]> {
    const sum = (column: (typeof counters)[number]) => sql<number>`sum(${sql.ref(column)})::int`;
    return this.db
      .selectFrom('analytics_hourly')
      .select([
        'agent_version as version',
        sum('sessions_started').as('started'),
        sum('sessions_completed').as('completed'),
        sum('sessions_abandoned').as('abandoned'),
        sum('sessions_expired').as('expired'),
        sum('sessions_escalated').as('escalated'),
        sum('sessions_resolved').as('resolved'),
        sql<number>`sum(tokens_prompt + tokens_completion)::int8`.as('tokens'),
        sum('csat_sum').as('csat_sum'),
        sum('csat_responses').as('csat_responses'),
        sql<number[]>`analytics_hist_sum(response_hist)`.as('response_hist'),
      ])
      .$call((qb) => (scope.kind === 'link' ? qb.where('link_id', '=', scope.linkId) : qb.where('agent_id', '=', scope.agentId)))
      .where('agent_version', '>', 0)
      .where('hour', '>=', from)
      .where('hour', '<', to)
      .groupBy('agent_version')
      .orderBy('agent_version')
      .execute();
  }

  /** Unique visitors of the UTC days [fromDay, toDay]: a visitor is one hash on one day (the salt changes daily). */
  async visitors(scope: AnalyticsScope, fromDay: string, toDay: string): Promise<{ unique: number; verified: number }> {
    const base = this.db.selectFrom('analytics_visitors').where('day', '>=', sql<Date>`${fromDay}::date`).where('day', '<=', sql<Date>`${toDay}::date`);
    const row =
      scope.kind === 'link'
        ? await base
            .where('link_id', '=', scope.linkId)
            .select([sql<number>`count(*)::int`.as('unique'), sql<number>`count(*) FILTER (WHERE verified)::int`.as('verified')])
            .executeTakeFirstOrThrow()
        : await base
            .where('agent_id', '=', scope.agentId)
            // The same visitor on two links of the agent is one visitor of the agent.
            .select([
              sql<number>`count(DISTINCT (day, visitor_hash))::int`.as('unique'),
              sql<number>`count(DISTINCT (day, visitor_hash)) FILTER (WHERE verified)::int`.as('verified'),
            ])
            .executeTakeFirstOrThrow();
    return row;
  }

  /** Sessions per country over the UTC days [fromDay, toDay], most first. */
  async countries(scope: AnalyticsScope, fromDay: string, toDay: string): Promise<{ country: string; sessions: number }[]> {
    return this.db
      .selectFrom('analytics_countries')
      .select(['country', sql<number>`sum(sessions)::int`.as('sessions')])
      .$call((qb) => (scope.kind === 'link' ? qb.where('link_id', '=', scope.linkId) : qb.where('agent_id', '=', scope.agentId)))
      .where('day', '>=', sql<Date>`${fromDay}::date`)
      .where('day', '<=', sql<Date>`${toDay}::date`)
      .groupBy('country')
      .orderBy(sql`2`, 'desc')
      .orderBy('country')
      .execute();
  }
}
