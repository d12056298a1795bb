import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { connectPlatformBus, type PlatformBus } from '@parley/bus';
import type { KnowledgeDocument } from '@parley/contracts';
import { connectTestBus, createTestContext, Teardown, type TestContext, waitFor } from '@parley/testing';
import { fileUploadStore, type UploadStore } from '@parley/uploads';
import { sql } from 'kysely';
import { createMemoryService } from '../src/app.js';
import type { Embedder } from '../src/knowledge/embedder.js';
import type { KnowledgeDeps } from '../src/knowledge/knowledge-feature.js';
import { memoryLlmFrom } from '../src/memories/llm.js';

export interface MemoryReplica {
  stop(): Promise<void>;
}

/** A web server on loopback for documents given by URL; `handle` answers each request (the default: 404). */
export interface DocumentServer {
  origin: string;
  handle: (request: IncomingMessage, response: ServerResponse) => void;
  /** The paths asked, in order. */
  requests: string[];
}

export interface KnowledgeHarness {
  ctx: TestContext;
  client: PlatformBus;
  /** A folder upload store, as the gateway stores documents' files in. */
  uploads: UploadStore;
  documents: DocumentServer;
  /** A memory service replica on its own NATS connection, as a separate process would be. */
  startMemory(knowledge?: KnowledgeDeps): Promise<MemoryReplica>;
  /** Runs `work` with one memory replica built with `knowledge`, stopped after: the only one reading documents meanwhile. */
  withMemory<T>(knowledge: KnowledgeDeps, work: () => Promise<T>): Promise<T>;
  /** A tenant of its own (as the links service creates one). */
  seedTenant(): Promise<string>;
  /** The base's word counts (knowledge_terms) as kept, and as its chunks hold them now: equal unless a write forgot them. */
  termCounts(baseId: string): Promise<{ kept: Record<string, number>; actual: Record<string, number> }>;
  /** Each of the base's documents' words (its chunks' length) as kept, and as its chunks hold them now: equal unless a write forgot them. */
  wordCounts(baseId: string): Promise<{ kept: Record<string, number>; actual: Record<string, number> }>;
  /** The document once it is no longer `processing`. */
  settled(tenantId: string, baseId: string, documentId: string, timeoutMs?: number): Promise<KnowledgeDocument>;
  stop(): Promise<void>;
}

export { docsCorpus } from '@parley/knowledge/test-fixtures';

/**
 * An embedder for tests, no server needed: each word (lower-cased, 3 letters or more, its last
 * `s` dropped) hashed into one of 512 dimensions – texts sharing words are similar, others not.
 */
export function wordEmbedder(model = 'test-words'): Embedder & { calls: string[][] } {
  const calls: string[][] = [];
  return {
    model,
    calls,
    async embed(texts) {
      calls.push(texts);
      return texts.map((text) => {
        const vector = new Array<number>(512).fill(0);
        for (const word of text.toLowerCase().match(/[a-z]{3,}/g) ?? []) {
          const stem = word.replace(/s$/, '');
          let hash = 0;
          for (const char of stem) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
          vector[hash % 512]! += 1;
        }
        return vector;
      });
    },
  };
}

