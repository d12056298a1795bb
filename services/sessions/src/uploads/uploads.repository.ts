import type { Attachment } from '@parley/contracts';
import type { DB } from '@parley/db';
import { type Kysely, sql } from 'kysely';

/** A stored file as the turn path and the readers need it: what it is, and its key in the upload store. */
export interface StoredUpload extends Attachment {
  key: string;
}

export interface NewUpload {
  id: string;
  conversationId: string;
  name: string;
  type: string;
  bytes: number;
  sha256: string;
  key: string;
}

const shown = ['id', 'name', 'type', 'bytes', 'storage_key as key'] as const;

/** The uploads table (sessions service): visitors' files, by conversation and by the message that carries them. */
export class UploadsRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** How many files a conversation has. */
  async count(conversationId: string): Promise<number> {
    const row = await this.db
      .selectFrom('uploads')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('conversation_id', '=', conversationId)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** Names a file about to be stored, before its first byte is (see unfinished()). */
  async begin(upload: { id: string; tenantId: string; conversationId: string; key: string }): Promise<void> {
    await this.db
      .insertInto('unfinished_uploads')
      .values({ id: upload.id, tenant_id: upload.tenantId, conversation_id: upload.conversationId, storage_key: upload.key })
      .execute();
  }

  /**
   * Adds a stored file to its conversation unless the conversation was erased, and forgets it as
   * unfinished either way (raw SQL: one statement does both, and the conversation's row is read
   * FOR SHARE, so an erasure running meanwhile either waits for this insert – and then deletes it
   * with the rest – or has already marked the row, and nothing is inserted). Undefined when
   * nothing was: the caller deletes the file.
   */
  async insert(upload: NewUpload): Promise<StoredUpload | undefined> {
    const result = await sql<StoredUpload>`
      WITH finished AS (DELETE FROM unfinished_uploads WHERE id = ${upload.id})
      INSERT INTO uploads (id, conversation_id, tenant_id, name, type, bytes, sha256, storage_key)
      SELECT ${upload.id}, c.id, c.tenant_id, ${upload.name}, ${upload.type}, ${upload.bytes}, ${upload.sha256}, ${upload.key}
      FROM (SELECT id, tenant_id FROM text_conversations WHERE id = ${upload.conversationId}::uuid AND erased_at IS NULL FOR SHARE) c
      RETURNING id, name, type, bytes, storage_key AS key`.execute(this.db);
    return result.rows[0];
  }

  /**
   * Files named before they were stored and never recorded, started before `olderThan`, oldest
   * first: their gateway died while they streamed or before recording them.
   */
  unfinished(olderThan: Date, limit: number): Promise<{ id: string; key: string }[]> {
    return this.db
      .selectFrom('unfinished_uploads')
      .select(['id', 'storage_key as key'])
      .where('started_at', '<', olderThan)
      .orderBy('started_at')
      .limit(limit)
      .execute();
  }

  /** Forgets unfinished files whose bytes were deleted. */
  async forgetUnfinished(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.db.deleteFrom('unfinished_uploads').where('id', 'in', ids).execute();
  }

  /** A file of the conversation (of the tenant, when given). */
  find(uploadId: string, conversationId: string, tenantId?: string): Promise<StoredUpload | undefined> {
    let query = this.db.selectFrom('uploads').select(shown).where('id', '=', uploadId).where('conversation_id', '=', conversationId);
    if (tenantId !== undefined) query = query.where('tenant_id', '=', tenantId);
    return query.executeTakeFirst();
  }

  /**
   * Marks these files of the conversation as carried by the message; a file already carried by
   * this same message (a recomputed turn) counts as claimed. Answers the files claimed.
   */
  claim(conversationId: string, ids: string[], messageId: string): Promise<StoredUpload[]> {
    return this.db
      .updateTable('uploads')
      .set({ message_id: messageId })
      .where('conversation_id', '=', conversationId)
      .where('id', 'in', ids)
      .where((eb) => eb.or([eb('message_id', 'is', null), eb('message_id', '=', messageId)]))
      .returning(shown)
      .execute();
  }

  /** Files of the conversation among these ids, whoever carries them (to tell an unknown id from a used one). */
  async existing(conversationId: string, ids: string[]): Promise<string[]> {
    const rows = await this.db.selectFrom('uploads').select('id').where('conversation_id', '=', conversationId).where('id', 'in', ids).execute();
    return rows.map((row) => row.id);
  }

  /** A message that was not stored gives its files back, for the visitor's next try. */
  async release(messageId: string): Promise<void> {
    await this.db.updateTable('uploads').set({ message_id: null }).where('message_id', '=', messageId).execute();
  }

  /** The files each of these messages carries, oldest first, by message id. */
  async ofMessages(messageIds: string[]): Promise<Map<string, Attachment[]>> {
    const byMessage = new Map<string, Attachment[]>();
    if (messageIds.length === 0) return byMessage;
    const rows = await this.db
      .selectFrom('uploads')
      .select(['id', 'name', 'type', 'bytes', 'message_id'])
      .where('message_id', 'in', messageIds)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    for (const { message_id, ...attachment } of rows) {
      if (message_id === null) continue;
      const list = byMessage.get(message_id) ?? [];
      list.push(attachment);
      byMessage.set(message_id, list);
    }
    return byMessage;
  }

  /** Every file of these conversations (export), oldest first. */
  ofConversations(conversationIds: string[]) {
    if (conversationIds.length === 0) return Promise.resolve([]);
    return this.db
      .selectFrom('uploads')
      .select(['id', 'conversation_id', 'name', 'type', 'bytes', 'sha256', 'message_id', 'created_at'])
      .where('conversation_id', 'in', conversationIds)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
  }
}
