import type { DB } from '@parley/db';
import { type Kysely, sql } from 'kysely';

/** Columns a member is answered with. */
const MEMBER = ['id', 'tenant_id', 'email', 'name', 'role', 'created_at'] as const;

/** SQL for members and their console sessions – tables this service owns. */
export class MemberRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** Undefined when the tenant already has a member with this email. */
  create(values: { id: string; tenantId: string; email: string; name: string; role: string }) {
    return this.db
      .insertInto('members')
      .values({ id: values.id, tenant_id: values.tenantId, email: values.email, name: values.name, role: values.role })
      .onConflict((oc) => oc.columns(['tenant_id', 'email']).doNothing())
      .returning(MEMBER)
      .executeTakeFirst();
  }

  list(tenantId: string) {
    return this.db.selectFrom('members').select(MEMBER).where('tenant_id', '=', tenantId).orderBy('created_at').orderBy('id').execute();
  }

  find(tenantId: string, memberId: string) {
    return this.db.selectFrom('members').select(MEMBER).where('tenant_id', '=', tenantId).where('id', '=', memberId).executeTakeFirst();
  }

  /** Undefined: no such member in the tenant. */
  update(tenantId: string, memberId: string, changes: { role?: string | undefined; name?: string | undefined }) {
    return this.db
      .updateTable('members')
      .set({ ...(changes.role === undefined ? {} : { role: changes.role }), ...(changes.name === undefined ? {} : { name: changes.name }) })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', memberId)
      .returning(MEMBER)
      .executeTakeFirst();
  }

  /** Removes the member; their console sessions go with them (ON DELETE CASCADE). False: no such member in the tenant. */
  async delete(tenantId: string, memberId: string): Promise<boolean> {
    const deleted = await this.db.deleteFrom('members').where('tenant_id', '=', tenantId).where('id', '=', memberId).executeTakeFirst();
    return deleted.numDeletedRows > 0n;
  }

  /** Every membership of an email, with its tenant's name, oldest first. */
  forEmail(email: string) {
    return this.db
      .selectFrom('members')
      .innerJoin('tenants', 'tenants.id', 'members.tenant_id')
      .select(['members.id', 'members.tenant_id', 'tenants.name as tenant_name', 'members.name', 'members.role', 'members.created_at'])
      .where('members.email', '=', email)
      .orderBy('members.created_at')
      .orderBy('members.id')
      .execute();
  }

  /** A session for the member, if they still are one of the tenant with this email; false otherwise. */
  async createSession(values: { idHash: string; tenantId: string; memberId: string; email: string; lifetimeMs: number }): Promise<Date | undefined> {
    const row = await this.db
      .insertInto('console_sessions')
      .columns(['id_hash', 'member_id', 'tenant_id', 'expires_at'])
      .expression((eb) =>
        eb
          .selectFrom('members')
          .select([
            eb.val(values.idHash).as('id_hash'),
            'id',
            'tenant_id',
            sql<Date>`now() + make_interval(secs => ${values.lifetimeMs / 1000})`.as('expires_at'),
          ])
          .where('tenant_id', '=', values.tenantId)
          .where('id', '=', values.memberId)
          .where('email', '=', values.email),
      )
      .returning('expires_at')
      .executeTakeFirst();
    return row?.expires_at;
  }

  /** A live session and its member. */
  findSession(idHash: string) {
    return this.db
      .selectFrom('console_sessions')
      .innerJoin('members', 'members.id', 'console_sessions.member_id')
      .select([
        'console_sessions.tenant_id',
        'console_sessions.member_id',
        'console_sessions.expires_at',
        'console_sessions.last_seen_at',
        'members.name',
        'members.email',
        'members.role',
      ])
      .where('console_sessions.id_hash', '=', idHash)
      .where('console_sessions.expires_at', '>', sql<Date>`now()`)
      .executeTakeFirst();
  }

  /** Moves a live session's expiry to `lifetimeMs` from now; its new expiry, or undefined if it has expired meanwhile. */
  async slideSession(idHash: string, lifetimeMs: number): Promise<Date | undefined> {
    const row = await this.db
      .updateTable('console_sessions')
      .set({ last_seen_at: sql<Date>`now()`, expires_at: sql<Date>`now() + make_interval(secs => ${lifetimeMs / 1000})` })
      .where('id_hash', '=', idHash)
      .where('expires_at', '>', sql<Date>`now()`)
      .returning('expires_at')
      .executeTakeFirst();
    return row?.expires_at;
  }

  /** The member and tenant of the session removed; undefined: there was none. */
  deleteSession(idHash: string) {
    return this.db.deleteFrom('console_sessions').where('id_hash', '=', idHash).returning(['member_id', 'tenant_id']).executeTakeFirst();
  }

  /** Removes up to `limit` expired sessions; how many. */
  async purgeExpiredSessions(limit: number): Promise<number> {
    const deleted = await this.db
      .deleteFrom('console_sessions')
      .where('id_hash', 'in', (eb) => eb.selectFrom('console_sessions').select('id_hash').where('expires_at', '<=', sql<Date>`now()`).limit(limit))
      .executeTakeFirst();
    return Number(deleted.numDeletedRows);
  }
}