/** The memory service alone on the real NATS (one namespace) and PostgreSQL (one database), with a folder upload store and a document server. */
export async function startKnowledgeHarness(): Promise<KnowledgeHarness> {
  const ctx = await createTestContext({ name: 'knowledge' });
  const teardown = new Teardown(() => ctx.cleanup());
  try {
    const folder = await mkdtemp(join(tmpdir(), 'knowledge-uploads-'));
    teardown.add(() => rm(folder, { recursive: true, force: true }));
    const uploads = fileUploadStore(folder);

    const documents: DocumentServer = {
      origin: '',
      requests: [],
      handle: (_request, response) => response.writeHead(404).end(),
    };
    const server = createServer((request, response) => {
      documents.requests.push(request.url ?? '/');
      documents.handle(request, response);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    documents.origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    teardown.add(async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    });

    const client = await connectTestBus(ctx, teardown, 'client');
    const replicas = new Set<MemoryReplica>();
    teardown.add(async () => {
      for (const replica of replicas) await replica.stop();
    });

    const startMemory = async (knowledge: KnowledgeDeps = {}): Promise<MemoryReplica> => {
      const bus = await connectPlatformBus({ natsUrl: ctx.natsUrl, namespace: ctx.namespace, logger: ctx.logger, name: 'memory' });
      const { llm, budgetMs } = memoryLlmFrom({ apiKey: undefined, baseUrl: undefined, timeoutMs: 1_000, maxRetries: 0 }, ctx.logger);
      const memory = createMemoryService({
        bus,
        db: ctx.db,
        pool: ctx.pool,
        logger: ctx.logger,
        llm,
        options: { model: 'fake-model', llmBudgetMs: budgetMs },
        knowledge,
      });
      // A flush: the server has the service's subscriptions before the client's first request.
      await bus.ping();
      const replica: MemoryReplica = {
        stop: async () => {
          if (!replicas.delete(replica)) return;
          await memory.drain();
          await bus.drain();
        },
      };
      replicas.add(replica);
      return replica;
    };

    return {
      ctx,
      client,
      uploads,
      documents,
      startMemory,
      async withMemory(knowledge, work) {
        const replica = await startMemory(knowledge);
        try {
          return await work();
        } finally {
          await replica.stop();
        }
      },
      async seedTenant() {
        const tenant = await ctx.db.insertInto('tenants').values({ name: 'a tenant with knowledge' }).returning('id').executeTakeFirstOrThrow();
        return tenant.id;
      },
      async termCounts(baseId) {
        const kept = await ctx.db.selectFrom('knowledge_terms').select(['lexeme', 'chunks']).where('base_id', '=', baseId).execute();
        const { rows: actual } = await sql<{ lexeme: string; chunks: number }>`
          SELECT l.lexeme, count(*)::int AS chunks FROM knowledge_chunks c, unnest(tsvector_to_array(c.tsv)) AS l(lexeme)
          WHERE c.base_id = ${baseId} GROUP BY l.lexeme`.execute(ctx.db);
        const record = (rows: { lexeme: string; chunks: number }[]) => Object.fromEntries(rows.map((row) => [row.lexeme, row.chunks]));
        return { kept: record(kept), actual: record(actual) };
      },
      async wordCounts(baseId) {
        const { rows } = await sql<{ id: string; kept: number; actual: number }>`
          SELECT d.id, d.words AS kept,
            (SELECT coalesce(sum(cardinality(l.positions)), 0)::int FROM knowledge_chunks c, unnest(c.tsv) AS l WHERE c.document_id = d.id) AS actual
          FROM knowledge_documents d WHERE d.base_id = ${baseId}`.execute(ctx.db);
        return { kept: Object.fromEntries(rows.map((row) => [row.id, row.kept])), actual: Object.fromEntries(rows.map((row) => [row.id, row.actual])) };
      },
      settled: (tenantId, baseId, documentId, timeoutMs = 15_000) =>
        waitFor(
          async () => {
            const document = await client.request('memory.knowledge.get-document', { tenantId, baseId, documentId });
            return document.status !== 'processing' && document;
          },
          { timeoutMs },
        ),
      stop: () => teardown.run(),
    };
  } catch (error) {
    await teardown.run();
    throw error;
  }
}

/** Stores `text` in the upload store under a key of the tenant's, as the gateway does with a document's file. */
export async function storeFile(h: KnowledgeHarness, tenantId: string, name: string, text: string): Promise<string> {
  const key = `${tenantId}/knowledge/${name}`;
  await h.uploads.put(key, Readable.from(Buffer.from(text)), { maxBytes: 1024 * 1024 });
  return key;
}
