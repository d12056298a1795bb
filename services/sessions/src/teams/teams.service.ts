import { randomToken } from '@parley/auth';
import type { PlatformBus } from '@parley/bus';
import { AppError, type CreateTeamRequest, type Team, type TeamHours, type UpdateTeamRequest } from '@parley/contracts';
import type { DB, TeamsTable } from '@parley/db';
import { type Kysely, type Selectable, sql } from 'kysely';
import { isOpen } from './business-hours.js';

export type TeamRow = Selectable<TeamsTable> & { members: string[] };

/** The most teams a tenant keeps. */
const MAX_TEAMS = 200;

/** Roles that may answer in the inbox: only their members are operators a team can hold. */
const OPERATOR_ROLES = new Set(['owner', 'editor', 'operator']);

export interface TenantMember {
  member_id: string;
  name: string;
  role: string;
}

/**
 * Teams (docs/escalation.md "Teams, presence and assignment"): a
 * tenant's operator members grouped, each team with its business hours and its cap of open
 * conversations per operator. Members are the links service's; a team keeps their ids, and
 * names them from the links service when it answers.
 */
export class TeamsService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly bus: PlatformBus,
    private readonly clock: () => Date,
  ) {}

  /** The tenant's members who may work the inbox (owner, editor, operator), by id. */
  async operators(tenantId: string): Promise<Map<string, TenantMember>> {
    const { members } = await this.bus.request('links.members.list', { tenantId });
    return new Map(members.filter((m) => OPERATOR_ROLES.has(m.role)).map((m) => [m.member_id, { member_id: m.member_id, name: m.name, role: m.role }]));
  }

  async rows(tenantId: string): Promise<TeamRow[]> {
    const [teams, members] = await Promise.all([
      this.db.selectFrom('teams').selectAll().where('tenant_id', '=', tenantId).orderBy(sql`lower(name)`).execute(),
      this.db.selectFrom('team_members').select(['team_id', 'member_id']).where('tenant_id', '=', tenantId).orderBy('member_id').execute(),
    ]);
    const byTeam = new Map<string, string[]>();
    for (const row of members) byTeam.set(row.team_id, [...(byTeam.get(row.team_id) ?? []), row.member_id]);
    return teams.map((team) => ({ ...team, members: byTeam.get(team.id) ?? [] }));
  }

  /** One team with its members: two reads by key, not the tenant's whole list (every inbox item names its team). */
  async row(tenantId: string, teamId: string): Promise<TeamRow | undefined> {
    const [team, members] = await Promise.all([
      this.db.selectFrom('teams').selectAll().where('id', '=', teamId).where('tenant_id', '=', tenantId).executeTakeFirst(),
      this.db.selectFrom('team_members').select('member_id').where('team_id', '=', teamId).where('tenant_id', '=', tenantId).orderBy('member_id').execute(),
    ]);
    return team ? { ...team, members: members.map((row) => row.member_id) } : undefined;
  }

  /** A team by id or by name (case-insensitive): a handoff node may name either. */
  async resolve(tenantId: string, ref: string): Promise<TeamRow | undefined> {
    const rows = await this.rows(tenantId);
    return rows.find((team) => team.id === ref) ?? rows.find((team) => team.name.toLowerCase() === ref.trim().toLowerCase());
  }

  async list(tenantId: string): Promise<{ teams: Team[] }> {
    const [rows, operators] = await Promise.all([this.rows(tenantId), this.operators(tenantId)]);
    return { teams: rows.map((row) => this.answer(row, operators)) };
  }

  async get(tenantId: string, teamId: string): Promise<Team> {
    const [row, operators] = await Promise.all([this.row(tenantId, teamId), this.operators(tenantId)]);
    if (!row) throw new AppError('not_found', 'team not found');
    return this.answer(row, operators);
  }

  async create(tenantId: string, body: CreateTeamRequest): Promise<Team> {
    const operators = await this.operators(tenantId);
    const members = this.checkedMembers(body.members ?? [], operators);
    const id = `team_${randomToken(12)}`;
    await this.db.transaction().execute(async (trx) => {
      const { count } = await trx
        .selectFrom('teams')
        .select((eb) => eb.fn.countAll<string>().as('count'))
        .where('tenant_id', '=', tenantId)
        .executeTakeFirstOrThrow();
      if (Number(count) >= MAX_TEAMS)
        throw new AppError('quota_exceeded', `a tenant keeps at most ${MAX_TEAMS} teams`, { details: { quota: 'teams', limit: MAX_TEAMS } });
      await this.insertTeam(trx, {
        id,
        tenantId,
        name: body.name,
        hours: (body.hours ?? null) as TeamHours | null,
        cap: body.max_open_per_operator ?? null,
        openToAll: body.open_to_all_operators ?? false,
      });
      if (members.length > 0)
        await trx
          .insertInto('team_members')
          .values(members.map((memberId) => ({ team_id: id, member_id: memberId, tenant_id: tenantId })))
          .execute();
    });
    return this.get(tenantId, id);
  }

  async update(tenantId: string, teamId: string, body: UpdateTeamRequest): Promise<Team> {
    const operators = await this.operators(tenantId);
    const members = body.members === undefined ? undefined : this.checkedMembers(body.members, operators);
    await this.db.transaction().execute(async (trx) => {
      const found = await trx
        .updateTable('teams')
        .set({
          ...(body.name === undefined ? {} : { name: body.name }),
          ...(body.hours === undefined ? {} : { hours: body.hours === null ? null : JSON.stringify(body.hours) }),
          ...(body.max_open_per_operator === undefined ? {} : { max_open_per_operator: body.max_open_per_operator }),
          ...(body.open_to_all_operators === undefined ? {} : { open_to_all_operators: body.open_to_all_operators }),
          updated_at: sql`now()`,
        } as never)
        .where('id', '=', teamId)
        .where('tenant_id', '=', tenantId)
        .returning('id')
        .executeTakeFirst()
        .catch((error: unknown) => {
          throw duplicateName(error) ?? error;
        });
      if (!found) throw new AppError('not_found', 'team not found');
      if (members !== undefined) {
        await trx.deleteFrom('team_members').where('team_id', '=', teamId).execute();
        if (members.length > 0)
          await trx
            .insertInto('team_members')
            .values(members.map((memberId) => ({ team_id: teamId, member_id: memberId, tenant_id: tenantId })))
            .execute();
      }
    });
    return this.get(tenantId, teamId);
  }

  /** Deletes a team; its waiting escalations join the tenant's queue. */
  async delete(tenantId: string, teamId: string): Promise<{ teamId: string }> {
    const deleted = await this.db.transaction().execute(async (trx) => {
      const row = await trx.deleteFrom('teams').where('id', '=', teamId).where('tenant_id', '=', tenantId).returning('id').executeTakeFirst();
      if (row) await trx.updateTable('escalations').set({ team_id: null }).where('tenant_id', '=', tenantId).where('team_id', '=', teamId).execute();
      return row;
    });
    if (!deleted) throw new AppError('not_found', 'team not found');
    return { teamId };
  }

  private async insertTeam(
    trx: Kysely<DB>,
    team: { id: string; tenantId: string; name: string; hours: TeamHours | null; cap: number | null; openToAll: boolean },
  ) {
    await trx
      .insertInto('teams')
      .values({
        id: team.id,
        tenant_id: team.tenantId,
        name: team.name,
        hours: team.hours === null ? null : (JSON.stringify(team.hours) as never),
        max_open_per_operator: team.cap,
        open_to_all_operators: team.openToAll,
      })
      .execute()
      .catch((error: unknown) => {
        throw duplicateName(error) ?? error;
      });
  }

  /** Member ids of the tenant that may work the inbox, once each; anything else is refused by name. */
  private checkedMembers(ids: string[], operators: Map<string, TenantMember>): string[] {
    const unique = [...new Set(ids)];
    const unknown = unique.filter((id) => !operators.has(id));
    if (unknown.length > 0) {
      throw new AppError('invalid', `not a member of this tenant who may answer in the inbox: ${unknown.slice(0, 5).join(', ')}`, {
        details: { members: unknown.slice(0, 20) },
      });
    }
    return unique;
  }

  answer(row: TeamRow, operators: Map<string, TenantMember>): Team {
    return {
      id: row.id,
      name: row.name,
      members: row.members.flatMap((id) => {
        const member = operators.get(id);
        return member ? [{ member_id: id, name: member.name }] : [];
      }),
      hours: (row.hours as TeamHours | null) ?? null,
      max_open_per_operator: row.max_open_per_operator,
      open_to_all_operators: row.open_to_all_operators,
      open_now: isOpen(row.hours as TeamHours | null, this.clock()),
      created_at: new Date(row.created_at).toISOString(),
      updated_at: new Date(row.updated_at).toISOString(),
    };
  }
}

function duplicateName(error: unknown): AppError | undefined {
  const code = (error as { code?: string } | null)?.code;
  if (code === '23505') return new AppError('conflict', 'a team of this tenant already has this name', { details: { field: 'name' } });
  return undefined;
}
