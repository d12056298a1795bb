import { waitFor } from '@parley/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayHarness, startGatewayHarness } from '../../../../test/gateway-harness.js';
import { createBase, type KnowledgeTenant, knowledgeTenant, RETURNS_MARKDOWN, recordingUploads, settled, uploadDocument } from './knowledge.test-kit.js';

/** Knowledge bases through the management API: made, read, changed and deleted; documents added as text and as files, read and searched. */
describe('knowledge bases', () => {
  let h: GatewayHarness;
  let t: KnowledgeTenant;
  let uploads: Awaited<ReturnType<typeof recordingUploads>>;

  beforeAll(async () => {
    uploads = await recordingUploads();
    h = await startGatewayHarness({ managementRateLimitPerMinute: 10_000 }, { uploads: uploads.store });
    t = await knowledgeTenant(h);
  });
  afterAll(async () => {
    await h?.stop();
    await uploads?.remove();
  });

  it('creates, lists, reads, changes and deletes a base; a viewer reads it', async () => {
    const created = await h.withKey(t.keys.editor, 'POST', '/api/knowledge', { name: 'Shop policies', language: 'english', threshold: 0.2 });
    expect(created.status, created.text).toBe(201);
    expect(created.body).toEqual({
      id: expect.stringMatching(/^kb_/),
      name: 'Shop policies',
      language: 'english',
      threshold: 0.2,
      documents: 0,
      chunks: 0,
      created_at: expect.any(String),
      updated_at: expect.any(String),
    });
    const id = created.body.id as string;
    // The language defaults to `simple`.
    const plain = await createBase(h, t.keys.editor, { name: 'Plain' });
    expect(plain).toMatchObject({ name: 'Plain', language: 'simple' });

    const listed = await h.withKey(t.keys.viewer, 'GET', '/api/knowledge');
    expect(listed.status, listed.text).toBe(200);
    expect(listed.body.knowledge_bases.map((base: { id: string }) => base.id).sort()).toEqual([id, (plain as { id: string }).id].sort());
    const got = await h.withKey(t.keys.viewer, 'GET', `/api/knowledge/${id}`);
    expect(got.status, got.text).toBe(200);
    expect(got.body).toEqual(created.body);

    const updated = await h.withKey(t.keys.editor, 'PUT', `/api/knowledge/${id}`, { name: 'Policies', threshold: 0.3 });
    expect(updated.status, updated.text).toBe(200);
    expect(updated.body).toMatchObject({ id, name: 'Policies', language: 'english', threshold: 0.3 });
    expect((await h.withKey(t.keys.viewer, 'GET', `/api/knowledge/${id}`)).body.name).toBe('Policies');

    const deleted = await h.withKey(t.keys.editor, 'DELETE', `/api/knowledge/${id}`);
    expect(deleted.status, deleted.text).toBe(204);
    expect(deleted.text).toBe('');
    expect((await h.withKey(t.keys.viewer, 'GET', `/api/knowledge/${id}`)).status).toBe(404);
    expect((await h.withKey(t.keys.viewer, 'GET', '/api/knowledge')).body.knowledge_bases.map((base: { id: string }) => base.id)).not.toContain(id);
  });

  it('adds a document as JSON text: 202 processing, then ready with its chunks, in the list and found by a search', async () => {
    // English: "When does the shop open?" is searched as its words that mean something, stemmed (shop, open).
    const base = await createBase(h, t.keys.editor, { name: 'Opening hours', language: 'english' });
    const added = await h.withKey(t.keys.editor, 'POST', `/api/knowledge/${base.id}/documents`, {
      title: 'Opening hours',
      text: 'The shop opens at nine in the morning and closes at six in the evening, Monday to Saturday.',
    });
    expect(added.status, added.text).toBe(202);
    expect(added.body).toMatchObject({
      id: expect.stringMatching(/^doc_/),
      knowledge_base_id: base.id,
      title: 'Opening hours',
      // Text given as JSON is read as Markdown (plain text is Markdown too).
      media_type: 'text/markdown',
      status: 'processing',
    });
    const ready = await settled(h, t.keys.viewer, base.id, added.body.id);
    expect(ready).toMatchObject({ id: added.body.id, status: 'ready', title: 'Opening hours' });
    expect(ready.chunks).toBeGreaterThan(0);

    const listed = await h.withKey(t.keys.viewer, 'GET', `/api/knowledge/${base.id}/documents`);
    expect(listed.status, listed.text).toBe(200);
    expect(listed.body.documents).toEqual([expect.objectContaining({ id: added.body.id, status: 'ready' })]);
    expect((await h.withKey(t.keys.viewer, 'GET', `/api/knowledge/${base.id}`)).body).toMatchObject({ documents: 1, chunks: ready.chunks });

    const found = await h.withKey(t.keys.viewer, 'GET', `/api/knowledge/${base.id}/search?q=${encodeURIComponent('When does the shop open?')}`);
    expect(found.status, found.text).toBe(200);
    expect(found.body.results[0]).toMatchObject({ document_id: added.body.id, title: 'Opening hours', text: expect.stringContaining('nine in the morning') });
    expect(found.body.results[0].chunk_id).toEqual(expect.any(String));
    expect(found.body.results[0].score).toEqual(expect.any(Number));
  });

  it('adds a Markdown file: stored in the tenant’s part of the upload store, titled by its name, ready, and found by a question', async () => {
    const base = await createBase(h, t.keys.editor, { name: 'Help centre', language: 'english' });
    const other = await h.withKey(t.keys.editor, 'POST', `/api/knowledge/${base.id}/documents`, {
      title: 'Delivery',
      text: 'Parcels are sent with a courier and arrive within three working days.',
    });
    expect(other.status, other.text).toBe(202);
    const uploaded = await uploadDocument(h, t.keys.editor, base.id, { filename: 'returns-and-repairs.md', data: RETURNS_MARKDOWN, type: 'text/markdown' });
    expect(uploaded.status, uploaded.text).toBe(202);
    expect(uploaded.body).toMatchObject({ title: 'returns-and-repairs', media_type: 'text/markdown', status: 'processing', knowledge_base_id: base.id });
    const ready = await settled(h, t.keys.editor, base.id, uploaded.body.id);
    expect(ready.status, ready.error).toBe('ready');
    expect(ready.chunks).toBeGreaterThan(0);
    await settled(h, t.keys.editor, base.id, other.body.id);

    const found = await h.withKey(t.keys.viewer, 'GET', `/api/knowledge/${base.id}/search?q=${encodeURIComponent('Can I return a bike?')}&limit=3`);
    expect(found.status, found.text).toBe(200);
    expect(found.body.results.length).toBeGreaterThan(0);
    expect(found.body.results.length).toBeLessThanOrEqual(3);
    expect(found.body.results[0]).toMatchObject({ document_id: uploaded.body.id, title: 'returns-and-repairs' });
    expect(found.body.results[0].text).toContain('return a bike within 30 days');

    // A `title` field names it instead of the file's name; the same title again replaces it.
    const titled = await uploadDocument(h, t.keys.editor, base.id, { filename: 'hours.txt', data: 'Open every day but Sunday.' }, [
      { name: 'title', value: 'Opening hours' },
    ]);
    expect(titled.status, titled.text).toBe(202);
    expect(titled.body).toMatchObject({ title: 'Opening hours', media_type: 'text/plain' });
    expect((await settled(h, t.keys.editor, base.id, titled.body.id)).status).toBe('ready');
  });

  it('deletes a document with its file: gone from the list, the search and the upload store', async () => {
    const base = await createBase(h, t.keys.editor, { name: 'Short-lived' });
    const uploaded = await uploadDocument(h, t.keys.editor, base.id, { filename: 'returns.md', data: RETURNS_MARKDOWN });
    expect(uploaded.status, uploaded.text).toBe(202);
    await settled(h, t.keys.editor, base.id, uploaded.body.id);
    // Kept in the tenant's part of the store, apart from its visitors' files (`<tenant>/<session>/…`).
    const key = uploads.keys.at(-1) as string;
    expect(key).toMatch(new RegExp(`^${t.tenantId}/knowledge/[A-Za-z0-9_-]+$`));
    const kept = await h.uploads.open(key);
    expect(kept?.bytes).toBe(Buffer.byteLength(RETURNS_MARKDOWN));
    kept?.body.destroy();

    const deleted = await h.withKey(t.keys.editor, 'DELETE', `/api/knowledge/${base.id}/documents/${uploaded.body.id}`);
    expect(deleted.status, deleted.text).toBe(204);
    expect((await h.withKey(t.keys.viewer, 'GET', `/api/knowledge/${base.id}/documents/${uploaded.body.id}`)).status).toBe(404);
    expect((await h.withKey(t.keys.viewer, 'GET', `/api/knowledge/${base.id}/documents`)).body.documents).toEqual([]);
    const found = await h.withKey(t.keys.viewer, 'GET', `/api/knowledge/${base.id}/search?q=bike`);
    expect(found.body.results).toEqual([]);
    await waitFor(async () => (await h.uploads.open(key)) === undefined);
  });

  it('records each change in the audit log by id and title, never a document’s text', async () => {
    const { keys } = await knowledgeTenant(h, 'Audited');
    const base = await createBase(h, keys.editor, { name: 'Audited' });
    const text = 'A sentence only this document has: the audit log must never hold it.';
    const added = await h.withKey(keys.editor, 'POST', `/api/knowledge/${base.id}/documents`, { title: 'Secret recipe', text });
    const file = await uploadDocument(h, keys.editor, base.id, { filename: 'returns.md', data: RETURNS_MARKDOWN });
    expect([added.status, file.status]).toEqual([202, 202]);
    expect((await h.withKey(keys.editor, 'PUT', `/api/knowledge/${base.id}`, { name: 'Renamed' })).status).toBe(200);
    expect((await h.withKey(keys.editor, 'DELETE', `/api/knowledge/${base.id}/documents/${added.body.id}`)).status).toBe(204);
    expect((await h.withKey(keys.editor, 'DELETE', `/api/knowledge/${base.id}`)).status).toBe(204);
    type Entry = { action: string; target: { kind: string; id: string }; details: Record<string, unknown> };
    const audit = await waitFor(async () => {
      const answer = await h.withKey(keys.owner, 'GET', '/api/audit');
      return (answer.body.entries as Entry[] | undefined)?.filter((entry) => entry.action.startsWith('knowledge.')).length === 6 ? answer : false;
    });
    const entries = (audit.body.entries as Entry[]).filter((entry) => entry.action.startsWith('knowledge.'));
    expect(entries.map((entry) => entry.action)).toEqual([
      'knowledge.base.delete',
      'knowledge.document.delete',
      'knowledge.base.update',
      'knowledge.document.add',
      'knowledge.document.add',
      'knowledge.base.create',
    ]);
    const byAction = (action: string) => entries.filter((entry) => entry.action === action);
    expect(byAction('knowledge.base.create')[0]).toMatchObject({ target: { kind: 'knowledge_base', id: base.id }, details: { name: 'Audited' } });
    expect(byAction('knowledge.document.add')).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          target: { kind: 'knowledge_document', id: added.body.id },
          details: { knowledge_base_id: base.id, title: 'Secret recipe', media_type: 'text/markdown', source: 'text', characters: text.length },
        }),
        expect.objectContaining({
          target: { kind: 'knowledge_document', id: file.body.id },
          details: expect.objectContaining({ title: 'returns', media_type: 'text/markdown', source: 'file', bytes: Buffer.byteLength(RETURNS_MARKDOWN) }),
        }),
      ]),
    );
    expect(byAction('knowledge.document.delete')[0]).toMatchObject({ target: { id: added.body.id }, details: { knowledge_base_id: base.id } });
    expect(audit.text).not.toContain('only this document has');
    expect(audit.text).not.toContain('within 30 days');
  });
});
