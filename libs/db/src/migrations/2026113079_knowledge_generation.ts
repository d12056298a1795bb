import { type Kysely, sql } from 'kysely';

/**
 * A knowledge base's `generation`: one more on every statement that writes its chunks (added,
 * replaced, deleted with their document or base, indexed again in a new language), and on a
 * document's new title or URL (its passages show them), by triggers, so that no writer can forget it. The memory service keeps a base's full-text index in memory
 * and trusts it only while the generation it was read at is the base's (docs/knowledge.md "How
 * retrieval works").
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE knowledge_bases ADD COLUMN generation bigint NOT NULL DEFAULT 0`.execute(db);
  await sql`
    CREATE FUNCTION knowledge_chunks_changed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      UPDATE knowledge_bases SET generation = generation + 1 WHERE id IN (SELECT DISTINCT base_id FROM changed);
      RETURN NULL;
    END $$`.execute(db);
  await sql`
    CREATE TRIGGER knowledge_chunks_inserted AFTER INSERT ON knowledge_chunks
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION knowledge_chunks_changed()`.execute(db);
  await sql`
    CREATE TRIGGER knowledge_chunks_updated AFTER UPDATE ON knowledge_chunks
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION knowledge_chunks_changed()`.execute(db);
  await sql`
    CREATE TRIGGER knowledge_chunks_deleted AFTER DELETE ON knowledge_chunks
    REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION knowledge_chunks_changed()`.execute(db);
  await sql`
    CREATE FUNCTION knowledge_document_renamed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      UPDATE knowledge_bases SET generation = generation + 1 WHERE id = NEW.base_id;
      RETURN NULL;
    END $$`.execute(db);
  await sql`
    CREATE TRIGGER knowledge_document_renamed AFTER UPDATE OF title, url ON knowledge_documents
    FOR EACH ROW WHEN (OLD.title IS DISTINCT FROM NEW.title OR OLD.url IS DISTINCT FROM NEW.url)
    EXECUTE FUNCTION knowledge_document_renamed()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TRIGGER knowledge_document_renamed ON knowledge_documents`.execute(db);
  await sql`DROP FUNCTION knowledge_document_renamed()`.execute(db);
  for (const name of ['knowledge_chunks_inserted', 'knowledge_chunks_updated', 'knowledge_chunks_deleted'])
    await sql`DROP TRIGGER ${sql.id(name)} ON knowledge_chunks`.execute(db);
  await sql`DROP FUNCTION knowledge_chunks_changed()`.execute(db);
  await sql`ALTER TABLE knowledge_bases DROP COLUMN generation`.execute(db);
}
