import { type Kysely, sql } from 'kysely';

/**
 * Knowledge bases (docs/knowledge.md), owned by the memory service: a tenant's bases, their
 * documents and the chunks retrieval searches. Everything goes with its tenant (ON DELETE
 * CASCADE), a document with its base and a chunk with its document.
 *
 * - A base's `language` names the PostgreSQL text search configuration its chunks are indexed in;
 *   `threshold` is the lowest fused score (0–1) a passage needs to count as a match
 *   (docs/knowledge.md "How retrieval works" says how the score is made and why 0.2).
 * - A document is unique by title in its base, and by URL: adding one of the same title or URL
 *   replaces it. Its `source` (text, an upload-store key, or a URL) is read by the ingestion
 *   worker, which claims `processing` rows with FOR UPDATE SKIP LOCKED and a lease
 *   (`claimed_until`); `attempts` counts the claims of the current `revision` (one more each time
 *   the document is replaced), and the pair fences the worker's write.
 * - A chunk's `tsv` is computed at insert in its base's language (the heading weighted above the
 *   text) and indexed with GIN. Search tests `tsv` of every chunk the question's words are in, and
 *   reads `text` of the best 50 only: `tsv` is kept in the row uncompressed where it fits (MAIN)
 *   and `text` is the column moved out of it (EXTERNAL) when a row outgrows a page's share – else
 *   each test would decompress or fetch `tsv` from TOAST again (5× slower at 10,000 chunks).
 * - `embedding` is the chunk's vector from EMBEDDING_MODEL, kept as a plain real[]: similarity is
 *   computed over the full-text candidates only. A PostgreSQL with the pgvector extension could
 *   keep it as `vector` and index it (HNSW) for nearest-neighbour search over a whole base.
 * - knowledge_terms counts, per base, the chunks each lexeme is in: what a question's words weigh
 *   (their inverse document frequency) is read from it instead of counted over the chunks at
 *   every search. It changes in the transactions that change chunks, and goes with its base.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE knowledge_bases (
      id text PRIMARY KEY CHECK (id ~ '^kb_[A-Za-z0-9_-]{8,40}$'),
      tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
      language text NOT NULL DEFAULT 'simple',
      threshold real NOT NULL DEFAULT 0.2 CHECK (threshold BETWEEN 0 AND 1),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (tenant_id, name)
    )`.execute(db);
  await sql`
    CREATE TABLE knowledge_documents (
      id text PRIMARY KEY CHECK (id ~ '^doc_[A-Za-z0-9_-]{8,40}$'),
      base_id text NOT NULL REFERENCES knowledge_bases (id) ON DELETE CASCADE,
      tenant_id uuid NOT NULL,
      title text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
      url text,
      media_type text,
      status text NOT NULL DEFAULT 'processing' CHECK (status IN ('processing', 'ready', 'failed')),
      error text,
      chunks integer NOT NULL DEFAULT 0 CHECK (chunks >= 0),
      source jsonb NOT NULL,
      embedding_model text,
      revision integer NOT NULL DEFAULT 1,
      attempts integer NOT NULL DEFAULT 0,
      claimed_until timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (base_id, title),
      UNIQUE (base_id, url)
    )`.execute(db);
  // The worker's look for work: documents still processing, oldest first.
  await sql`CREATE INDEX knowledge_documents_processing_idx ON knowledge_documents (updated_at) WHERE status = 'processing'`.execute(db);
  await sql`
    CREATE TABLE knowledge_chunks (
      id text PRIMARY KEY,
      document_id text NOT NULL REFERENCES knowledge_documents (id) ON DELETE CASCADE,
      base_id text NOT NULL,
      tenant_id uuid NOT NULL,
      position integer NOT NULL,
      heading text,
      text text NOT NULL,
      tsv tsvector NOT NULL,
      embedding real[]
    )`.execute(db);
  await sql`ALTER TABLE knowledge_chunks ALTER COLUMN tsv SET STORAGE MAIN, ALTER COLUMN text SET STORAGE EXTERNAL`.execute(db);
  await sql`CREATE INDEX knowledge_chunks_tsv_idx ON knowledge_chunks USING gin (tsv)`.execute(db);
  await sql`CREATE INDEX knowledge_chunks_base_idx ON knowledge_chunks (base_id)`.execute(db);
  await sql`CREATE INDEX knowledge_chunks_document_idx ON knowledge_chunks (document_id, position)`.execute(db);
  await sql`
    CREATE TABLE knowledge_terms (
      base_id text NOT NULL REFERENCES knowledge_bases (id) ON DELETE CASCADE,
      lexeme text NOT NULL,
      chunks integer NOT NULL CHECK (chunks >= 0),
      PRIMARY KEY (base_id, lexeme)
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS knowledge_terms`.execute(db);
  await sql`DROP TABLE IF EXISTS knowledge_chunks`.execute(db);
  await sql`DROP TABLE IF EXISTS knowledge_documents`.execute(db);
  await sql`DROP TABLE IF EXISTS knowledge_bases`.execute(db);
}
