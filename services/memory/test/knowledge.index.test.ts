import { PreparedStatements } from '@parley/db';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BaseIndex, BaseIndexes } from '../src/knowledge/base-index.js';
import { CANDIDATES, idf } from '../src/knowledge/fusion.js';
import { PRESELECTED, SearchRepository } from '../src/knowledge/search.repository.js';
import { KnowledgeSearch, searchedLexemes } from '../src/knowledge/search.service.js';
import { docsCorpus, type KnowledgeHarness, startKnowledgeHarness, wordEmbedder } from './knowledge-harness.js';

/** A SearchRepository that counts the searches the database ranked. */
class CountingRepository extends SearchRepository {
  ranked = 0;
  override candidates(input: Parameters<SearchRepository['candidates']>[0]) {
    this.ranked += 1;
    return super.candidates(input);
  }
}

const QUESTIONS = [
  'What does RUNNER_QUEUE_STORAGE do?',
  'How do I run the database migrations?',
  'How is a Text Chat API request signed with HMAC?',
  'What happens when a visitor asks for a human?',
  'Can I delete all data about one visitor?',
  'How do visitors upload files?',
  'the the the and of to a in is it that for on with as',
  'Recommend a good pasta recipe for dinner',
  'rate limit per minute for a public link',
  'webhook backend retries and timeouts',
];

/**
 * A base's full-text index kept in memory (docs/knowledge.md "How retrieval works"): it ranks as
 * the database's search does, and answers only while the base's chunks are those it was read from.
 */
