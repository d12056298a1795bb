import { chunkDocument, parseDocument } from '@parley/knowledge';
import type { SearchEmbedding } from '@parley/contracts';
import { startFakeLlm } from '@parley/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { knowledgeEmbedderFrom } from '../src/knowledge/embedder.js';
import { docsCorpus, type KnowledgeHarness, type MemoryReplica, startKnowledgeHarness, storeFile, wordEmbedder } from './knowledge-harness.js';

/** Knowledge bases through the memory service's subjects: bases, documents read to `ready`, replaced and deleted, and retrieval. */
describe('knowledge bases', () => {
  let h: KnowledgeHarness;
  let memory: MemoryReplica;
  /** Runs `work` with a replica of its own in place of the default one. */
  const instead = async <T>(knowledge: Parameters<KnowledgeHarness['withMemory']>[0], work: () => Promise<T>): Promise<T> => {
    await memory.stop();
    try {
      return await h.withMemory(knowledge, work);
    } finally {
      memory = await h.startMemory();
    }
  };

  beforeAll(async () => {
    h = await startKnowledgeHarness();
    // No upload store, no embedder, public addresses only; tests that need more stop it meanwhile.
    memory = await h.startMemory();
  });
  afterAll(async () => {
    await h?.stop();
  });

  const chunkCount = async (text: string) => chunkDocument(await parseDocument({ bytes: new TextEncoder().encode(text), mediaType: 'text/markdown' })).length;

  it('creates, lists, renames and deletes bases, with their documents and chunks counted', async () => {
    const tenantId = await h.seedTenant();
    const created = await h.client.request('memory.knowledge.create-base', { tenantId, name: 'Help centre', language: 'english' });
    expect(created).toMatchObject({ name: 'Help centre', language: 'english', threshold: 0.2, documents: 0, chunks: 0 });
    expect(created.id).toMatch(/^kb_/);
    const other = await h.client.request('memory.knowledge.create-base', { tenantId, name: 'Policies', language: 'simple', threshold: 0.5 });
    expect(other.threshold).toBe(0.5);

    const text = '# Opening hours\n\nWe open at nine.\n\n# Prices\n\nTickets cost ten euros.';
    const document = await h.client.request('memory.knowledge.add-document', {
      tenantId,
      baseId: created.id,
      title: 'Visiting',
      source: { kind: 'text', text },
    });
    expect(document).toMatchObject({ knowledge_base_id: created.id, title: 'Visiting', status: 'processing', chunks: 0, media_type: 'text/markdown' });
    expect(await h.settled(tenantId, created.id, document.id)).toMatchObject({ status: 'ready', chunks: await chunkCount(text) });

    const listed = await h.client.request('memory.knowledge.list-bases', { tenantId });
    expect(listed.knowledge_bases.map((base) => [base.name, base.documents, base.chunks])).toEqual([
      ['Help centre', 1, 2],
      ['Policies', 0, 0],
    ]);
    const renamed = await h.client.request('memory.knowledge.update-base', { tenantId, baseId: created.id, name: 'Visitors', threshold: 0.3 });
    expect(renamed).toMatchObject({ id: created.id, name: 'Visitors', language: 'english', threshold: 0.3, documents: 1, chunks: 2 });
    expect(await h.client.request('memory.knowledge.get-base', { tenantId, baseId: created.id })).toEqual(renamed);

    expect(await h.client.request('memory.knowledge.delete-base', { tenantId, baseId: created.id })).toEqual({ id: created.id });
    await expect(h.client.request('memory.knowledge.get-base', { tenantId, baseId: created.id })).rejects.toMatchObject({ code: 'not_found' });
    const left = await h.ctx.db.selectFrom('knowledge_chunks').select('id').where('base_id', '=', created.id).execute();
    expect(left).toEqual([]);
  });

  it('refuses a second base of the same name in a tenant, and allows it in another', async () => {
    const tenantId = await h.seedTenant();
    const first = await h.client.request('memory.knowledge.create-base', { tenantId, name: 'Docs', language: 'simple' });
    await expect(h.client.request('memory.knowledge.create-base', { tenantId, name: 'Docs', language: 'english' })).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringContaining('name'),
    });
    const second = await h.client.request('memory.knowledge.create-base', { tenantId, name: 'More docs', language: 'simple' });
    await expect(h.client.request('memory.knowledge.update-base', { tenantId, baseId: second.id, name: 'Docs' })).rejects.toMatchObject({ code: 'conflict' });
    const elsewhere = await h.seedTenant();
    await expect(h.client.request('memory.knowledge.create-base', { tenantId: elsewhere, name: 'Docs', language: 'simple' })).resolves.toMatchObject({
      name: 'Docs',
    });
    expect(first.id).not.toBe(second.id);
  });

  it("indexes a base's passages again in its new language", async () => {
    const tenantId = await h.seedTenant();
    const base = await h.client.request('memory.knowledge.create-base', { tenantId, name: 'Post', language: 'english' });
    const added = await h.client.request('memory.knowledge.add-document', {
      tenantId,
      baseId: base.id,
      title: 'Post',
      source: { kind: 'text', text: 'Parcels are returned by courier.' },
    });
    await h.settled(tenantId, base.id, added.id);
    const search = async () =>
      (await h.client.request('memory.knowledge.search', { tenantId, bases: [base.id], query: 'returning a parcel', limit: 5 })).results.length;
    // English stems "returning" and "returned" alike; `simple` takes every word as it is written.
    expect(await search()).toBe(1);
    // The passage's length as BM25 counts it: English leaves its stop words ("are", "by") out, `simple` none.
    expect(await h.wordCounts(base.id)).toEqual({ kept: { [added.id]: 3 }, actual: { [added.id]: 3 } });
    await h.client.request('memory.knowledge.update-base', { tenantId, baseId: base.id, language: 'simple' });
    expect(await search()).toBe(0);
    expect(await h.wordCounts(base.id)).toEqual({ kept: { [added.id]: 5 }, actual: { [added.id]: 5 } });
    await h.client.request('memory.knowledge.update-base', { tenantId, baseId: base.id, language: 'english' });
    expect(await search()).toBe(1);
    expect(await h.wordCounts(base.id)).toEqual({ kept: { [added.id]: 3 }, actual: { [added.id]: 3 } });
  });

  it('reads a Markdown document of the project to ready, with its chunks, and finds passages in it', async () => {
    const tenantId = await h.seedTenant();
    const base = await h.client.request('memory.knowledge.create-base', { tenantId, name: 'Docs', language: 'english' });
    const [configuration] = (await docsCorpus()).filter((doc) => doc.name === 'configuration.md');
    const added = await h.client.request('memory.knowledge.add-document', {
      tenantId,
      baseId: base.id,
      title: 'Configuration',
      source: { kind: 'text', text: configuration!.text },
    });
    const ready = await h.settled(tenantId, base.id, added.id);
    expect(ready).toMatchObject({ status: 'ready', chunks: await chunkCount(configuration!.text) });
    expect(ready.chunks).toBeGreaterThan(3);

    const { results } = await h.client.request('memory.knowledge.search', {
      tenantId,
      bases: [base.id],
      query: 'Where are visitors’ files kept without S3?',
      limit: 3,
    });
    expect(results[0]).toMatchObject({ document_id: added.id, knowledge_base_id: base.id, title: 'Configuration' });
    expect(results[0]?.text).toContain('UPLOADS_DIR');
  });

  it('replaces a document of the same title: the new text answers, the old one no more', async () => {
    const tenantId = await h.seedTenant();
    const base = await h.client.request('memory.knowledge.create-base', { tenantId, name: 'Shop', language: 'english' });
    const search = (query: string) => h.client.request('memory.knowledge.search', { tenantId, bases: ['Shop'], query, limit: 5 });
    const first = await h.client.request('memory.knowledge.add-document', {
      tenantId,
      baseId: base.id,
      title: 'Returns',
      source: { kind: 'text', text: 'Parcels are returned within thirty days by courier.' },
    });
    await h.settled(tenantId, base.id, first.id);
    expect((await search('How many days do I have to return a parcel?')).results).toHaveLength(1);

    const second = await h.client.request('memory.knowledge.add-document', {
      tenantId,
      baseId: base.id,
      title: 'Returns',
      source: { kind: 'text', text: 'Refunds reach your card within a fortnight.\n\nKeep the receipt.' },
    });
    // The same document, read again.
    expect(second.id).toBe(first.id);
    expect(await h.settled(tenantId, base.id, second.id)).toMatchObject({ status: 'ready', chunks: 1 });
    expect((await search('How many days do I have to return a parcel?')).results).toEqual([]);
    expect((await search('When is my refund on the card?')).results.map((r) => r.document_id)).toEqual([first.id]);
    expect((await h.client.request('memory.knowledge.list-documents', { tenantId, baseId: base.id })).documents).toHaveLength(1);
    const counts = await h.termCounts(base.id);
    expect(counts.kept).toEqual(counts.actual);
    expect(counts.kept).toMatchObject({ refund: 1, receipt: 1 });
    expect(counts.kept).not.toHaveProperty('parcel');
    const words = await h.wordCounts(base.id);
    expect(words.kept).toEqual(words.actual);
    expect(words.kept[first.id]).toBeGreaterThan(4);
  });

  it('reads a file from the upload store, and deletes it with its document and chunks', async () => {
    const tenantId = await h.seedTenant();
    const base = await h.client.request('memory.knowledge.create-base', { tenantId, name: 'Files', language: 'simple' });
    const text = '# Parking\n\nThe car park opens at seven and closes at midnight.';
    const key = await storeFile(h, tenantId, 'parking.md', text);
    await instead({ uploads: h.uploads }, async () => {
      const added = await h.client.request('memory.knowledge.add-document', {
        tenantId,
        baseId: base.id,
        title: 'Parking',
        source: { kind: 'file', uploadKey: key, filename: 'parking.md', mediaType: 'text/markdown', bytes: text.length },
      });
      expect(await h.settled(tenantId, base.id, added.id)).toMatchObject({ status: 'ready', chunks: 1, media_type: 'text/markdown' });

      expect(await h.client.request('memory.knowledge.delete-document', { tenantId, baseId: base.id, documentId: added.id })).toEqual({ id: added.id });
      await expect(h.client.request('memory.knowledge.get-document', { tenantId, baseId: base.id, documentId: added.id })).rejects.toMatchObject({
        code: 'not_found',
      });
      expect(await h.ctx.db.selectFrom('knowledge_chunks').select('id').where('document_id', '=', added.id).execute()).toEqual([]);
      expect(await h.uploads.open(key)).toBeUndefined();
      expect(await h.termCounts(base.id)).toEqual({ kept: {}, actual: {} });
      expect((await h.client.request('memory.knowledge.search', { tenantId, bases: [base.id], query: 'car park', limit: 5 })).results).toEqual([]);
    });
  });

  it('reads a document from a URL, its type as the server says, and replaces it when the URL is added again', async () => {
    const tenantId = await h.seedTenant();
    const base = await h.client.request('memory.knowledge.create-base', { tenantId, name: 'Site', language: 'english' });
    const page = '# Tours\n\nGuided tours start every hour from the main hall.';
    h.documents.handle = (_request, response) => response.writeHead(200, { 'content-type': 'text/markdown; charset=utf-8' }).end(page);
    await instead({ options: { allowPrivate: true } }, async () => {
      const url = `${h.documents.origin}/tours`;
      const added = await h.client.request('memory.knowledge.add-document', { tenantId, baseId: base.id, title: url, source: { kind: 'url', url } });
      expect(added).toMatchObject({ url, status: 'processing' });
      expect(await h.settled(tenantId, base.id, added.id)).toMatchObject({ status: 'ready', chunks: 1, media_type: 'text/markdown', url });
      // A text of the title the URL comes back under: the URL's document replaces both.
      const notes = await h.client.request('memory.knowledge.add-document', {
        tenantId,
        baseId: base.id,
        title: 'Tours',
        source: { kind: 'text', text: 'Tours are cancelled when it snows.' },
      });
      await h.settled(tenantId, base.id, notes.id);
      const again = await h.client.request('memory.knowledge.add-document', { tenantId, baseId: base.id, title: 'Tours', source: { kind: 'url', url } });
      expect(again.id).toBe(added.id);
      expect(await h.settled(tenantId, base.id, added.id)).toMatchObject({ status: 'ready', title: 'Tours' });
      expect((await h.client.request('memory.knowledge.list-documents', { tenantId, baseId: base.id })).documents.map((d) => d.id)).toEqual([added.id]);
      const counts = await h.termCounts(base.id);
      expect(counts.kept).toEqual(counts.actual);
      const words = await h.wordCounts(base.id);
      expect(words.kept).toEqual(words.actual);
      const { results } = await h.client.request('memory.knowledge.search', { tenantId, bases: ['Site'], query: 'When do guided tours start?', limit: 5 });
      expect(results).toEqual([expect.objectContaining({ document_id: added.id, title: 'Tours', url, heading: 'Tours' })]);
    });
  });

  it('embeds chunks and questions when an embedder is configured, and fuses similarity into the score', async () => {
    const tenantId = await h.seedTenant();
    const base = await h.client.request('memory.knowledge.create-base', { tenantId, name: 'Embedded', language: 'english' });
    const embedder = wordEmbedder();
    await instead({ embedder, options: { embedBatch: 2 } }, async () => {
      const text = '# Dogs\n\nDogs are welcome on a lead.\n\n# Cats\n\nCats stay at home.\n\n# Birds\n\nBirds are welcome in cages.';
      const added = await h.client.request('memory.knowledge.add-document', { tenantId, baseId: base.id, title: 'Animals', source: { kind: 'text', text } });
      expect(await h.settled(tenantId, base.id, added.id)).toMatchObject({ status: 'ready', chunks: 3 });
      // Three chunks, two a batch.
      expect(embedder.calls.map((batch) => batch.length)).toEqual([2, 1]);
      const rows = await h.ctx.db.selectFrom('knowledge_chunks').select(['embedding']).where('document_id', '=', added.id).execute();
      expect(rows.every((row) => row.embedding?.length === 512)).toBe(true);

      const { results } = await h.client.request('memory.knowledge.search', { tenantId, bases: [base.id], query: 'Are dogs welcome?', limit: 5 });
      expect(embedder.calls.at(-1)).toEqual(['Are dogs welcome?']);
      expect(results.map((r) => r.heading)).toEqual(['Dogs', 'Birds']);
      expect(results[0]!.score).toBeGreaterThan(results[1]!.score);
    });
  });

  it("compares the caller's embedding of the question when it is of EMBEDDING_MODEL, ignores one of another model, and embeds nothing when the caller chose full-text", async () => {
    const tenantId = await h.seedTenant();
    const base = await h.client.request('memory.knowledge.create-base', { tenantId, name: 'Given', language: 'english' });
    const embedder = wordEmbedder('test-words');
    await instead({ embedder }, async () => {
      const text = '# Dogs\n\nDogs are welcome on a lead.\n\n# Cats\n\nCats stay at home.\n\n# Birds\n\nBirds are welcome in cages.';
      const added = await h.client.request('memory.knowledge.add-document', { tenantId, baseId: base.id, title: 'Animals', source: { kind: 'text', text } });
      expect(await h.settled(tenantId, base.id, added.id)).toMatchObject({ status: 'ready', chunks: 3 });
      const query = 'Are dogs welcome?';
      const search = async (embedding?: SearchEmbedding) =>
        (await h.client.request('memory.knowledge.search', { tenantId, bases: [base.id], query, limit: 5, ...(embedding === undefined ? {} : { embedding }) }))
          .results;
      const scored = (results: { heading?: string; score: number }[]) => results.map((r) => [r.heading, r.score]);
      const [questionVector] = await wordEmbedder().embed([query]);
      const [birdsVector] = await wordEmbedder().embed(['Birds\n\nBirds are welcome in cages.']);

      // Without a word from the caller (the console's search box), the question is embedded here.
      const asked = embedder.calls.length;
      const own = await search();
      expect(embedder.calls.slice(asked)).toEqual([[query]]);
      // The same vector made by the caller: the same answer, and nothing embedded here.
      expect(scored(await search({ model: 'test-words', vector: questionVector! }))).toEqual(scored(own));
      // It is the caller's vector that is compared: one pointing at the birds' passage puts it first.
      const steered = await search({ model: 'test-words', vector: birdsVector! });
      expect(steered.map((r) => r.heading)).toEqual(['Birds', 'Dogs']);
      expect(steered[0]!.score).toBeGreaterThan(own.find((r) => r.heading === 'Birds')!.score);

      // Full-text alone: the passage holding the whole question scores 1, with no similarity averaged in.
      const fullText = await search('full-text');
      expect(scored(fullText)[0]).toEqual(['Dogs', 1]);
      expect(own[0]).toMatchObject({ heading: 'Dogs', score: expect.any(Number) });
      expect(own[0]!.score).toBeLessThan(1);
      // A vector of another model is not comparable with the passages': full-text search answers alone.
      expect(scored(await search({ model: 'another-model', vector: birdsVector! }))).toEqual(scored(fullText));
      // None of these asked the embedder again.
      expect(embedder.calls.length).toBe(asked + 1);
    });
  });

  it('embeds through the OpenAI-compatible /embeddings when EMBEDDING_MODEL is set', async () => {
    const llm = await startFakeLlm();
    try {
      const embedder = knowledgeEmbedderFrom(
        { apiKey: undefined, baseUrl: llm.url, timeoutMs: 5_000, maxRetries: 0, embeddingModel: 'text-embedding-3-small' },
        h.ctx.logger,
      );
      const tenantId = await h.seedTenant();
      const base = await h.client.request('memory.knowledge.create-base', { tenantId, name: 'Endpoint', language: 'english' });
      await instead({ embedder }, async () => {
        const text = '# Bikes\n\nBikes may be parked in the courtyard.\n\n# Lockers\n\nLockers take a one euro coin.';
        const added = await h.client.request('memory.knowledge.add-document', {
          tenantId,
          baseId: base.id,
          title: 'Facilities',
          source: { kind: 'text', text },
        });
        expect(await h.settled(tenantId, base.id, added.id)).toMatchObject({ status: 'ready', chunks: 2 });
        expect(llm.embeddings).toEqual([
          expect.objectContaining({
            model: 'text-embedding-3-small',
            inputs: ['Bikes\n\nBikes may be parked in the courtyard.', 'Lockers\n\nLockers take a one euro coin.'],
          }),
        ]);
        const { results } = await h.client.request('memory.knowledge.search', { tenantId, bases: [base.id], query: 'Where can I park my bike?', limit: 5 });
        expect(llm.embeddings.at(-1)?.inputs).toEqual(['Where can I park my bike?']);
        expect(results.map((r) => r.heading)).toEqual(['Bikes']);
      });
    } finally {
      await llm.close();
    }
  });
});
