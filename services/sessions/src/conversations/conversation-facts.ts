import { type RawBuilder, sql } from 'kysely';
import { PREVIEW_CHARS } from '@parley/contracts';
import { previewOf, visitorOf } from './visitor-identity.js';

/**
 * What the inbox and the conversation search show of a conversation besides its row
 * (docs/escalation.md "The inbox"): who the visitor is, their last message, and how many of their
 * messages the reader has not read. SQL fragments over the conversation aliased `c`, shared by
 * both lists, and the reading of the columns they select.
 */

/** The columns visitorOf reads: the signed identity (`metadata.user`), the verified email, the variables. */
export const visitorColumns = sql`c.metadata->'user'->>'name' AS signed_name, c.metadata->'user'->>'email' AS signed_email,
  c.visitor_email, c.collected_data`;

/** The visitor's last stored message: one step down the (conversation_id, sequence) index. */
export const lastVisitorMessage = sql<string | null>`(
  SELECT left(m.content, 1000) FROM text_conversation_messages m
  WHERE m.conversation_id = c.id AND m.role = 'user' AND m.status = 'ok' ORDER BY m.sequence DESC LIMIT 1)`;

/**
 * The visitor's messages the reader has not read: those after the reader last read the
 * conversation, or – never read – those since `since` (its escalation opened; null: none).
 */
export function unreadBy(readerId: string, since: RawBuilder<Date | null> | ReturnType<typeof sql.ref>): RawBuilder<number> {
  return sql<number>`(
    SELECT count(*)::int FROM text_conversation_messages m
    LEFT JOIN conversation_reads r ON r.conversation_id = c.id AND r.reader_id = ${readerId}
    WHERE m.conversation_id = c.id AND m.role = 'user' AND m.status = 'ok'
      AND CASE WHEN r.read_at IS NULL THEN m.created_at >= ${since} ELSE m.created_at > r.read_at END)`;
}

/** A row that selected visitorColumns and lastVisitorMessage (as `preview`). */
export interface FactsRow {
  signed_name: string | null;
  signed_email: string | null;
  visitor_email: string | null;
  collected_data: Record<string, string> | null;
  preview: string | null;
}

/** The visitor and preview of a row that selected the facts. */
export function factsOf(row: FactsRow) {
  return {
    visitor: visitorOf({ signedName: row.signed_name, signedEmail: row.signed_email, verifiedEmail: row.visitor_email, collected: row.collected_data }),
    preview: previewOf(row.preview, PREVIEW_CHARS),
  };
}
