import { randomUUID } from 'node:crypto';
import { createAgentRunner, llmFromConfig, questionEmbedderFrom } from '@parley/agent-runner';
import type { PlatformBus } from '@parley/bus';
import type { KnowledgeDocument } from '@parley/contracts';
import { createLinksService } from '@parley/links';
import { noLlm } from '@parley/llm';
import { createMetricsRegistry } from '@parley/service';
import {
  connectTestBus,
  createTestContext,
  type FakeLlm,
  linkTestKeys,
  type RecordedRequest,
  startFakeLlm,
  Teardown,
  type TestContext,
  waitFor,
} from '@parley/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryService } from '../src/app.js';
import { knowledgeEmbedderFrom } from '../src/knowledge/embedder.js';

const EMBEDDING_MODEL = 'text-embedding-3-small';
const QUESTION = 'How do I reset my password?';

/**
 * Two passages that both hold the question's words (`reset`, `password`): full-text search puts
 * the API's first (its heading holds them, and a heading weighs more), though only the account's
 * answers the question – in the question's own words, which is what its embedding sees.
 */
const ACCOUNT = '# Signing in\n\nHow do I reset my password? Choose Forgot password on the sign-in page.';
const TOKENS = '# Password reset\n\nA password reset token for the API expires after one hour.';

/** Answers from the one passage it is given, citing it. */
const citingModel = (req: RecordedRequest) => {
  const system = (req.body.messages ?? []).find((m) => m.role === 'system');
  return { content: String(system?.content ?? '').includes('[1] (') ? 'Here is how [1].' : 'I do not know.' };
};

/**
 * A turn of a prompt node with knowledge, through the agent-runner, the memory service and links
 * on the real NATS and PostgreSQL: the runner embeds the question on its own endpoint
 * (EMBEDDING_MODEL) and sends the vector with the search. Each has its own fake LLM server, so
 * each request says which process made it; the memory service has no LLM but its embeddings.
 */
