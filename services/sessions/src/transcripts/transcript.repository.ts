import type { DB } from '@parley/db';
import { type Kysely, sql } from 'kysely';

/** A message as a transcript shows it: who said it, when, and the files it carried (by name). */
export interface TranscriptMessage {
  role: 'user' | 'assistant' | 'operator' | 'system';
  content: string;
  author_name: string | null;
  created_at: Date;
  /** On the platform's own words, their code (docs/public-chat-api.md "Notices"): the visitor's copy says them in their language. */
  notice: string | null;
  files: { name: string; type: string; bytes: number }[];
}

/** What the end of a conversation needs to know before its transcript goes out. */
export interface TranscriptState {
  id: string;
  tenant_id: string;
  link_id: string | null;
  status: string;
  transcript_email: string | null;
  transcript_sent_at: Date | null;
  created_at: Date;
  ended_at: Date | null;
  /** The language of the visitor's page, which their copy is written in (null: English). */
  visitor_language: string | null;
}

/**
 * SQL for transcripts by mail (docs/escalation.md "Transcripts by email"). It writes only the two
 * transcript columns of a conversation and the language of its visitor's page – never its state,
 * messages or state_version, whose rules are ConversationStore's – and reads what a transcript shows.
 */
export class TranscriptRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /**
   * Keeps the address (the latest one wins) of a conversation that still has its messages, unless
   * its transcript went out to a visitor's address already; undefined for one erased or past
   * retention. `previous`: the address kept before; `kept`: this one is kept now – and with it the
   * language of the page that asked, when told, which the visitor's copy is written in.
   */
  async keepAddress(
    conversationId: string,
    email: string,
    language?: string | undefined,
  ): Promise<{ status: string; sentAt: Date | null; previous: string | null; kept: boolean } | undefined> {
    const result = await sql<{ status: string; transcript_sent_at: Date | null; previous: string | null; kept: boolean }>`
      WITH old AS (
        SELECT id, status, transcript_email, transcript_sent_at FROM text_conversations
        WHERE id = ${conversationId} AND erased_at IS NULL AND purged_at IS NULL
        FOR UPDATE
      ), upd AS (
        UPDATE text_conversations c SET transcript_email = ${email}, visitor_language = coalesce(${language ?? null}::text, c.visitor_language)
        FROM old WHERE c.id = old.id AND (old.transcript_sent_at IS NULL OR old.transcript_email IS NULL)
        RETURNING c.id
      )
      SELECT old.status, old.transcript_sent_at, old.transcript_email AS previous, EXISTS (SELECT 1 FROM upd) AS kept FROM old`.execute(this.db);
    const row = result.rows[0];
    return row && { status: row.status, sentAt: row.transcript_sent_at, previous: row.previous, kept: row.kept };
  }

  /** Where an ended conversation's transcript stands. */
  state(conversationId: string): Promise<TranscriptState | undefined> {
    return this.db
      .selectFrom('text_conversations')
      .select(['id', 'tenant_id', 'link_id', 'status', 'transcript_email', 'transcript_sent_at', 'created_at', 'ended_at', 'visitor_language'])
      .where('id', '=', conversationId)
      .where('erased_at', 'is', null)
      .where('purged_at', 'is', null)
      .executeTakeFirst();
  }

  /**
   * Claims the mailing of an ended conversation's transcript: one replica's conditional update
   * wins, so it goes out exactly once. Never for an erased conversation or one past retention.
   * The address as it is now (it may have come after the state was read).
   */
  async claim(conversationId: string): Promise<{ transcript_email: string | null } | undefined> {
    return this.db
      .updateTable('text_conversations')
      .set({ transcript_sent_at: sql<Date>`now()` })
      .where('id', '=', conversationId)
      .where('status', '<>', 'active')
      .where('transcript_sent_at', 'is', null)
      .where('erased_at', 'is', null)
      .where('purged_at', 'is', null)
      .returning(['transcript_email'])
      .executeTakeFirst();
  }

  /** Gives a claim back when no mail of it could be sent: the redelivered end tries again. */
  async unclaim(conversationId: string): Promise<void> {
    await this.db.updateTable('text_conversations').set({ transcript_sent_at: null }).where('id', '=', conversationId).execute();
  }

  /** Every message a transcript shows – what was said, not the agent's tool calls – oldest first, each with the files it carried. */
  async messages(conversationId: string): Promise<TranscriptMessage[]> {
    const rows = await this.db
      .selectFrom('text_conversation_messages as m')
      .select(['m.id', 'm.role', 'm.content', 'm.author_name', 'm.created_at', 'm.notice'])
      .where('m.conversation_id', '=', conversationId)
      .where('m.status', '=', 'ok')
      .where('m.role', '<>', 'tool')
      .$narrowType<{ role: TranscriptMessage['role'] }>()
      .orderBy('m.sequence')
      .execute();
    const files = await this.db
      .selectFrom('uploads')
      .select(['message_id', 'name', 'type', 'bytes'])
      .where('conversation_id', '=', conversationId)
      .where('message_id', 'is not', null)
      .orderBy('created_at')
      .execute();
    return rows.map(({ id, ...message }) => ({
      ...message,
      files: files.filter((file) => file.message_id === id).map(({ name, type, bytes }) => ({ name, type, bytes })),
    }));
  }
}
