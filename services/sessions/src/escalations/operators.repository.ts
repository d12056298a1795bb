import type { DB } from '@parley/db';
import { type Kysely, sql } from 'kysely';
import type { TenantMember } from '../teams/teams.service.js';
import type { EscalationRow } from './escalation.repository.js';

/** One operator's work over a period, as analytics shows it. */
export interface OperatorActivity {
  member_id: string;
  name: string;
  conversations: number;
  first_response_ms_p50: number | null;
  handling_ms_p50: number | null;
  missed: number;
}

/** A conversation handed on, as the inbox item lists it (oldest first). */
export interface TransferRecord {
  from: string | null;
  to: string | null;
  to_team: string | null;
  note: string | null;
  at: string;
}

/** Who handed a conversation on, and the note they left. */
export interface TransferBy {
  conversationId: string;
  from: string;
  note: string | null;
}

/** One team's work over a period. */
export interface TeamActivity {
  team_id: string | null;
  conversations: number;
  first_response_ms_p50: number | null;
  handling_ms_p50: number | null;
  missed: number;
}

/**
 * SQL for operators at work (sessions service): an escalation's team, accepting and transferring
 * one, the first answer, operators' open loads, and what analytics counts of their work.
 */
export class OperatorsRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /**
   * Settles a new escalation's team (a handoff node's, its link's, or none: the tenant's queue):
   * from then on routing may offer it. Before, a pass would take it for the tenant's queue.
   */
  settleTeam(escalationId: string, teamId: string | null): Promise<EscalationRow | undefined> {
    return this.db
      .updateTable('escalations')
      .set({ team_id: teamId, routed_at: sql`now()` })
      .where('id', '=', escalationId)
      .where('state', '=', 'waiting')
      .where('routed_at', 'is', null)
      .returningAll()
      .executeTakeFirst();
  }

  /** The team a link's escalations go to (public_links.team_id, read as the link stands now). */
  async linkTeam(linkId: string): Promise<string | null> {
    const row = await this.db.selectFrom('public_links').select('team_id').where('id', '=', linkId).executeTakeFirst();
    return row?.team_id ?? null;
  }

  /** The assignee takes what was offered to them. */
  accept(tenantId: string, escalationId: string, actorId: string): Promise<EscalationRow | undefined> {
    return this.db
      .updateTable('escalations')
      .set({ state: 'claimed', claimed_at: sql`coalesce(claimed_at, now())`, updated_at: sql`now()` })
      .where('id', '=', escalationId)
      .where('tenant_id', '=', tenantId)
      .where('state', '=', 'assigned')
      .where('operator_key_id', '=', actorId)
      .returningAll()
      .executeTakeFirst();
  }

  /** Offers the escalation its holder has to a colleague; the holder's assignment ends as transferred. */
  async transferToMember(
    tenantId: string,
    escalationId: string,
    holder: string,
    to: TenantMember,
    now: Date,
    by: TransferBy,
  ): Promise<EscalationRow | undefined> {
    return this.db.transaction().execute(async (trx) => {
      const row = await trx
        .updateTable('escalations')
        .set({ state: 'assigned', operator_key_id: to.member_id, operator_name: to.name, assigned_at: now, updated_at: sql`now()` })
        .where('id', '=', escalationId)
        .where('tenant_id', '=', tenantId)
        .where('state', 'in', ['assigned', 'claimed'])
        .where('operator_key_id', '=', holder)
        .returningAll()
        .executeTakeFirst();
      if (!row) return undefined;
      await trx
        .updateTable('escalation_assignments')
        .set({ outcome: 'transferred', ended_at: now })
        .where('escalation_id', '=', escalationId)
        .where('outcome', 'is', null)
        .execute();
      await trx
        .insertInto('escalation_assignments')
        .values({ tenant_id: tenantId, escalation_id: escalationId, member_id: to.member_id, member_name: to.name, team_id: row.team_id, assigned_at: now })
        .execute();
      await trx
        .insertInto('escalation_transfers')
        .values({
          tenant_id: tenantId,
          escalation_id: escalationId,
          conversation_id: by.conversationId,
          from_name: by.from,
          to_name: to.name,
          note: by.note,
          created_at: now,
        })
        .execute();
      return row;
    });
  }

  /** Puts the escalation its holder has in a team's queue. */
  async transferToTeam(
    tenantId: string,
    escalationId: string,
    holder: string,
    team: { id: string; name: string },
    by: TransferBy,
  ): Promise<EscalationRow | undefined> {
    return this.db.transaction().execute(async (trx) => {
      const row = await trx
        .updateTable('escalations')
        .set({
          state: 'waiting',
          team_id: team.id,
          routed_at: sql`coalesce(routed_at, now())`,
          operator_key_id: null,
          operator_name: null,
          assigned_at: null,
          updated_at: sql`now()`,
        })
        .where('id', '=', escalationId)
        .where('tenant_id', '=', tenantId)
        .where('state', 'in', ['assigned', 'claimed'])
        .where('operator_key_id', '=', holder)
        .returningAll()
        .executeTakeFirst();
      if (!row) return undefined;
      await trx
        .updateTable('escalation_assignments')
        .set({ outcome: 'transferred', ended_at: sql`now()` })
        .where('escalation_id', '=', escalationId)
        .where('outcome', 'is', null)
        .execute();
      await trx
        .insertInto('escalation_transfers')
        .values({
          tenant_id: tenantId,
          escalation_id: escalationId,
          conversation_id: by.conversationId,
          from_name: by.from,
          to_team_name: team.name,
          note: by.note,
        })
        .execute();
      return row;
    });
  }

  /** The transfers of these escalations (of the tenant), each one's oldest first. */
  async transfers(tenantId: string, escalationIds: string[]): Promise<Map<string, TransferRecord[]>> {
    const found = new Map<string, TransferRecord[]>();
    if (escalationIds.length === 0) return found;
    const rows = await this.db
      .selectFrom('escalation_transfers')
      .select(['escalation_id', 'from_name', 'to_name', 'to_team_name', 'note', 'created_at'])
      .where('tenant_id', '=', tenantId)
      .where('escalation_id', 'in', escalationIds)
      .orderBy('id')
      .execute();
    for (const row of rows) {
      const list = found.get(row.escalation_id) ?? [];
      list.push({ from: row.from_name, to: row.to_name, to_team: row.to_team_name, note: row.note, at: new Date(row.created_at).toISOString() });
      found.set(row.escalation_id, list);
    }
    return found;
  }

  /** Marks an operator's first answer in an escalation (once). */
  async firstResponse(escalationId: string): Promise<void> {
    await this.db
      .updateTable('escalations')
      .set({ first_response_at: sql`now()` })
      .where('id', '=', escalationId)
      .where('first_response_at', 'is', null)
      .execute();
  }

  async openCounts(tenantId: string): Promise<Map<string, number>> {
    const rows = await this.db
      .selectFrom('escalations')
      .select(['operator_key_id', (eb) => eb.fn.countAll<string>().as('open')])
      .where('tenant_id', '=', tenantId)
      .where('state', 'in', ['assigned', 'claimed'])
      .groupBy('operator_key_id')
      .execute();
    return new Map(rows.flatMap((row) => (row.operator_key_id ? [[row.operator_key_id, Number(row.open)] as const] : [])));
  }

  /**
   * Operators' work in [from, to): the escalations each claimed (accepted) in it, the median time
   * from the escalation to their first answer, the median handling time (claimed to released or
   * closed), and the assignments they let time out. Narrowed to an agent or a link when asked.
   */
  async activity(request: {
    tenantId: string;
    from: Date;
    to: Date;
    agentId?: string | undefined;
    linkId?: string | undefined;
  }): Promise<{ operators: OperatorActivity[]; teams: TeamActivity[] }> {
    const { tenantId, from, to } = request;
    const agentId = request.agentId ?? null;
    const linkId = request.linkId ?? null;
    const scope = sql`e.tenant_id = ${tenantId}
      AND (${agentId}::uuid IS NULL OR e.agent_id = ${agentId}::uuid)
      AND (${linkId}::text IS NULL OR EXISTS (SELECT 1 FROM text_conversations c WHERE c.id = e.conversation_id AND c.link_id = ${linkId}::text))`;
    const handled = await sql<{
      member_id: string;
      name: string;
      team_id: string | null;
      conversations: string;
      first_response_ms_p50: number | null;
      handling_ms_p50: number | null;
    }>`
      SELECT e.operator_key_id AS member_id, max(e.operator_name) AS name, e.team_id, count(*) AS conversations,
        percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM e.first_response_at - e.created_at) * 1000) AS first_response_ms_p50,
        percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM coalesce(e.closed_at, e.released_at) - e.claimed_at) * 1000)
          FILTER (WHERE e.state IN ('closed', 'released')) AS handling_ms_p50
      FROM escalations e
      WHERE ${scope} AND e.claimed_at >= ${from} AND e.claimed_at < ${to} AND e.operator_key_id LIKE 'mem\\_%'
      GROUP BY GROUPING SETS ((e.operator_key_id), (e.team_id))`.execute(this.db);
    const missed = await sql<{ member_id: string; name: string; team_id: string | null; missed: string }>`
      SELECT a.member_id, max(a.member_name) AS name, a.team_id, count(*) AS missed
      FROM escalation_assignments a JOIN escalations e ON e.id = a.escalation_id
      WHERE ${scope} AND a.outcome = 'missed' AND a.assigned_at >= ${from} AND a.assigned_at < ${to}
      GROUP BY GROUPING SETS ((a.member_id), (a.team_id))`.execute(this.db);
    const operators = new Map<string, OperatorActivity>();
    const teams = new Map<string | null, TeamActivity>();
    const round = (value: number | null) => (value === null ? null : Math.round(value));
    for (const row of handled.rows) {
      if (row.member_id !== null) {
        operators.set(row.member_id, {
          member_id: row.member_id,
          name: row.name,
          conversations: Number(row.conversations),
          first_response_ms_p50: round(row.first_response_ms_p50),
          handling_ms_p50: round(row.handling_ms_p50),
          missed: 0,
        });
      } else {
        teams.set(row.team_id, {
          team_id: row.team_id,
          conversations: Number(row.conversations),
          first_response_ms_p50: round(row.first_response_ms_p50),
          handling_ms_p50: round(row.handling_ms_p50),
          missed: 0,
        });
      }
    }
    for (const row of missed.rows) {
      if (row.member_id !== null) {
        const found = operators.get(row.member_id) ?? {
          member_id: row.member_id,
          name: row.name,
          conversations: 0,
          first_response_ms_p50: null,
          handling_ms_p50: null,
          missed: 0,
        };
        found.missed = Number(row.missed);
        operators.set(row.member_id, found);
      } else {
        const found = teams.get(row.team_id) ?? { team_id: row.team_id, conversations: 0, first_response_ms_p50: null, handling_ms_p50: null, missed: 0 };
        found.missed = Number(row.missed);
        teams.set(row.team_id, found);
      }
    }
    return {
      operators: [...operators.values()].sort((a, b) => b.conversations - a.conversations || a.name.localeCompare(b.name)),
      teams: [...teams.values()].sort((a, b) => b.conversations - a.conversations),
    };
  }
}
