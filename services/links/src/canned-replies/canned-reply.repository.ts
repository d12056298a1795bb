import type { CannedRepliesTable, DB } from '@parley/db';
import { type ExpressionBuilder, type Kysely, type Selectable, sql } from 'kysely';

/** Columns a canned reply is answered with. */
const REPLY = ['id', 'member_id', 'shortcut', 'content', 'created_at', 'updated_at'] as const;
export type CannedReplyRow = Pick<Selectable<CannedRepliesTable>, (typeof REPLY)[number]>;

/** The unique index canned_replies_shortcut_idx refused the row: the owner has that shortcut already. */
const shortcutTaken = (error: unknown) => (error as { code?: string }).code === '23505';

/** Who may see a reply: every shared one of the tenant, and the member's own (a key is nobody: shared only). */
const visibleTo = (memberId: string | null) => (eb: ExpressionBuilder<DB, 'canned_replies'>) =>
  memberId === null ? eb('member_id', 'is', null) : eb.or([eb('member_id', 'is', null), eb('member_id', '=', memberId)]);
/** One owner's replies: the shared ones (null), or a member's own. */
const ownedBy = (memberId: string | null) => (eb: ExpressionBuilder<DB, 'canned_replies'>) =>
  memberId === null ? eb('member_id', 'is', null) : eb('member_id', '=', memberId);

/** SQL for canned replies (canned_replies, owned by this service): shared ones have no member. */
export class CannedReplyRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** By shortcut, case-insensitively; a member's own before a shared one of the same shortcut. */
  list(tenantId: string, memberId: string | null): Promise<CannedReplyRow[]> {
    return (
      this.db
        .selectFrom('canned_replies')
        .select(REPLY)
        .where('tenant_id', '=', tenantId)
        .where(visibleTo(memberId))
        .orderBy((eb) => eb.fn('lower', ['shortcut']))
        // The one member's own (a member_id) before the shared ones (null).
        .orderBy('member_id', (ob) => ob.asc().nullsLast())
        .orderBy('id')
        .execute()
    );
  }

  /** Undefined: no such reply, or one the member may not see. */
  find(tenantId: string, memberId: string | null, id: string): Promise<CannedReplyRow | undefined> {
    return this.db
      .selectFrom('canned_replies')
      .select(REPLY)
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .where(visibleTo(memberId))
      .executeTakeFirst();
  }

  /**
   * Adds a reply unless its owner (the member, or the tenant for a shared one) has `max` already
   * or the shortcut. Counted under the tenant row's lock, so two creations at once cannot both
   * pass the count.
   */
  async create(
    values: { id: string; tenantId: string; memberId: string | null; shortcut: string; content: string },
    max: number,
  ): Promise<CannedReplyRow | 'full' | 'taken' | 'no_tenant'> {
    try {
      return await this.db.transaction().execute(async (trx) => {
        // NO KEY UPDATE: rows that merely refer to the tenant (its agents, links …) are not held up.
        const tenant = await trx.selectFrom('tenants').select('id').where('id', '=', values.tenantId).forNoKeyUpdate().executeTakeFirst();
        if (!tenant) return 'no_tenant' as const;
        const { held } = await trx
          .selectFrom('canned_replies')
          .select((eb) => eb.fn.countAll<string>().as('held'))
          .where('tenant_id', '=', values.tenantId)
          .where(ownedBy(values.memberId))
          .executeTakeFirstOrThrow();
        if (Number(held) >= max) return 'full' as const;
        return trx
          .insertInto('canned_replies')
          .values({ id: values.id, tenant_id: values.tenantId, member_id: values.memberId, shortcut: values.shortcut, content: values.content })
          .returning(REPLY)
          .executeTakeFirstOrThrow();
      });
    } catch (error) {
      if (shortcutTaken(error)) return 'taken';
      throw error;
    }
  }

  /** Undefined: no such reply in the tenant; `taken`: its owner has another with the new shortcut. */
  async update(
    tenantId: string,
    id: string,
    changes: { shortcut?: string | undefined; content?: string | undefined },
  ): Promise<CannedReplyRow | 'taken' | undefined> {
    try {
      return await this.db
        .updateTable('canned_replies')
        .set({
          ...(changes.shortcut === undefined ? {} : { shortcut: changes.shortcut }),
          ...(changes.content === undefined ? {} : { content: changes.content }),
          updated_at: sql<Date>`now()`,
        })
        .where('tenant_id', '=', tenantId)
        .where('id', '=', id)
        .returning(REPLY)
        .executeTakeFirst();
    } catch (error) {
      if (shortcutTaken(error)) return 'taken';
      throw error;
    }
  }

  /** Undefined: no such reply in the tenant. */
  delete(tenantId: string, id: string): Promise<CannedReplyRow | undefined> {
    return this.db.deleteFrom('canned_replies').where('tenant_id', '=', tenantId).where('id', '=', id).returning(REPLY).executeTakeFirst();
  }

  /** A removed member's own replies, which nobody could see any more. */
  async deleteOfMember(tenantId: string, memberId: string): Promise<number> {
    const deleted = await this.db.deleteFrom('canned_replies').where('tenant_id', '=', tenantId).where('member_id', '=', memberId).executeTakeFirst();
    return Number(deleted.numDeletedRows);
  }
}
