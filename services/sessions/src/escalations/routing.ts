import type { DB } from '@parley/db';
import type { Logger } from '@parley/logger';
import type { OperatorPresence } from '@parley/stores';
import { type Kysely, sql } from 'kysely';
import { isOpen } from '../teams/business-hours.js';
import type { TeamRow, TeamsService, TenantMember } from '../teams/teams.service.js';
import type { EscalationRow } from './escalation.repository.js';

export interface RoutingOptions {
  /** An assignment not accepted in this many seconds moves on (ASSIGNMENT_TIMEOUT_SECONDS). */
  assignmentTimeoutSeconds: number;
}

/** An assignment just made: the escalation as it now stands, and who it went to. */
export interface Assignment {
  escalation: EscalationRow;
  memberId: string;
  name: string;
}

/** The most waiting escalations of a tenant one pass places. */
const PASS_LIMIT = 500;

/**
 * Assignment (docs/escalation.md "Teams, presence and assignment"): a waiting escalation goes to the online operator of its team (the tenant's
 * operators for the tenant's queue) with the fewest open conversations – assigned and claimed –
 * under the team's cap; ties go to whoever was assigned least recently (round robin). An
 * operator who let it time out is passed over while anyone else can take it. Outside the team's
 * hours nobody is assigned. A pass holds the tenant's advisory lock, so two replicas (or two
 * passes of one) never place the same escalation twice nor count a cap from a stale load.
 */
export class EscalationRouting {
  /** Tenants with a pass running here, and whether another was asked for meanwhile. */
  private readonly running = new Map<string, { again: boolean; done: Promise<Assignment[]> }>();

  constructor(
    private readonly db: Kysely<DB>,
    private readonly presence: OperatorPresence | undefined,
    private readonly teams: Pick<TeamsService, 'operators' | 'rows'>,
    private readonly clock: () => Date,
    private readonly logger: Logger,
    private readonly options: RoutingOptions,
  ) {}

  /**
   * Places the tenant's waiting escalations. Passes asked for while one runs are folded into one
   * more pass after it: a burst of escalations costs a few passes, not one each.
   */
  async route(tenantId: string): Promise<Assignment[]> {
    const current = this.running.get(tenantId);
    if (current) {
      current.again = true;
      return [];
    }
    const state = { again: false, done: Promise.resolve([] as Assignment[]) };
    this.running.set(tenantId, state);
    const assigned: Assignment[] = [];
    try {
      do {
        state.again = false;
        assigned.push(...(await this.pass(tenantId)));
      } while (state.again);
    } finally {
      this.running.delete(tenantId);
    }
    return assigned;
  }

  /** Members online (not away) now, by id. */
  async online(tenantId: string): Promise<Set<string>> {
    if (!this.presence) return new Set();
    const members = await this.presence.members(tenantId).catch((error: unknown) => {
      this.logger.warn({ err: error }, 'presence unknown: nobody is assigned this pass');
      return new Map<string, 'online' | 'away'>();
    });
    return new Set([...members].filter(([, status]) => status === 'online').map(([id]) => id));
  }

  private async pass(tenantId: string): Promise<Assignment[]> {
    const online = await this.online(tenantId);
    if (online.size === 0) return [];
    const [operators, teams] = await Promise.all([this.teams.operators(tenantId), this.teams.rows(tenantId)]);
    const teamOf = new Map(teams.map((team) => [team.id, team]));
    const now = this.clock();
    return this.db.transaction().execute(async (trx) => {
      await sql`SELECT pg_advisory_xact_lock(hashtextextended(${`route:${tenantId}`}, 0))`.execute(trx);
      const waiting = await trx
        .selectFrom('escalations')
        .select(['id', 'team_id'])
        .where('tenant_id', '=', tenantId)
        .where('state', '=', 'waiting')
        // Only once its team is settled (or, should that never come – its process died – after 30 s, as it stands).
        .where((eb) => eb.or([eb('routed_at', 'is not', null), eb('created_at', '<', sql<Date>`now() - interval '30 seconds'`)]))
        .orderBy('created_at')
        .orderBy('id')
        .limit(PASS_LIMIT)
        .execute();
      if (waiting.length === 0) return [];
      const [loads, recent, missed] = await Promise.all([
        trx
          .selectFrom('escalations')
          .select(['operator_key_id', (eb) => eb.fn.countAll<string>().as('open')])
          .where('tenant_id', '=', tenantId)
          .where('state', 'in', ['assigned', 'claimed'])
          .groupBy('operator_key_id')
          .execute(),
        trx
          .selectFrom('escalation_assignments')
          .select(['member_id', (eb) => eb.fn.max('assigned_at').as('last')])
          .where('tenant_id', '=', tenantId)
          .where('assigned_at', '>', new Date(now.getTime() - 86_400_000))
          .groupBy('member_id')
          .execute(),
        trx
          .selectFrom('escalation_assignments')
          .select(['escalation_id', 'member_id'])
          .where(
            'escalation_id',
            'in',
            waiting.map((e) => e.id),
          )
          .where('outcome', '=', 'missed')
          .execute(),
      ]);
      const load = new Map(loads.flatMap((row) => (row.operator_key_id ? [[row.operator_key_id, Number(row.open)] as const] : [])));
      const lastAssigned = new Map(recent.map((row) => [row.member_id, new Date(row.last as unknown as string).getTime()]));
      const missedBy = new Map<string, Set<string>>();
      for (const row of missed) missedBy.set(row.escalation_id, (missedBy.get(row.escalation_id) ?? new Set()).add(row.member_id));
      const assigned: Assignment[] = [];
      for (const escalation of waiting) {
        const team = escalation.team_id ? teamOf.get(escalation.team_id) : undefined;
        const pick = chooseOperator({ team, online, operators, load, lastAssigned, missed: missedBy.get(escalation.id), now });
        if (!pick) continue;
        const row = await trx
          .updateTable('escalations')
          .set({ state: 'assigned', operator_key_id: pick.member_id, operator_name: pick.name, assigned_at: now, updated_at: sql`now()` })
          .where('id', '=', escalation.id)
          .where('state', '=', 'waiting')
          .returningAll()
          .executeTakeFirst();
        if (!row) continue;
        await trx
          .insertInto('escalation_assignments')
          .values({ tenant_id: tenantId, escalation_id: row.id, member_id: pick.member_id, member_name: pick.name, team_id: row.team_id, assigned_at: now })
          .execute();
        load.set(pick.member_id, (load.get(pick.member_id) ?? 0) + 1);
        lastAssigned.set(pick.member_id, now.getTime());
        assigned.push({ escalation: row, memberId: pick.member_id, name: pick.name });
      }
      return assigned;
    });
  }

