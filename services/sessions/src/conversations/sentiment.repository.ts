import { type ConversationSentiment, type SentimentEvent, sentimentTranscriptMax } from '@parley/contracts';
import type { DB, TextConversationsTable } from '@parley/db';
import type { Kysely, Selectable } from 'kysely';

/** What the classifier reads of a conversation: its agent version, whether it is classified, and its latest words. */
export interface SentimentTranscript {
  found: boolean;
  agentVersion: number;
  classified: boolean;
  messages: { role: 'user' | 'assistant' | 'operator'; content: string }[];
}

/**
 * A conversation's sentiment (docs/management-api.md "Sentiment"): the transcript the memory service's
 * classifier reads, and the one score it keeps. The first classification wins: a redelivered or
 * repeated `events.session.sentiment` changes nothing, and an erased conversation takes none.
 */
export class ConversationSentimentRepository {
  constructor(private readonly db: Kysely<DB>) {}

  async transcript(conversationId: string): Promise<SentimentTranscript> {
    const conversation = await this.db
      .selectFrom('text_conversations')
      .select(['agent_version', 'sentiment', 'erased_at'])
      .where('id', '=', conversationId)
      .executeTakeFirst();
    if (!conversation) return { found: false, agentVersion: 0, classified: false, messages: [] };
    // Platform notices (system) and failed turns' messages are not part of what was said.
    const latest = await this.db
      .selectFrom('text_conversation_messages')
      .select(['role', 'content', 'sequence'])
      .where('conversation_id', '=', conversationId)
      .where('status', '=', 'ok')
      .where('role', 'in', ['user', 'assistant', 'operator'])
      .orderBy('sequence', 'desc')
      .limit(sentimentTranscriptMax)
      .execute();
    return {
      found: true,
      agentVersion: conversation.agent_version,
      classified: conversation.sentiment !== null || conversation.erased_at !== null,
      messages: latest.reverse().map((m) => ({ role: m.role as 'user' | 'assistant' | 'operator', content: m.content })),
    };
  }

  /** Keeps the classification unless the conversation has one already (or was erased); true when kept. */
  async record(event: SentimentEvent): Promise<boolean> {
    const result = await this.db
      .updateTable('text_conversations')
      .set({ sentiment: event.score, sentiment_label: event.label, sentiment_method: event.method, sentiment_at: new Date(event.at) })
      .where('id', '=', event.conversationId)
      .where('tenant_id', '=', event.tenantId)
      .where('sentiment', 'is', null)
      .where('erased_at', 'is', null)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  async of(conversationIds: string[]): Promise<Map<string, ConversationSentiment>> {
    if (conversationIds.length === 0) return new Map();
    const rows = await this.db
      .selectFrom('text_conversations')
      .select(['id', 'sentiment', 'sentiment_label', 'sentiment_method', 'sentiment_at'])
      .where('id', 'in', conversationIds)
      .where('sentiment', 'is not', null)
      .execute();
    return new Map(
      rows.flatMap((r) => {
        const view = sentimentView(r);
        return view ? [[r.id, view] as const] : [];
      }),
    );
  }
}

/** The sentiment columns of a conversation row. */
type SentimentColumns = Pick<Selectable<TextConversationsTable>, 'sentiment' | 'sentiment_label' | 'sentiment_method' | 'sentiment_at'>;

/**
 * A stored sentiment as the conversation's owners and the visitor's export see it; null when not
 * classified. `real` is 4 bytes: 3 decimals say what it holds.
 */
export function sentimentView(r: SentimentColumns): ConversationSentiment | null {
  if (r.sentiment === null || !r.sentiment_label || !r.sentiment_method || !r.sentiment_at) return null;
  return { score: Math.round(r.sentiment * 1000) / 1000, label: r.sentiment_label, method: r.sentiment_method, at: r.sentiment_at.toISOString() };
}
