import type { ServerResponse } from 'node:http';
import { waitFor } from '@parley/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_INGEST_ATTEMPTS } from '../src/knowledge/ingestion.worker.js';
import { type KnowledgeHarness, startKnowledgeHarness } from './knowledge-harness.js';

/** The lease the replicas here hold a document by; the replica that takes over has its clock set past it. */
const LEASE_MS = 60_000;

/** A document whose worker stopped mid-reading is read again, once its lease is past, by another replica. */
describe('knowledge ingestion across a stopped worker', () => {
  let h: KnowledgeHarness;
  let tenantId: string;
  let baseId: string;

  beforeAll(async () => {
    h = await startKnowledgeHarness();
    tenantId = await h.seedTenant();
  });
  afterAll(async () => {
    await h?.stop();
  });

  const row = (documentId: string) =>
    h.ctx.db.selectFrom('knowledge_documents').select(['status', 'attempts', 'claimed_until', 'chunks']).where('id', '=', documentId).executeTakeFirstOrThrow();

  it('leaves a document claimed when stopped mid-fetch; a replica past the lease reads it, one before the lease does not', async () => {
    // The first request for the page never gets its answer: the worker is stopped while it waits.
    const stalled: ServerResponse[] = [];
    h.documents.handle = (_request, response) => {
      if (stalled.length === 0) stalled.push(response);
      else response.writeHead(200, { 'content-type': 'text/markdown' }).end('# Lost and found\n\nAsk at the ticket desk.');
    };
    const first = await h.startMemory({ options: { allowPrivate: true, leaseMs: LEASE_MS } });
    baseId = (await h.client.request('memory.knowledge.create-base', { tenantId, name: 'Desk', language: 'english' })).id;
    const url = `${h.documents.origin}/lost-and-found`;
    const document = await h.client.request('memory.knowledge.add-document', { tenantId, baseId, title: 'Lost and found', source: { kind: 'url', url } });
    await waitFor(() => stalled.length === 1);
    await first.stop();
    const left = await row(document.id);
    expect(left).toMatchObject({ status: 'processing', attempts: 1 });
    expect(left.claimed_until!.getTime()).toBeGreaterThan(Date.now());

    // Within the lease: another replica reads what was added since, and leaves the claimed one be.
    await h.withMemory({ options: { allowPrivate: true, leaseMs: LEASE_MS } }, async () => {
      const other = await h.client.request('memory.knowledge.add-document', {
        tenantId,
        baseId,
        title: 'Toilets',
        source: { kind: 'text', text: 'By the café.' },
      });
      expect(await h.settled(tenantId, baseId, other.id)).toMatchObject({ status: 'ready' });
      expect(await row(document.id)).toMatchObject({ status: 'processing', attempts: 1 });
    });

    // Past the lease (its clock moved on, not waited for): a new replica takes it up and reads it.
    const later = () => new Date(Date.now() + LEASE_MS + 1_000);
    await h.withMemory({ options: { allowPrivate: true, leaseMs: LEASE_MS, clock: later } }, async () => {
      expect(await h.settled(tenantId, baseId, document.id)).toMatchObject({ status: 'ready', chunks: 1 });
      expect(await row(document.id)).toMatchObject({ attempts: 2, claimed_until: null });
      const { results } = await h.client.request('memory.knowledge.search', {
        tenantId,
        bases: [baseId],
        query: 'Where do I ask about lost things?',
        limit: 3,
      });
      expect(results.map((r) => r.document_id)).toContain(document.id);
    });
    expect(h.documents.requests.filter((path) => path === '/lost-and-found')).toHaveLength(2);
  });

  it(`fails a document whose reading was cut off ${MAX_INGEST_ATTEMPTS} times instead of trying it forever`, async () => {
    // Added on a replica that reads nothing, and left as three workers stopped while reading it would have.
    const document = await h.withMemory({ options: { concurrency: 0 } }, () =>
      h.client.request('memory.knowledge.add-document', { tenantId, baseId, title: 'Cursed', source: { kind: 'text', text: 'Never read.' } }),
    );
    await h.ctx.db
      .updateTable('knowledge_documents')
      .set({ attempts: MAX_INGEST_ATTEMPTS, claimed_until: new Date(Date.now() - 1) })
      .where('id', '=', document.id)
      .execute();
    await h.withMemory({}, async () => {
      expect(await h.settled(tenantId, baseId, document.id)).toMatchObject({
        status: 'failed',
        error: expect.stringContaining(`cut off ${MAX_INGEST_ATTEMPTS} times`),
      });
    });
  });
});
