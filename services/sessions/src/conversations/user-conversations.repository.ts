import type { DB, TextConversation } from '@parley/db';
import { type Kysely, type SelectQueryBuilder, sql } from 'kysely';
import type { PageKey } from './conversation-page.js';

/**
 * Whose earlier conversations: a host site's signed-in user – the pair (identity realm, id), so
 * the same id verified by another link's secret is someone else – else an email-verified visitor.
 */
export type VisitorOwner = { userId: string; realm: string } | { email: string };

/** A conversation as the lists show it; `page_key` is its (created_at) for the next page's cursor. */
export type ListedConversation = Pick<TextConversation, 'id' | 'session_id' | 'status' | 'created_at' | 'total_turns' | 'tenant_id' | 'agent_id'> & {
  last_message_at: Date | null;
  page_key: string;
};

/** created_at to the microsecond, as text: the cursor keeps what a JS Date would round. */
const pageKey = sql<string>`to_char(c.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
/** The newest stored message's time: one step down the (conversation_id, sequence) index of each partition. */
const lastMessageAt = sql<Date | null>`(
  SELECT m.created_at FROM text_conversation_messages m
  WHERE m.conversation_id = c.id AND m.status = 'ok' ORDER BY m.sequence DESC LIMIT 1)`;
/** What a list shows of a visitor's conversation: their first message, cut to 100 characters. */
const preview = sql<string | null>`(
  SELECT left(m.content, 100) FROM text_conversation_messages m
  WHERE m.conversation_id = c.id AND m.role = 'user' AND m.status = 'ok' ORDER BY m.sequence LIMIT 1)`;

/** The conversations of `owner`: a signed-in user's in their realm only, or a verified email's. */
function ownedBy<Q extends SelectQueryBuilder<DB & { c: DB['text_conversations'] }, 'c', object>>(query: Q, owner: VisitorOwner): Q {
  if ('userId' in owner) return query.where('c.user_id', '=', owner.userId).where('c.user_realm', '=', owner.realm) as Q;
  return query.where('c.visitor_email', '=', owner.email) as Q;
}

/**
 * The lists of a user's conversations, and the one of theirs they would reopen: reads of
 * text_conversations by the (user_id | visitor_email, created_at DESC, id DESC) indexes.
 */
export class UserConversationsRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** Text Chat API sessions created with this `metadata.user_id`, newest first; `limit + 1` rows tell whether more follow. */
  forUser(filter: { userId: string; tenantId?: string | undefined }, limit: number, after: PageKey | undefined): Promise<ListedConversation[]> {
    let query = this.page(limit, after).where('c.user_id', '=', filter.userId).where('c.channel', '=', 'api');
    if (filter.tenantId !== undefined) query = query.where('c.tenant_id', '=', filter.tenantId);
    return query.execute();
  }

  /**
   * A visitor's conversations with an agent – on any of its links – newest first, but `exceptId`
   * (the one they are in) and the ones they never said anything in (a session opened and left)
   * or whose messages retention removed: nothing there to reopen.
   */
  forVisitor(
    filter: { tenantId: string; agentId: string; owner: VisitorOwner; exceptId: string },
    limit: number,
    after: PageKey | undefined,
  ): Promise<Array<ListedConversation & { preview: string | null }>> {
    const query = this.page(limit, after)
      .select(preview.as('preview'))
      .where('c.tenant_id', '=', filter.tenantId)
      .where('c.agent_id', '=', filter.agentId)
      .where('c.channel', '=', 'link')
      .where('c.id', '<>', filter.exceptId)
      .where('c.user_messages', '>', 0)
      .where('c.purged_at', 'is', null);
    return ownedBy(query, filter.owner).execute();
  }

  /** The visitor's conversation of that id with the agent, if it is theirs; undefined for any other. */
  findOwned(conversationId: string, filter: { tenantId: string; agentId: string; owner: VisitorOwner }) {
    const query = this.db
      .selectFrom('text_conversations as c')
      .select(['c.id', 'c.status', 'c.purged_at', 'c.user_messages'])
      .where('c.id', '=', conversationId)
      .where('c.tenant_id', '=', filter.tenantId)
      .where('c.agent_id', '=', filter.agentId)
      .where('c.channel', '=', 'link');
    return ownedBy(query, filter.owner).executeTakeFirst();
  }

  /** The columns both lists show, newest first from the cursor on, one row past the page. */
  private page(limit: number, after: PageKey | undefined) {
    const paged = this.db
      .selectFrom('text_conversations as c')
      .select(['c.id', 'c.session_id', 'c.status', 'c.created_at', 'c.total_turns', 'c.tenant_id', 'c.agent_id'])
      .select([lastMessageAt.as('last_message_at'), pageKey.as('page_key')])
      .orderBy('c.created_at', 'desc')
      .orderBy('c.id', 'desc')
      .limit(limit + 1);
    if (after === undefined) return paged;
    // A row comparison, so the index on (…, created_at DESC, id DESC) starts right after the cursor.
    return paged.where(sql<boolean>`(c.created_at, c.id) < (${after.createdAt}::timestamptz, ${after.id}::uuid)`);
  }
}
