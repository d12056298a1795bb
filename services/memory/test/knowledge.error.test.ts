import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Embedder } from '../src/knowledge/embedder.js';
import { type KnowledgeHarness, startKnowledgeHarness, storeFile, wordEmbedder } from './knowledge-harness.js';

/**
 * What goes wrong with knowledge bases and their documents, and what the tenant is told. Each test
 * runs a memory replica of its own, set up as it needs: the one that answers it reads its documents.
 */
describe('knowledge bases when things go wrong', () => {
  let h: KnowledgeHarness;
  let tenantId: string;

  beforeAll(async () => {
    h = await startKnowledgeHarness();
    tenantId = await h.seedTenant();
  });
  afterAll(async () => {
    await h?.stop();
  });

  const newBase = async (name: string) => (await h.client.request('memory.knowledge.create-base', { tenantId, name, language: 'english' })).id;
  const addUrl = (baseId: string, url: string) =>
    h.client.request('memory.knowledge.add-document', { tenantId, baseId, title: url, source: { kind: 'url', url } });

  it('fails a URL on a private address unless KNOWLEDGE_ALLOW_PRIVATE, saying why, and asks it nothing', async () => {
    await h.withMemory({}, async () => {
      const baseId = await newBase('Refused');
      const before = h.documents.requests.length;
      const added = await addUrl(baseId, `${h.documents.origin}/internal`);
      expect(await h.settled(tenantId, baseId, added.id)).toMatchObject({
        status: 'failed',
        chunks: 0,
        error: 'the URL could not be fetched: 127.0.0.1 is a loopback address: knowledge bases may not reach it',
      });
      expect(h.documents.requests.length).toBe(before);
    });
  });

  it('fails a URL that answers an error, or a type that cannot be read', async () => {
    h.documents.handle = (request, response) => {
      if (request.url === '/logo.png') response.writeHead(200, { 'content-type': 'image/png' }).end(Buffer.from([0x89, 0x50, 0x4e, 0x47]));
      else response.writeHead(404, { 'content-type': 'text/plain' }).end('not here');
    };
    await h.withMemory({ options: { allowPrivate: true } }, async () => {
      const baseId = await newBase('Broken links');
      const missing = await addUrl(baseId, `${h.documents.origin}/gone`);
      expect(await h.settled(tenantId, baseId, missing.id)).toMatchObject({
        status: 'failed',
        error: `the URL could not be fetched: ${new URL(h.documents.origin).host} answered 404`,
      });
      const image = await addUrl(baseId, `${h.documents.origin}/logo.png`);
      const failed = await h.settled(tenantId, baseId, image.id);
      expect(failed).toMatchObject({ status: 'failed', media_type: 'image/png' });
      expect(failed.error).toMatch(/image\/png/);
    });
  });

  it('fails a file when no upload store is configured, and one no longer in the store', async () => {
    const key = await storeFile(h, tenantId, 'faq.md', '# FAQ\n\nAsk us anything.');
    const file = { kind: 'file' as const, uploadKey: key, filename: 'faq.md', mediaType: 'text/markdown', bytes: 24 };
    const baseId = await h.withMemory({ uploads: undefined }, async () => {
      const baseId = await newBase('Files');
      const added = await h.client.request('memory.knowledge.add-document', { tenantId, baseId, title: 'FAQ', source: file });
      expect(await h.settled(tenantId, baseId, added.id)).toMatchObject({ status: 'failed', error: expect.stringContaining('no upload store is configured') });
      return baseId;
    });
    await h.withMemory({ uploads: h.uploads }, async () => {
      const added = await h.client.request('memory.knowledge.add-document', {
        tenantId,
        baseId,
        title: 'Lost',
        source: { ...file, uploadKey: `${tenantId}/knowledge/never-stored.md` },
      });
      expect(await h.settled(tenantId, baseId, added.id)).toMatchObject({ status: 'failed', error: 'the uploaded file is no longer in the upload store' });
    });
  });

  it("refuses a file outside the tenant's part of the upload store", async () => {
    await h.withMemory({}, async () => {
      const baseId = await newBase('Elsewhere');
      const elsewhere = await h.seedTenant();
      await expect(
        h.client.request('memory.knowledge.add-document', {
          tenantId,
          baseId,
          title: 'Theirs',
          source: { kind: 'file', uploadKey: `${elsewhere}/knowledge/theirs.md`, filename: 'theirs.md', mediaType: 'text/markdown', bytes: 10 },
        }),
      ).rejects.toMatchObject({ code: 'invalid' });
      expect((await h.client.request('memory.knowledge.list-documents', { tenantId, baseId })).documents).toEqual([]);
    });
  });

  it('fails a document with no text in it', async () => {
    await h.withMemory({}, async () => {
      const baseId = await newBase('Empty');
      const added = await h.client.request('memory.knowledge.add-document', { tenantId, baseId, title: 'Blank', source: { kind: 'text', text: '\n\n  \n' } });
      expect(await h.settled(tenantId, baseId, added.id)).toMatchObject({ status: 'failed', error: expect.stringMatching(/no text/i) });
    });
  });

  it('keeps the version before answering when its replacement fails', async () => {
    await h.withMemory({ uploads: h.uploads }, async () => {
      const baseId = await newBase('Kept');
      const first = await h.client.request('memory.knowledge.add-document', {
        tenantId,
        baseId,
        title: 'Opening hours',
        source: { kind: 'text', text: 'The museum opens at nine every morning.' },
      });
      await h.settled(tenantId, baseId, first.id);
      const replaced = await h.client.request('memory.knowledge.add-document', {
        tenantId,
        baseId,
        title: 'Opening hours',
        source: { kind: 'file', uploadKey: `${tenantId}/knowledge/missing.md`, filename: 'missing.md', mediaType: 'text/markdown', bytes: 10 },
      });
      expect(replaced.id).toBe(first.id);
      expect(await h.settled(tenantId, baseId, first.id)).toMatchObject({
        status: 'failed',
        chunks: 1,
        error: 'the uploaded file is no longer in the upload store',
      });
      const { results } = await h.client.request('memory.knowledge.search', { tenantId, bases: [baseId], query: 'When does the museum open?', limit: 3 });
      expect(results.map((r) => r.text)).toEqual(['The museum opens at nine every morning.']);
      // Its length is still that of the chunks that answer.
      expect(await h.wordCounts(baseId)).toEqual({ kept: { [first.id]: 5 }, actual: { [first.id]: 5 } });
    });
  });

  it('fails a document whose embeddings cannot be made; a question that cannot be embedded is answered by full-text search alone', async () => {
    const words = wordEmbedder();
    let down = false;
    const flaky: Embedder = {
      model: words.model,
      embed: async (texts) => {
        if (down) throw new Error('the embeddings endpoint answered 503');
        return words.embed(texts);
      },
    };
    await h.withMemory({ embedder: flaky }, async () => {
      const baseId = await newBase('Embeddings');
      const ok = await h.client.request('memory.knowledge.add-document', {
        tenantId,
        baseId,
        title: 'Ok',
        source: { kind: 'text', text: 'Lockers are by the entrance.' },
      });
      await h.settled(tenantId, baseId, ok.id);
      down = true;
      const failing = await h.client.request('memory.knowledge.add-document', {
        tenantId,
        baseId,
        title: 'Down',
        source: { kind: 'text', text: 'Strollers can be borrowed.' },
      });
      expect(await h.settled(tenantId, baseId, failing.id)).toMatchObject({
        status: 'failed',
        error: 'its embeddings could not be made: the embeddings endpoint answered 503',
      });
      const { results } = await h.client.request('memory.knowledge.search', { tenantId, bases: [baseId], query: 'Where are the lockers?', limit: 3 });
      expect(results.map((r) => r.document_id)).toEqual([ok.id]);
    });
  });

  it('answers not_found for a base or document that does not exist', async () => {
    await h.withMemory({}, async () => {
      const baseId = await newBase('Real');
      const missingBase = 'kb_doesnotexist00';
      const missingDocument = 'doc_doesnotexist0';
      await expect(h.client.request('memory.knowledge.get-base', { tenantId, baseId: missingBase })).rejects.toMatchObject({ code: 'not_found' });
      await expect(h.client.request('memory.knowledge.update-base', { tenantId, baseId: missingBase, threshold: 0.5 })).rejects.toMatchObject({
        code: 'not_found',
      });
      await expect(h.client.request('memory.knowledge.delete-base', { tenantId, baseId: missingBase })).rejects.toMatchObject({ code: 'not_found' });
      await expect(h.client.request('memory.knowledge.list-documents', { tenantId, baseId: missingBase })).rejects.toMatchObject({ code: 'not_found' });
      await expect(
        h.client.request('memory.knowledge.add-document', { tenantId, baseId: missingBase, title: 'x', source: { kind: 'text', text: 'x' } }),
      ).rejects.toMatchObject({ code: 'not_found' });
      await expect(h.client.request('memory.knowledge.get-document', { tenantId, baseId, documentId: missingDocument })).rejects.toMatchObject({
        code: 'not_found',
      });
      await expect(h.client.request('memory.knowledge.delete-document', { tenantId, baseId, documentId: missingDocument })).rejects.toMatchObject({
        code: 'not_found',
      });
    });
  });

  it('refuses malformed requests as invalid', async () => {
    await h.withMemory({}, async () => {
      await expect(h.client.request('memory.knowledge.get-base', { tenantId, baseId: 'not-a-base' })).rejects.toMatchObject({ code: 'invalid' });
      await expect(h.client.request('memory.knowledge.create-base', { tenantId, name: 'Klingon', language: 'klingon' as never })).rejects.toMatchObject({
        code: 'invalid',
      });
      await expect(h.client.request('memory.knowledge.create-base', { tenantId, name: 'Too strict', language: 'simple', threshold: 2 })).rejects.toMatchObject({
        code: 'invalid',
      });
    });
  });
});
