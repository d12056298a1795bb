import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type KnowledgeHarness, startKnowledgeHarness } from './knowledge-harness.js';

/** A tenant's knowledge is its own: another tenant neither reads, changes nor searches it, and it goes with its tenant. */
describe('knowledge bases between tenants', () => {
  let h: KnowledgeHarness;
  let owner: string;
  let other: string;
  let baseId: string;
  let documentId: string;

  beforeAll(async () => {
    h = await startKnowledgeHarness();
    await h.startMemory();
    owner = await h.seedTenant();
    other = await h.seedTenant();
    baseId = (await h.client.request('memory.knowledge.create-base', { tenantId: owner, name: 'Private', language: 'english' })).id;
    const document = await h.client.request('memory.knowledge.add-document', {
      tenantId: owner,
      baseId,
      title: 'Salaries',
      source: { kind: 'text', text: 'The director earns a secret amount of money every month.' },
    });
    documentId = document.id;
    await h.settled(owner, baseId, documentId);
  });
  afterAll(async () => {
    await h?.stop();
  });

  const question = 'How much money does the director earn?';

  it("answers another tenant's base and document as not found, and changes nothing", async () => {
    const notFound = { code: 'not_found' };
    await expect(h.client.request('memory.knowledge.get-base', { tenantId: other, baseId })).rejects.toMatchObject(notFound);
    await expect(h.client.request('memory.knowledge.update-base', { tenantId: other, baseId, name: 'Mine now' })).rejects.toMatchObject(notFound);
    await expect(h.client.request('memory.knowledge.delete-base', { tenantId: other, baseId })).rejects.toMatchObject(notFound);
    await expect(h.client.request('memory.knowledge.list-documents', { tenantId: other, baseId })).rejects.toMatchObject(notFound);
    await expect(h.client.request('memory.knowledge.get-document', { tenantId: other, baseId, documentId })).rejects.toMatchObject(notFound);
    await expect(h.client.request('memory.knowledge.delete-document', { tenantId: other, baseId, documentId })).rejects.toMatchObject(notFound);
    await expect(
      h.client.request('memory.knowledge.add-document', { tenantId: other, baseId, title: 'Salaries', source: { kind: 'text', text: 'Nothing.' } }),
    ).rejects.toMatchObject(notFound);
    expect(await h.client.request('memory.knowledge.list-bases', { tenantId: other })).toEqual({ knowledge_bases: [] });

    expect(await h.client.request('memory.knowledge.get-base', { tenantId: owner, baseId })).toMatchObject({ name: 'Private', documents: 1, chunks: 1 });
    expect(await h.client.request('memory.knowledge.get-document', { tenantId: owner, baseId, documentId })).toMatchObject({
      title: 'Salaries',
      status: 'ready',
    });
  });

  it("finds nothing in another tenant's base, by its id or its name", async () => {
    expect((await h.client.request('memory.knowledge.search', { tenantId: owner, bases: ['Private'], query: question, limit: 5 })).results).toHaveLength(1);
    expect(await h.client.request('memory.knowledge.search', { tenantId: other, bases: [baseId, 'Private'], query: question, limit: 5 })).toEqual({
      results: [],
    });
    // A base of the same name in the other tenant is that tenant's own.
    await h.client.request('memory.knowledge.create-base', { tenantId: other, name: 'Private', language: 'english' });
    expect(await h.client.request('memory.knowledge.search', { tenantId: other, bases: ['Private'], query: question, limit: 5 })).toEqual({ results: [] });
  });

  it('deletes every base, document, chunk and word count of a tenant deleted', async () => {
    const count = async (table: 'knowledge_bases' | 'knowledge_documents' | 'knowledge_chunks') =>
      Number((await sql<{ n: string }>`SELECT count(*) AS n FROM ${sql.table(table)} WHERE tenant_id = ${owner}`.execute(h.ctx.db)).rows[0]?.n);
    const terms = async () =>
      Number((await sql<{ n: string }>`SELECT count(*) AS n FROM knowledge_terms WHERE base_id = ${baseId}`.execute(h.ctx.db)).rows[0]?.n);
    expect([await count('knowledge_bases'), await count('knowledge_documents'), await count('knowledge_chunks')]).toEqual([1, 1, 1]);
    expect(await terms()).toBeGreaterThan(0);

    await h.ctx.db.deleteFrom('tenants').where('id', '=', owner).execute();
    expect([await count('knowledge_bases'), await count('knowledge_documents'), await count('knowledge_chunks'), await terms()]).toEqual([0, 0, 0, 0]);
  });
});