  /** Assignments not accepted in time go back to their queue, counted as missed; answers them (tenants to route again follow). */
  async expire(): Promise<EscalationRow[]> {
    const now = this.clock();
    const before = new Date(now.getTime() - this.options.assignmentTimeoutSeconds * 1000);
    return this.db.transaction().execute(async (trx) => {
      const rows = await trx
        .updateTable('escalations')
        .set({ state: 'waiting', operator_key_id: null, operator_name: null, assigned_at: null, updated_at: sql`now()` })
        .where('state', '=', 'assigned')
        .where('assigned_at', '<=', before)
        .returningAll()
        .execute();
      if (rows.length > 0) {
        await trx
          .updateTable('escalation_assignments')
          .set({ outcome: 'missed', ended_at: now })
          .where(
            'escalation_id',
            'in',
            rows.map((row) => row.id),
          )
          .where('outcome', 'is', null)
          .execute();
      }
      return rows;
    });
  }

  /** Tenants with escalations waiting (a pass places them as operators come online or free up). */
  async tenantsWaiting(): Promise<string[]> {
    const rows = await this.db.selectFrom('escalations').select('tenant_id').distinct().where('state', '=', 'waiting').execute();
    return rows.map((row) => row.tenant_id);
  }

  /** Ends the open assignment rows of an escalation with the outcome (accepted, transferred, withdrawn). */
  async endAssignment(escalationId: string, outcome: 'accepted' | 'transferred' | 'withdrawn'): Promise<void> {
    await this.db
      .updateTable('escalation_assignments')
      .set({ outcome, ended_at: this.clock() })
      .where('escalation_id', '=', escalationId)
      .where('outcome', 'is', null)
      .execute();
  }
}

/**
 * Who takes one escalation (see EscalationRouting): undefined when nobody can now (closed, nobody
 * online, every cap reached). `online` holds the members online, not away; `load` each operator's
 * open conversations (assigned and claimed); `lastAssigned` when each was last given one (ms);
 * `missed` who let this one time out.
 */
export function chooseOperator(input: {
  team: TeamRow | undefined;
  online: Set<string>;
  operators: Map<string, TenantMember>;
  load: Map<string, number>;
  lastAssigned: Map<string, number>;
  missed: Set<string> | undefined;
  now: Date;
}): TenantMember | undefined {
  const { team, online, operators, load, lastAssigned, missed } = input;
  if (team && !isOpen(team.hours as never, input.now)) return undefined;
  const cap = team?.max_open_per_operator ?? Number.POSITIVE_INFINITY;
  const pool = (team ? team.members : [...operators.keys()]).filter((id) => online.has(id) && operators.has(id) && (load.get(id) ?? 0) < cap);
  if (pool.length === 0) return undefined;
  // Whoever let this one time out is passed over while anyone else can take it.
  const fresh = pool.filter((id) => !missed?.has(id));
  const candidates = fresh.length > 0 ? fresh : pool;
  candidates.sort((a, b) => (load.get(a) ?? 0) - (load.get(b) ?? 0) || (lastAssigned.get(a) ?? 0) - (lastAssigned.get(b) ?? 0) || a.localeCompare(b));
  return operators.get(candidates[0] as string);
}