describe("a turn's question embedded by the agent-runner", () => {
  let ctx: TestContext;
  let teardown: Teardown;
  /** The runner's endpoint: its replies and the questions' embeddings. */
  let runnerLlm: FakeLlm;
  /** The memory service's endpoint: the passages' embeddings. */
  let memoryLlm: FakeLlm;
  let client: PlatformBus;
  let tenantId: string;
  let agentId: string;
  const documents: Record<'account' | 'tokens', string> = { account: '', tokens: '' };

  beforeAll(async () => {
    ctx = await createTestContext({ name: 'knowledge-turn' });
    teardown = new Teardown(() => ctx.cleanup());
    runnerLlm = await startFakeLlm({ handler: citingModel });
    memoryLlm = await startFakeLlm();
    teardown.add(async () => {
      await Promise.all([runnerLlm.close(), memoryLlm.close()]);
    });
    const llmConfig = { apiKey: undefined, timeoutMs: 5_000, maxRetries: 0 };

    const services = await connectTestBus(ctx, teardown, 'links-and-runner');
    const links = createLinksService({ bus: services, db: ctx.db, logger: ctx.logger, keys: linkTestKeys });
    const runner = createAgentRunner({
      bus: services,
      llm: llmFromConfig({ ...llmConfig, baseUrl: runnerLlm.url }, ctx.logger),
      logger: ctx.logger,
      registry: createMetricsRegistry('agent-runner', { defaultMetrics: false }),
      knowledge: {
        embedder: questionEmbedderFrom({ ...llmConfig, baseUrl: runnerLlm.url, embeddingModel: EMBEDDING_MODEL }, ctx.logger),
        embeddingBudgetMs: 1_000,
      },
    });
    await runner.ready;
    teardown.add(async () => {
      await Promise.all([links.drain(), runner.drain()]);
    });
    const memoryBus = await connectTestBus(ctx, teardown, 'memory');
    const memory = createMemoryService({
      bus: memoryBus,
      db: ctx.db,
      pool: ctx.pool,
      logger: ctx.logger,
      llm: noLlm(),
      options: { model: 'fake-model', llmBudgetMs: 1_000 },
      knowledge: { embedder: knowledgeEmbedderFrom({ ...llmConfig, baseUrl: memoryLlm.url, embeddingModel: EMBEDDING_MODEL }, ctx.logger) },
    });
    teardown.add(() => memory.drain());
    // A flush: the server has the services' subscriptions before the client's first request.
    await Promise.all([services.ping(), memoryBus.ping()]);
    client = await connectTestBus(ctx, teardown, 'client');

    tenantId = (await client.request('links.tenants.create', { name: 'Help desk' })).id;
    const base = await client.request('memory.knowledge.create-base', { tenantId, name: 'Help centre', language: 'english' });
    const added = await Promise.all(
      [
        ['Accounts', ACCOUNT],
        ['API tokens', TOKENS],
      ].map(([title, text]) =>
        client.request('memory.knowledge.add-document', { tenantId, baseId: base.id, title: title!, source: { kind: 'text', text: text! } }),
      ),
    );
    for (const document of added) {
      const read = await waitFor(
        async () => {
          const now: KnowledgeDocument = await client.request('memory.knowledge.get-document', { tenantId, baseId: base.id, documentId: document.id });
          return now.status !== 'processing' && now;
        },
        { timeoutMs: 15_000 },
      );
      expect(read).toMatchObject({ status: 'ready', chunks: 1 });
    }
    documents.account = added[0]!.id;
    documents.tokens = added[1]!.id;
    const config = {
      llm: { model: 'fake-model' },
      workflow: {
        initial_node: 'answer',
        nodes: [{ id: 'answer', name: 'Answer', prompt: 'You help with accounts.', knowledge: { bases: ['Help centre'], top_k: 1 } }],
      },
    };
    agentId = (await client.request('links.agents.create', { tenantId, name: 'help', config })).id;
  }, 60_000);
  afterAll(async () => {
    await teardown?.run();
  });
  beforeEach(() => {
    runnerLlm.reset();
    runnerLlm.setHandler(citingModel);
    memoryLlm.reset();
  });

  const ask = (message: string) =>
    client.request('runner.turn', {
      agentId,
      version: 1,
      conversationId: randomUUID(),
      sessionId: 'text_knowledge-turn',
      state: { nodeId: 'answer', collectedData: {}, visitTurns: 0 },
      message,
      history: [],
      turnKey: randomUUID(),
      tenantId,
    });

  it('the runner embeds the question, the memory service compares its vector: the passage in the question’s words is the one found', async () => {
    const outcome = await ask(QUESTION);
    // Only the runner asked for the question's embedding; the memory service, none at all.
    expect(runnerLlm.embeddings).toEqual([expect.objectContaining({ model: EMBEDDING_MODEL, inputs: [QUESTION] })]);
    expect(memoryLlm.embeddings).toEqual([]);
    // Similarity put the account's passage first: full-text search alone finds the API's (below).
    expect(outcome.response).toBe('Here is how [1].');
    expect(outcome.knowledge?.citations).toEqual([expect.objectContaining({ n: 1, document_id: documents.account, title: 'Accounts' })]);
  });

  it('an embedding that fails, or comes after the budget, leaves the search to full-text alone: the memory service does not embed it either', async () => {
    runnerLlm.setEmbeddingHandler(() => ({ status: 503 }));
    const failed = await ask(QUESTION);
    expect(runnerLlm.embeddings.map((e) => e.inputs)).toEqual([[QUESTION]]);
    expect(memoryLlm.embeddings).toEqual([]);
    expect(failed.knowledge?.citations).toEqual([expect.objectContaining({ n: 1, document_id: documents.tokens, title: 'API tokens' })]);

    // Late: the turn stops waiting at the budget (1 s here), long before the answer would come.
    runnerLlm.setEmbeddingHandler(() => ({ delayMs: 10_000 }));
    const started = Date.now();
    const late = await ask(QUESTION);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(runnerLlm.embeddings.map((e) => e.inputs)).toEqual([[QUESTION], [QUESTION]]);
    expect(memoryLlm.embeddings).toEqual([]);
    expect(late.knowledge?.citations).toEqual([expect.objectContaining({ n: 1, document_id: documents.tokens })]);
  });
});
