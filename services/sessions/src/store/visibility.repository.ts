import type { ConversationReader } from '@parley/contracts';
import type { DB } from '@parley/db';
import { type Kysely, type RawBuilder, sql } from 'kysely';

/**
 * Whether `reader` may see the escalation `alias` names in a statement (docs/management-api.md "Roles"): an
 * owner or editor every one; an operator those of the tenant's queue (no team), of a team they are
 * a member of or that is open to all operators, and those assigned to or claimed by them (a
 * member; a key is in no team, and sees the queue and the open teams' escalations only).
 */
export function escalationVisibleTo(reader: ConversationReader, alias: string): RawBuilder<boolean> {
  if (reader.sees === 'all') return sql<boolean>`true`;
  const team = sql.ref(`${alias}.team_id`);
  const tenant = sql.ref(`${alias}.tenant_id`);
  const { memberId } = reader;
  const holder = memberId === undefined ? sql`false` : sql`${sql.ref(`${alias}.operator_key_id`)} = ${memberId}`;
  const member = memberId === undefined ? sql`false` : sql`EXISTS (SELECT 1 FROM team_members m WHERE m.team_id = t.id AND m.member_id = ${memberId})`;
  return sql<boolean>`(${team} IS NULL OR ${holder} OR EXISTS (
    SELECT 1 FROM teams t WHERE t.id = ${team} AND t.tenant_id = ${tenant} AND (t.open_to_all_operators OR ${member})))`;
}

/**
 * Who reads which conversation of the tenant (docs/management-api.md "Roles"): an operator reads a
 * conversation through an escalation of it they may see, and none other. The services answer one
 * they may not read as not found, as one that does not exist: its existence is never told.
 */
export class VisibilityRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** The conversation is the tenant's and the reader may see it (an operator: through one of its escalations). */
  async conversation(tenantId: string, conversationId: string, reader: ConversationReader): Promise<boolean> {
    if (reader.sees === 'all') return true;
    const found = await this.db
      .selectFrom('escalations as e')
      .select('e.id')
      .where('e.conversation_id', '=', conversationId)
      .where('e.tenant_id', '=', tenantId)
      .where(escalationVisibleTo(reader, 'e'))
      .limit(1)
      .executeTakeFirst();
    return found !== undefined;
  }

  /** The escalation is the tenant's and the reader may see it. */
  async escalation(tenantId: string, escalationId: string, reader: ConversationReader): Promise<boolean> {
    let query = this.db.selectFrom('escalations as e').select('e.id').where('e.id', '=', escalationId).where('e.tenant_id', '=', tenantId);
    if (reader.sees !== 'all') query = query.where(escalationVisibleTo(reader, 'e'));
    return (await query.executeTakeFirst()) !== undefined;
  }

  /** The teams whose escalations an operator sees: their own (a member's) and those open to all operators. */
  async teamsSeenBy(tenantId: string, memberId: string | undefined): Promise<string[]> {
    const rows = await this.db
      .selectFrom('teams as t')
      .select('t.id')
      .where('t.tenant_id', '=', tenantId)
      .where((eb) =>
        eb.or([
          eb('t.open_to_all_operators', '=', true),
          ...(memberId === undefined
            ? []
            : [eb.exists(eb.selectFrom('team_members as m').select('m.team_id').whereRef('m.team_id', '=', 't.id').where('m.member_id', '=', memberId))]),
        ]),
      )
      .orderBy('t.id')
      .execute();
    return rows.map((row) => row.id);
  }
}
