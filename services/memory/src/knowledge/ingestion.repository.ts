import type { KnowledgeSource } from '@parley/contracts';
import type { DB } from '@parley/db';
import { type Kysely, sql } from 'kysely';
import { chunkVector } from './knowledge.repository.js';
import { countDocumentTerms, discountDocumentTerms } from './terms.repository.js';

/** A document an ingestion worker holds: what to read, and the claim (revision, attempt) its writes are fenced by. */
export interface ClaimedDocument {
  id: string;
  tenantId: string;
  baseId: string;
  title: string;
  source: KnowledgeSource;
  revision: number;
  /** This claim's number among the revision's claims (1 the first time). */
  attempt: number;
}

/** A chunk as ingestion writes it. */
export interface ChunkToWrite {
  id: string;
  position: number;
  heading: string | undefined;
  text: string;
  embedding: number[] | undefined;
}

/** Rows written per INSERT: a document's chunks in a few statements, each of a bounded size. */
const INSERT_BATCH = 500;

/**
 * SQL of the ingestion worker: claiming `processing` documents with FOR UPDATE SKIP LOCKED and a
 * lease, and recording what came of one. Every write names the claim's revision and attempt, so a
 * worker whose lease ran out (another took the document) or whose document was replaced or
 * deleted meanwhile writes nothing.
 */
export class IngestionRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** Up to `limit` processing documents nobody holds (never claimed, or their lease past `now`), oldest first. */
  async claim(limit: number, now: Date, leaseMs: number): Promise<ClaimedDocument[]> {
    const until = new Date(now.getTime() + leaseMs);
    const { rows } = await sql<{
      id: string;
      tenant_id: string;
      base_id: string;
      title: string;
      source: KnowledgeSource;
      revision: number;
      attempts: number;
    }>`
      WITH due AS (
        SELECT id FROM knowledge_documents
        WHERE status = 'processing' AND (claimed_until IS NULL OR claimed_until < ${now})
        ORDER BY updated_at
        LIMIT ${limit}
        FOR UPDATE SKIP LOCKED
      )
      UPDATE knowledge_documents d
      SET attempts = d.attempts + 1, claimed_until = ${until}
      FROM due WHERE d.id = due.id
      RETURNING d.id, d.tenant_id, d.base_id, d.title, d.source, d.revision, d.attempts`.execute(this.db);
    return rows.map((row) => ({
      id: row.id,
      tenantId: row.tenant_id,
      baseId: row.base_id,
      title: row.title,
      source: row.source,
      revision: row.revision,
      attempt: row.attempts,
    }));
  }

  /** Holds the document longer (a long ingestion, between its steps); false: the claim is no longer this worker's. */
  async renew(claim: ClaimedDocument, now: Date, leaseMs: number): Promise<boolean> {
    const result = await this.db
      .updateTable('knowledge_documents')
      .set({ claimed_until: new Date(now.getTime() + leaseMs) })
      .where('id', '=', claim.id)
      .where('revision', '=', claim.revision)
      .where('attempts', '=', claim.attempt)
      .where('status', '=', 'processing')
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  /**
   * The document is read: in one transaction its old chunks go, the new ones are written (their
   * full-text vectors in the base's language) and it is `ready` with their count. False: the
   * claim is no longer this worker's, and nothing was written.
   */
  async complete(claim: ClaimedDocument, result: { mediaType: string; embeddingModel: string | null; chunks: ChunkToWrite[] }): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      // A change of the base's language, and other writes of its chunks and their counts, wait or are waited for.
      const base = await trx.selectFrom('knowledge_bases').select('language').where('id', '=', claim.baseId).forNoKeyUpdate().executeTakeFirst();
      if (!base) return false;
      const updated = await trx
        .updateTable('knowledge_documents')
        .set({
          status: 'ready',
          error: null,
          chunks: result.chunks.length,
          media_type: result.mediaType,
          embedding_model: result.embeddingModel,
          claimed_until: null,
          updated_at: sql`now()`,
        })
        .where('id', '=', claim.id)
        .where('revision', '=', claim.revision)
        .where('attempts', '=', claim.attempt)
        .where('status', '=', 'processing')
        .executeTakeFirst();
      if (updated.numUpdatedRows === 0n) return false;
      await discountDocumentTerms(trx, claim.baseId, [claim.id]);
      await trx.deleteFrom('knowledge_chunks').where('document_id', '=', claim.id).execute();
      for (let start = 0; start < result.chunks.length; start += INSERT_BATCH) {
        const batch = result.chunks.slice(start, start + INSERT_BATCH);
        await sql`
          INSERT INTO knowledge_chunks (id, document_id, base_id, tenant_id, position, heading, text, tsv, embedding)
          SELECT c.id, ${claim.id}, ${claim.baseId}, ${claim.tenantId}, c.position, c.heading, c.text, ${chunkVector(sql`${base.language}`)}, c.embedding::real[]
          FROM unnest(
            ${batch.map((chunk) => chunk.id)}::text[],
            ${batch.map((chunk) => chunk.position)}::int[],
            ${batch.map((chunk) => chunk.heading ?? null)}::text[],
            ${batch.map((chunk) => chunk.text)}::text[],
            ${batch.map((chunk) => (chunk.embedding ? `{${chunk.embedding.join(',')}}` : null))}::text[]
          ) AS c(id, position, heading, text, embedding)`.execute(trx);
      }
      await countDocumentTerms(trx, claim.baseId, claim.id);
      return true;
    });
  }

  /**
   * The document could not be read: `failed`, saying why. Chunks of a version before stay
   * searchable (and counted) until the document is deleted or replaced by one that reads.
   */
  async fail(claim: ClaimedDocument, error: string, mediaType: string | undefined): Promise<boolean> {
    const result = await this.db
      .updateTable('knowledge_documents')
      .set({
        status: 'failed',
        error,
        ...(mediaType === undefined ? {} : { media_type: mediaType }),
        claimed_until: null,
        updated_at: sql`now()`,
      })
      .where('id', '=', claim.id)
      .where('revision', '=', claim.revision)
      .where('attempts', '=', claim.attempt)
      .where('status', '=', 'processing')
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }
}
