import type { DB } from '@parley/db';
import type { Kysely, Selectable } from 'kysely';

export type LinkSessionRow = Pick<
  Selectable<DB['text_conversations']>,
  'id' | 'agent_version' | 'status' | 'visitor_email' | 'user_messages' | 'total_turns' | 'created_at' | 'updated_at' | 'ended_at'
>;

const LINK_SESSION_COLUMNS = [
  'id',
  'agent_version',
  'status',
  'visitor_email',
  'user_messages',
  'total_turns',
  'created_at',
  'updated_at',
  'ended_at',
] as const;

/** Reads of links' sessions: a link's as their owner sees them, and which links have any active. */
export class LinkSessionsRepository {
  constructor(private readonly db: Kysely<DB>) {}

  async list(tenantId: string, linkId: string, status: 'active' | 'ended' | undefined, limit: number): Promise<LinkSessionRow[]> {
    let query = this.db.selectFrom('text_conversations').select(LINK_SESSION_COLUMNS).where('tenant_id', '=', tenantId).where('link_id', '=', linkId);
    if (status === 'active') query = query.where('status', '=', 'active');
    if (status === 'ended') query = query.where('status', '<>', 'active');
    return query.orderBy('created_at', 'desc').orderBy('id').limit(limit).execute();
  }

  /** One session of the tenant's link; undefined when the link has none of that id. */
  find(tenantId: string, linkId: string, conversationId: string): Promise<LinkSessionRow | undefined> {
    return this.db
      .selectFrom('text_conversations')
      .select(LINK_SESSION_COLUMNS)
      .where('id', '=', conversationId)
      .where('tenant_id', '=', tenantId)
      .where('link_id', '=', linkId)
      .executeTakeFirst();
  }

  /** Links with at least one active conversation. */
  async activeLinkIds(): Promise<string[]> {
    const rows = await this.db
      .selectFrom('text_conversations')
      .select('link_id')
      .distinct()
      .where('status', '=', 'active')
      .where('link_id', 'is not', null)
      .execute();
    return rows.map((r) => r.link_id!);
  }
}