describe('knowledge search from the index in memory', () => {
  let h: KnowledgeHarness;
  let tenantId: string;
  let baseId: string;
  const embedder = wordEmbedder();
  const options = { queryEmbeddingTimeoutMs: 3_000, indexBytes: 256 * 2 ** 20, indexRereadAfterMs: 2_000 };

  beforeAll(async () => {
    h = await startKnowledgeHarness();
    await h.startMemory({ embedder });
    tenantId = await h.seedTenant();
    baseId = (await h.client.request('memory.knowledge.create-base', { tenantId, name: 'Docs', language: 'english' })).id;
    const added = [];
    for (const doc of await docsCorpus())
      added.push(await h.client.request('memory.knowledge.add-document', { tenantId, baseId, title: doc.name, source: { kind: 'text', text: doc.text } }));
    for (const document of added) expect(await h.settled(tenantId, baseId, document.id, 60_000)).toMatchObject({ status: 'ready' });
  }, 120_000);
  afterAll(async () => {
    await h?.stop();
  });

  /** A search with an index of its own (its clock `now`), and one that always asks the database. */
  function searches(now = () => 0, indexBytes = options.indexBytes) {
    const indexes = new BaseIndexes(h.ctx.db, { maxBytes: indexBytes, rereadAfterMs: options.indexRereadAfterMs, now }, h.ctx.logger);
    const repository = new CountingRepository(h.ctx.db, new PreparedStatements(h.ctx.db, h.ctx.pool));
    return {
      indexes,
      repository,
      kept: new KnowledgeSearch(repository, embedder, { ...options, indexBytes }, h.ctx.logger, indexes),
      database: new KnowledgeSearch(new SearchRepository(h.ctx.db, new PreparedStatements(h.ctx.db, h.ctx.pool)), embedder, options, h.ctx.logger),
    };
  }
  /** A document of `text` added to the base, once it is read. */
  const addText = async (base: string, title: string, text: string) => {
    const added = await h.client.request('memory.knowledge.add-document', { tenantId, baseId: base, title, source: { kind: 'text', text } });
    expect(await h.settled(tenantId, base, added.id)).toMatchObject({ status: 'ready' });
    return added.id;
  };
  const generation = async (id: string) =>
    String((await h.ctx.db.selectFrom('knowledge_bases').select('generation').where('id', '=', id).executeTakeFirstOrThrow()).generation);

  it("plans a search's statement of its bases once per connection, not on every search", async () => {
    // One connection, so the statements it holds are the ones these searches made.
    const pool = new pg.Pool({ connectionString: h.ctx.databaseUrl, max: 1 });
    try {
      const repository = new SearchRepository(h.ctx.db, new PreparedStatements(h.ctx.db, pool));
      for (const query of [...QUESTIONS, ...QUESTIONS]) {
        expect((await repository.bases(tenantId, ['Docs'], query)).map((base) => base.id)).toEqual([baseId]);
      }
      const { rows } = await pool.query<{ custom: number; generic: number }>(
        "SELECT custom_plans::int AS custom, generic_plans::int AS generic FROM pg_prepared_statements WHERE name = 'knowledge_bases_searched'",
      );
      expect(rows).toHaveLength(1);
      // PostgreSQL plans a prepared statement's first runs for their values, then keeps one plan.
      expect(rows[0]?.custom).toBeLessThanOrEqual(5);
      expect(rows[0]?.generic).toBeGreaterThan(0);
    } finally {
      await pool.end();
    }
  });

  it('ranks every chunk as the database does: the same candidates, weights and BM25 scores, and the same passages', async () => {
    const repository = new SearchRepository(h.ctx.db, new PreparedStatements(h.ctx.db, h.ctx.pool));
    const index = await BaseIndex.read(h.ctx.db, baseId);
    expect(index?.generation).toBe(await generation(baseId));
    for (const query of QUESTIONS) {
      const [base] = await repository.bases(tenantId, [baseId], query);
      const { terms, total } = await repository.terms([baseId], base!.lexemes);
      expect(terms.map((term) => [term.lexeme, term.chunks])).toEqual(base!.lexemes.map((lexeme) => [lexeme, index!.holding(lexeme)]));
      expect(total).toBe(index!.chunks);
      const weighed = terms.map((term) => ({ lexeme: term.lexeme, weight: idf(term.chunks, total) }));
      const searched = searchedLexemes(terms);
      const fromDatabase = await repository.candidates({ baseIds: [baseId], searched, weighed, limit: CANDIDATES, vector: undefined, model: undefined });
      const fromMemory = BaseIndex.rank([index!], { searched, weighed, preselected: PRESELECTED, limit: CANDIDATES });
      expect(
        fromMemory.map((chunk) => chunk.chunkId),
        query,
      ).toEqual(fromDatabase.map((row) => row.chunk_id));
      fromMemory.forEach((chunk, i) => {
        expect(chunk.weight).toBeCloseTo(fromDatabase[i]!.weight, 9);
        expect(chunk.bm25).toBeCloseTo(fromDatabase[i]!.bm25, 9);
      });
    }

    const { kept, database, indexes, repository: counted } = searches();
    await kept.search(tenantId, ['Docs'], QUESTIONS[0]!, 5);
    await indexes.settled();
    counted.ranked = 0;
    for (const query of QUESTIONS) expect(await kept.search(tenantId, ['Docs'], query, 5), query).toEqual(await database.search(tenantId, ['Docs'], query, 5));
    expect(counted.ranked).toBe(0);
    expect((await kept.search(tenantId, ['Docs'], 'How do I run the database migrations?', 3)).length).toBeGreaterThan(0);

    // Two bases of one language, searched together: one ranking over both, as the database's.
    const second = (await h.client.request('memory.knowledge.create-base', { tenantId, name: 'Docs again', language: 'english' })).id;
    for (const doc of (await docsCorpus()).slice(0, 4)) {
      const document = await h.client.request('memory.knowledge.add-document', {
        tenantId,
        baseId: second,
        title: doc.name,
        source: { kind: 'text', text: doc.text },
      });
      await h.settled(tenantId, second, document.id, 60_000);
    }
    await kept.search(tenantId, ['Docs', 'Docs again'], QUESTIONS[0]!, 5);
    await indexes.settled();
    for (const query of QUESTIONS)
      expect(await kept.search(tenantId, ['Docs', 'Docs again'], query, 8), query).toEqual(await database.search(tenantId, ['Docs', 'Docs again'], query, 8));
    expect(counted.ranked).toBe(1);
    await h.client.request('memory.knowledge.delete-base', { tenantId, baseId: second });
  });

  it('a base whose chunks changed answers from the database at once, and from memory again once read anew', async () => {
    let now = 0;
    const { kept, indexes, repository } = searches(() => now);
    await kept.search(tenantId, ['Docs'], 'warm up', 5);
    await indexes.settled();

    const before = await generation(baseId);
    const added = { id: await addText(baseId, 'Zanzibar office', 'The Zanzibar office opens at eight and sells quokka stamps.') };
    expect(Number(await generation(baseId))).toBeGreaterThan(Number(before));

    // Read into memory a moment ago: the next searches go to the database until it is read again.
    repository.ranked = 0;
    expect((await kept.search(tenantId, ['Docs'], 'quokka stamps', 3))[0]?.document_id).toBe(added.id);
    await indexes.settled();
    expect(repository.ranked).toBe(1);
    now += options.indexRereadAfterMs;
    expect((await kept.search(tenantId, ['Docs'], 'quokka stamps', 3))[0]?.document_id).toBe(added.id);
    expect(repository.ranked).toBe(2);
    await indexes.settled();
    expect((await kept.search(tenantId, ['Docs'], 'quokka stamps', 3))[0]?.document_id).toBe(added.id);
    expect(repository.ranked).toBe(2);

    // Deleted: gone from the next search, though the index in memory still holds it.
    await h.client.request('memory.knowledge.delete-document', { tenantId, baseId, documentId: added.id });
    expect(await kept.search(tenantId, ['Docs'], 'quokka stamps', 3)).toEqual([]);
    expect(repository.ranked).toBe(3);
  });

  it('every write of a base’s chunks moves its generation: a document added, replaced, renamed, deleted, the language changed, the base deleted', async () => {
    const other = (await h.client.request('memory.knowledge.create-base', { tenantId, name: 'Moves', language: 'english' })).id;
    const moved = async (work: () => Promise<unknown>) => {
      const before = Number(await generation(other));
      await work();
      return Number(await generation(other)) > before;
    };
    let documentId = '';
    expect(
      await moved(async () => {
        documentId = await addText(other, 'One', 'first words');
      }),
    ).toBe(true);
    expect(await moved(() => addText(other, 'One', 'second words'))).toBe(true);
    // A document given a new title (its URL's, replaced) shows it in its passages.
    expect(await moved(() => h.ctx.db.updateTable('knowledge_documents').set({ title: 'Renamed' }).where('id', '=', documentId).execute())).toBe(true);
    expect(await moved(() => h.ctx.db.updateTable('knowledge_documents').set({ error: null }).where('id', '=', documentId).execute())).toBe(false);
    expect(await moved(() => h.client.request('memory.knowledge.update-base', { tenantId, baseId: other, language: 'simple' }))).toBe(true);
    expect(await moved(() => h.client.request('memory.knowledge.update-base', { tenantId, baseId: other, threshold: 0.5 }))).toBe(false);
    expect(await moved(() => h.client.request('memory.knowledge.delete-document', { tenantId, baseId: other, documentId }))).toBe(true);
    // Another base's writes leave it alone.
    const untouched = await generation(baseId);
    await h.client.request('memory.knowledge.delete-base', { tenantId, baseId: other });
    expect(await generation(baseId)).toBe(untouched);
    const { rows } = await sql`SELECT 1 FROM knowledge_chunks WHERE base_id = ${other}`.execute(h.ctx.db);
    expect(rows).toEqual([]);
  });

  it('keeps the most recently searched bases within its memory; a base larger than all of them is searched in the database', async () => {
    const small = (await h.client.request('memory.knowledge.create-base', { tenantId, name: 'Small', language: 'english' })).id;
    const document = { id: await addText(small, 'Opening hours', 'The depot opens at eight and closes at six.') };
    const docs = await BaseIndex.read(h.ctx.db, baseId);
    const smallIndex = await BaseIndex.read(h.ctx.db, small);

    // Room for the docs, not for both: the one searched last stays.
    const { kept, indexes, repository } = searches(() => 0, docs!.bytes + smallIndex!.bytes - 1);
    await kept.search(tenantId, ['Docs'], 'migrations', 3);
    await indexes.settled();
    expect(indexes.size).toBe(docs!.bytes);
    await kept.search(tenantId, ['Small'], 'depot', 3);
    await indexes.settled();
    expect(indexes.size).toBe(smallIndex!.bytes);
    repository.ranked = 0;
    expect((await kept.search(tenantId, ['Small'], 'When does the depot open?', 3))[0]?.document_id).toBe(document.id);
    expect(repository.ranked).toBe(0);

    // Too large for any room: never kept, and not read again while it does not change.
    const tight = searches(() => 0, smallIndex!.bytes);
    await tight.kept.search(tenantId, ['Docs'], 'migrations', 3);
    await tight.indexes.settled();
    expect(tight.indexes.size).toBe(0);
    tight.repository.ranked = 0;
    expect((await tight.kept.search(tenantId, ['Docs'], 'How do I run the database migrations?', 3)).length).toBeGreaterThan(0);
    await tight.indexes.settled();
    expect(tight.repository.ranked).toBe(1);
    expect(tight.indexes.size).toBe(0);
  });
});
