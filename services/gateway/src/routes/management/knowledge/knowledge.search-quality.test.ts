import { readdirSync, readFileSync } from 'node:fs';
import { createLogger } from '@parley/logger';
import { knowledgeEmbedderFrom } from '@parley/memory';
import { type FakeLlm, startFakeLlm, waitFor } from '@parley/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayHarness, startGatewayHarness } from '../../../../test/gateway-harness.js';
import { createBase, type KnowledgeTenant, knowledgeTenant, uploadDocument } from './knowledge.test-kit.js';

/** The project's own documentation: every docs/*.md file, as a help centre's pages. */
const DOCS = new URL('../../../../../../docs/', import.meta.url);

/**
 * Questions as a reader of the docs would type them – their own words, not the docs' sentences –
 * each answered by one file. Each shares at least one of the product's own terms with its answer
 * (a feature's name, HMAC, an operator), as someone who has used the console would: a question
 * sharing no word at all with its answer ("ready-made answers" for canned replies) is a semantic
 * model's to find, which neither full-text search nor the fake LLM's word-hashing embeddings are.
 */
const QUESTIONS: { question: string; file: string }[] = [
  { question: 'How do I get my data back from a Postgres dump after the server dies?', file: 'operations.md' },
  { question: 'Can I let Claude or another AI assistant create and revoke my chat links?', file: 'mcp.md' },
  { question: 'Can my chat link refuse visitors from some countries?', file: 'public-chat-api.md' },
  { question: 'Who gets an email when a visitor waits for a person and no operator is around?', file: 'escalation.md' },
  { question: 'How do I keep things running if the Redis server goes down?', file: 'deployment.md' },
  { question: 'How do I compute the HMAC signature for my Text Chat API calls?', file: 'text-chat-api.md' },
  { question: 'What happens when transitions keep looping inside one message?', file: 'workflow.md' },
  { question: 'What is a viewer allowed to do compared with an editor?', file: 'management-api.md' },
  { question: 'How big are the pieces my uploaded manuals get cut into?', file: 'knowledge.md' },
  { question: 'How do I run only the quick tests that need no database?', file: 'testing.md' },
];

/** Questions whose file must be among the first three results. */
const REQUIRED_HITS = 9;

/** One question's outcome: where its file came (0 when not in the top 3) and the files that came instead. */
interface Asked {
  question: string;
  file: string;
  rank: number;
  top: string[];
}

/** The rank table a reader of the test's output checks: which questions missed, and what came first. */
function rankTable(title: string, asked: Asked[]): string {
  const rows = asked.map(
    (a, i) =>
      `${String(i + 1).padStart(2)}  ${(a.rank ? String(a.rank) : 'miss').padEnd(4)}  ${a.file.padEnd(18)}  ${a.question}\n${' '.repeat(30)}top 3: ${a.top.join(', ') || '(nothing)'}`,
  );
  const hits = asked.filter((a) => a.rank > 0).length;
  return [`search quality, ${title}: ${hits}/${asked.length} in the top 3`, ' #  rank  expected file       question', ...rows].join('\n');
}

/**
 * The quality of `GET /api/knowledge/{id}/search` (docs/knowledge.md "How retrieval works") over a
 * real corpus – every docs/*.md file uploaded as a Markdown document of one English base – for
 * questions worded unlike the text: the file that answers each is in the top 3 for at least 9 of
 * the 10, by full-text search alone and with EMBEDDING_MODEL set (the memory service embeds through
 * the fake LLM's /embeddings).
 */
describe.each([
  { title: 'full-text search alone', embeddings: false },
  { title: 'with EMBEDDING_MODEL', embeddings: true },
])('search quality over the docs, $title', ({ title, embeddings }) => {
  let llm: FakeLlm | undefined;
  let h: GatewayHarness;
  let t: KnowledgeTenant;
  let baseId: string;
  /** Each document's file name, by document id. */
  const files = new Map<string, string>();

  beforeAll(async () => {
    llm = embeddings ? await startFakeLlm() : undefined;
    const embedder = llm
      ? knowledgeEmbedderFrom(
          { apiKey: undefined, baseUrl: llm.url, timeoutMs: 5_000, maxRetries: 0, embeddingModel: 'text-embedding-3-small' },
          createLogger({ service: 'memory', level: 'silent' }),
        )
      : undefined;
    h = await startGatewayHarness({ managementRateLimitPerMinute: 10_000 }, embedder ? { knowledge: { embedder } } : {});
    t = await knowledgeTenant(h);
    baseId = (await createBase(h, t.keys.editor, { name: 'Parley docs', language: 'english' })).id;
    const names = readdirSync(DOCS)
      .filter((name) => name.endsWith('.md'))
      .sort();
    expect(names).toEqual(expect.arrayContaining([...new Set(QUESTIONS.map((q) => q.file))]));
    for (const name of names) {
      const added = await uploadDocument(h, t.keys.editor, baseId, { filename: name, data: readFileSync(new URL(name, DOCS)), type: 'text/markdown' });
      expect(added.status, added.text).toBe(202);
      files.set(added.body.id, name);
    }
    const documents = await waitFor(
      async () => {
        const listed = await h.withKey(t.keys.viewer, 'GET', `/api/knowledge/${baseId}/documents`);
        expect(listed.status, listed.text).toBe(200);
        const all = listed.body.documents as { id: string; status: string; chunks: number; error?: string }[];
        return all.length === names.length && all.every((d) => d.status !== 'processing') ? all : false;
      },
      { timeoutMs: 120_000, intervalMs: 250 },
    );
    for (const document of documents) expect(document, files.get(document.id)).toMatchObject({ status: 'ready', chunks: expect.any(Number) });
    // Every chunk was embedded, 64 a request (docs/knowledge.md "How chunks are cut").
    if (llm) expect(llm.embeddings.reduce((sum, e) => sum + e.inputs.length, 0)).toBe(documents.reduce((sum, d) => sum + d.chunks, 0));
  }, 180_000);
  afterAll(async () => {
    await h?.stop();
    await llm?.close();
  });

  it(`finds the file that answers at least ${REQUIRED_HITS} of ${QUESTIONS.length} questions in its top 3`, async () => {
    const asked: Asked[] = [];
    for (const { question, file } of QUESTIONS) {
      const found = await h.withKey(t.keys.viewer, 'GET', `/api/knowledge/${baseId}/search?q=${encodeURIComponent(question)}&limit=3`);
      expect(found.status, found.text).toBe(200);
      const results = found.body.results as { document_id: string; score: number }[];
      expect(results.length).toBeLessThanOrEqual(3);
      const top = results.map((r) => `${files.get(r.document_id)} (${r.score.toFixed(2)})`);
      asked.push({ question, file, rank: results.findIndex((r) => files.get(r.document_id) === file) + 1, top });
    }
    // Printed whatever the outcome, so a reader sees which questions missed and what came instead.
    console.log(rankTable(title, asked));
    const missed = asked.filter((a) => a.rank === 0).map((a) => `${a.file}: ${a.question}`);
    expect(asked.length - missed.length, `missed:\n${missed.join('\n')}`).toBeGreaterThanOrEqual(REQUIRED_HITS);
  });
});
