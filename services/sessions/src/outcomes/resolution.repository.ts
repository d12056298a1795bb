import type { ConversationResolution, DB } from '@parley/db';
import { type Kysely, sql } from 'kysely';

/** A conversation's resolution as one statement set (or took back) it: what its event tells. */
export interface ResolutionRow {
  id: string;
  tenant_id: string;
  agent_id: string;
  agent_version: number;
  link_id: string | null;
  channel: 'api' | 'link';
  resolution: ConversationResolution;
  resolved_at: Date;
}

const RETURNED = ['id', 'tenant_id', 'agent_id', 'agent_version', 'link_id', 'channel', 'resolution', 'resolved_at'] as const;

/** What keeps an end from resolving conversation `c`: an escalation, a thumb down or a score of 1 or 2. */
const unresolving = (db: Kysely<DB>) =>
  db
    .selectFrom('escalations as e')
    .select(sql.lit(1).as('one'))
    .whereRef('e.conversation_id', '=', sql.ref('c.id'))
    .unionAll(
      db.selectFrom('message_feedback as f').select(sql.lit(1).as('one')).whereRef('f.conversation_id', '=', sql.ref('c.id')).where('f.rating', '=', 'down'),
    )
    .unionAll(
      db.selectFrom('conversation_ratings as r').select(sql.lit(1).as('one')).whereRef('r.conversation_id', '=', sql.ref('c.id')).where('r.score', '<=', 2),
    );

/**
 * SQL of conversations' outcomes (text_conversations.resolved_at and resolution, sessions
 * service). Each change is one conditional statement that answers the row only when it made the
 * change: a conversation is resolved once, and a resolution taken back once, whichever replica or
 * redelivery asks twice.
 */
export class ResolutionRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /**
   * Resolves the conversation for `reason` unless it is resolved already. `ended` holds only for a
   * conversation never escalated that has no negative feedback standing (a thumb down, a score of
   * 1 or 2); feedback given meanwhile is seen here or takes the resolution back (see takeBack).
   */
  async resolve(conversationId: string, reason: ConversationResolution): Promise<ResolutionRow | undefined> {
    const row = await this.db
      .updateTable('text_conversations as c')
      .set({ resolved_at: sql`now()`, resolution: reason })
      .where('c.id', '=', conversationId)
      .where('c.resolved_at', 'is', null)
      .where('c.erased_at', 'is', null)
      .$if(reason === 'ended', (qb) => qb.where(({ not, exists }) => not(exists(unresolving(this.db)))))
      .returning(RETURNED)
      .executeTakeFirst();
    return row ? (row as ResolutionRow) : undefined;
  }

  /**
   * Resolves, as `ended`, conversations that ended between `endedAfter` and `endedBefore` and
   * would have been resolved by their end but were not (the process stopped between the end's
   * commit and its resolution): never escalated, no negative feedback standing, not resolved. The
   * same condition as resolve, so a conversation the end did resolve, or whose resolution feedback
   * took back, is left alone; rows another replica holds are skipped.
   */
  async resolveMissedEnds(endedAfter: Date, endedBefore: Date, limit: number): Promise<ResolutionRow[]> {
    const rows = await this.db
      .updateTable('text_conversations')
      .set({ resolved_at: sql`now()`, resolution: 'ended' })
      .where('id', 'in', (qb) =>
        qb
          .selectFrom('text_conversations as c')
          .select('c.id')
          .where('c.ended_at', '>', endedAfter)
          .where('c.ended_at', '<', endedBefore)
          .where('c.resolved_at', 'is', null)
          .where('c.erased_at', 'is', null)
          .where(({ not, exists }) => not(exists(unresolving(this.db))))
          .orderBy('c.ended_at')
          .limit(limit)
          .forUpdate()
          .skipLocked(),
      )
      .where('resolved_at', 'is', null)
      .returning(RETURNED)
      .execute();
    return rows as ResolutionRow[];
  }

  /**
   * Takes back an `ended` resolution (negative feedback came after the end), answering it as it
   * was – its time is the hour analytics counted it in. The row is read under its lock, so two
   * take-backs at once answer one row between them.
   */
  async takeBack(conversationId: string): Promise<ResolutionRow | undefined> {
    return this.db.transaction().execute(async (trx) => {
      const held = await trx.selectFrom('text_conversations').select(RETURNED).where('id', '=', conversationId).forUpdate().executeTakeFirst();
      if (held?.resolution !== 'ended' || held.resolved_at === null) return undefined;
      await trx.updateTable('text_conversations').set({ resolved_at: null, resolution: null }).where('id', '=', conversationId).execute();
      return { ...held, resolution: held.resolution, resolved_at: held.resolved_at };
    });
  }
}
