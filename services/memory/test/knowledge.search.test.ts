import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docsCorpus, type KnowledgeHarness, startKnowledgeHarness } from './knowledge-harness.js';

/** Retrieval over the project's own documentation, every file a document of one base. */
describe('knowledge search over the docs', () => {
  let h: KnowledgeHarness;
  let tenantId: string;
  const titles = new Map<string, string>();

  beforeAll(async () => {
    h = await startKnowledgeHarness();
    await h.startMemory();
    tenantId = await h.seedTenant();
    const base = await h.client.request('memory.knowledge.create-base', { tenantId, name: 'Docs', language: 'english' });
    const added = [];
    for (const doc of await docsCorpus()) {
      const document = await h.client.request('memory.knowledge.add-document', {
        tenantId,
        baseId: base.id,
        title: doc.name,
        source: { kind: 'text', text: doc.text },
      });
      titles.set(document.id, doc.name);
      added.push(document);
    }
    for (const document of added) expect(await h.settled(tenantId, base.id, document.id, 60_000)).toMatchObject({ status: 'ready' });
  }, 120_000);
  afterAll(async () => {
    await h?.stop();
  });

  const ask = (query: string, limit = 5) => h.client.request('memory.knowledge.search', { tenantId, bases: ['Docs'], query, limit });

  /** The files of the best `n` passages. */
  const top = async (query: string, n: number) => (await ask(query)).results.slice(0, n).map((r) => titles.get(r.document_id));

  it('finds the document that answers each question', async () => {
    expect(await top('What does RUNNER_QUEUE_STORAGE do?', 1)).toEqual(['configuration.md']);
    expect((await ask('What does RUNNER_QUEUE_STORAGE do?')).results[0]?.text).toContain('RUNNER_QUEUE_STORAGE');
    expect(await top('How do I run the database migrations?', 1)).toEqual(['operations.md']);
    expect(await top('How is a Text Chat API request signed with HMAC?', 1)).toEqual(['text-chat-api.md']);
    expect(await top('What happens when a visitor asks for a human?', 3)).toContain('escalation.md');
    expect(await top('Can I delete all data about one visitor?', 3)).toContain('management-api.md');
  });

  it('answers best first, scores from 0 to 1, as many as asked', async () => {
    const { results } = await ask('How do visitors upload files?', 4);
    expect(results).toHaveLength(4);
    const scores = results.map((r) => r.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    for (const score of scores) expect(score).toBeGreaterThan(0);
    for (const score of scores) expect(score).toBeLessThanOrEqual(1);
    expect(results[0]).toMatchObject({ knowledge_base_id: expect.stringMatching(/^kb_/), chunk_id: expect.stringMatching(/^chk_/), title: expect.any(String) });
  });

  it('finds nothing for a question the docs do not answer', async () => {
    expect((await ask('Recommend a good pasta recipe for dinner')).results).toEqual([]);
    expect((await ask('who won the football world cup')).results).toEqual([]);
    // Only stop words: nothing to search for.
    expect((await ask('what is it?')).results).toEqual([]);
  });

  it('searches bases named by id or name, leaving unknown ones out', async () => {
    const [base] = (await h.client.request('memory.knowledge.list-bases', { tenantId })).knowledge_bases;
    const query = 'How do I run the database migrations?';
    const byName = await h.client.request('memory.knowledge.search', { tenantId, bases: ['Docs', 'No such base'], query, limit: 3 });
    const byId = await h.client.request('memory.knowledge.search', { tenantId, bases: [base!.id], query, limit: 3 });
    expect(byName.results.length).toBeGreaterThan(0);
    expect(byId).toEqual(byName);
    expect(await h.client.request('memory.knowledge.search', { tenantId, bases: ['No such base'], query, limit: 3 })).toEqual({ results: [] });
  });
});
