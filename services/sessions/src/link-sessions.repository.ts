import type { DB } from '@parley/db';
import type { Kysely, Selectable } from 'kysely';
import type { ConversationRow } from './conversation.repository.js';

type SessionRow = Pick<
  Selectable<DB['text_conversations']>,
  'id' | 'status' | 'visitor_email' | 'user_messages' | 'total_turns' | 'created_at' | 'updated_at' | 'ended_at'
>;

/** A link's sessions for their owner: listed, and ended one at a time. */
export class LinkSessionsRepository {
  constructor(private readonly db: Kysely<DB>) {}

  async list(tenantId: string, linkId: string, status: 'active' | 'ended' | undefined, limit: number): Promise<SessionRow[]> {
    let query = this.db
      .selectFrom('text_conversations')
      .select(['id', 'status', 'visitor_email', 'user_messages', 'total_turns', 'created_at', 'updated_at', 'ended_at'])
      .where('tenant_id', '=', tenantId)
      .where('link_id', '=', linkId);
    if (status === 'active') query = query.where('status', '=', 'active');
    if (status === 'ended') query = query.where('status', '<>', 'active');
    return query.orderBy('created_at', 'desc').orderBy('id').limit(limit).execute();
  }

  /** Ends the session if it is active (bumping state_version, so a turn computed meanwhile commits nothing). */
  async end(tenantId: string, linkId: string, conversationId: string): Promise<{ ended: ConversationRow | undefined; row: SessionRow | undefined }> {
    const ended = await this.db
      .updateTable('text_conversations')
      .set((eb) => ({ status: 'abandoned', ended_at: new Date(), state_version: eb('state_version', '+', 1) }))
      .where('id', '=', conversationId)
      .where('tenant_id', '=', tenantId)
      .where('link_id', '=', linkId)
      .where('status', '=', 'active')
      .returningAll()
      .executeTakeFirst();
    if (ended) return { ended: ended as unknown as ConversationRow, row: ended };
    const row = await this.db
      .selectFrom('text_conversations')
      .select(['id', 'status', 'visitor_email', 'user_messages', 'total_turns', 'created_at', 'updated_at', 'ended_at'])
      .where('id', '=', conversationId)
      .where('tenant_id', '=', tenantId)
      .where('link_id', '=', linkId)
      .executeTakeFirst();
    return { ended: undefined, row };
  }
}
