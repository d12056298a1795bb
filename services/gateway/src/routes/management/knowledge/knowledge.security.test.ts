import { Writable } from 'node:stream';
import { createLogger } from '@parley/logger';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError, type GatewayHarness, type InjectResult, startGatewayHarness } from '../../../../test/gateway-harness.js';
import { createBase, type KnowledgeTenant, knowledgeTenant, RETURNS_MARKDOWN, settled, uploadDocument } from './knowledge.test-kit.js';

/** A refusal as a client sees it: everything but its request id. */
const refusal = (response: InjectResult) => ({
  status: response.status,
  code: response.body.error?.code,
  message: response.body.error?.message,
  details: response.body.error?.details,
});

const UNKNOWN_BASE = 'kb_AAAAAAAAAAAAAAAAAAAAAA';

/** Whose knowledge it is, who may change it, and where a document's text never goes. */
describe('knowledge bases: tenants, roles and what is never recorded', () => {
  let h: GatewayHarness;
  let a: KnowledgeTenant;
  let b: KnowledgeTenant;
  /** Every line the gateway writes, at the most verbose level. */
  const lines: string[] = [];

  beforeAll(async () => {
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString('utf8'));
        done();
      },
    });
    h = await startGatewayHarness(
      { managementRateLimitPerMinute: 10_000 },
      { gatewayLogger: createLogger({ service: 'gateway', level: 'trace', destination }) },
    );
    a = await knowledgeTenant(h, 'Tenant A');
    b = await knowledgeTenant(h, 'Tenant B');
  });
  afterAll(async () => h?.stop());

  it("keeps each tenant's bases to itself: another tenant's base is not found, exactly as one that does not exist", async () => {
    const base = await createBase(h, a.keys.editor, { name: 'A only' });
    const added = await h.withKey(a.keys.editor, 'POST', `/api/knowledge/${base.id}/documents`, {
      title: 'Returns',
      text: 'You may return a bike within 30 days.',
    });
    expect(added.status, added.text).toBe(202);
    await settled(h, a.keys.editor, base.id, added.body.id);
    // The same name in two tenants is two bases.
    const bBase = await createBase(h, b.keys.editor, { name: 'A only' });

    const attempts: Array<[string, string, unknown]> = [
      ['GET', '/api/knowledge/{base}', undefined],
      ['PUT', '/api/knowledge/{base}', { name: 'Taken over' }],
      ['DELETE', '/api/knowledge/{base}', undefined],
      ['GET', '/api/knowledge/{base}/documents', undefined],
      ['POST', '/api/knowledge/{base}/documents', { title: 'Planted', text: 'Planted by another tenant.' }],
      ['GET', `/api/knowledge/{base}/documents/${added.body.id}`, undefined],
      ['DELETE', `/api/knowledge/{base}/documents/${added.body.id}`, undefined],
      ['GET', '/api/knowledge/{base}/search?q=bike', undefined],
    ];
    for (const [method, path, body] of attempts) {
      const others = await h.withKey(b.keys.editor, method, path.replace('{base}', base.id), body);
      const nobodys = await h.withKey(b.keys.editor, method, path.replace('{base}', UNKNOWN_BASE), body);
      expectError(others, 404, 'not_found');
      // The same answer, but for the id it may repeat.
      const withoutId = (response: InjectResult) => JSON.parse(JSON.stringify(refusal(response)).replaceAll(base.id, 'ID').replaceAll(UNKNOWN_BASE, 'ID'));
      expect(withoutId(others), `${method} ${path}`).toEqual(withoutId(nobodys));
      // X-Tenant-Id does not take a tenant key to another tenant.
      expectError(await h.withKey(b.keys.editor, method, path.replace('{base}', base.id), body, a.tenantId), 404, 'not_found');
    }
    // A file for another tenant's base is refused before it is stored.
    expectError(await uploadDocument(h, b.keys.editor, base.id, { filename: 'planted.md', data: RETURNS_MARKDOWN }), 404, 'not_found');
    // A document id of tenant A under tenant B's own base is not found either.
    expectError(await h.withKey(b.keys.editor, 'GET', `/api/knowledge/${bBase.id}/documents/${added.body.id}`), 404, 'not_found');

    // Untouched: A's base, its one document; B sees only its own base.
    expect((await h.withKey(a.keys.viewer, 'GET', `/api/knowledge/${base.id}`)).body).toMatchObject({ name: 'A only', documents: 1 });
    expect((await h.withKey(a.keys.viewer, 'GET', `/api/knowledge/${base.id}/documents`)).body.documents.map((d: { title: string }) => d.title)).toEqual([
      'Returns',
    ]);
    expect((await h.withKey(b.keys.viewer, 'GET', '/api/knowledge')).body.knowledge_bases.map((kb: { id: string }) => kb.id)).toEqual([bBase.id]);
    // The admin key reaches A's base only by naming A.
    expect((await h.admin('GET', `/api/knowledge/${base.id}`, undefined, a.tenantId)).status).toBe(200);
    expectError(await h.admin('GET', `/api/knowledge/${base.id}`, undefined, b.tenantId), 404, 'not_found');
    expectError(await h.admin('GET', '/api/knowledge'), 400, 'invalid', /X-Tenant-Id/);
  });

  it('lets a viewer read and search, an editor change, and refuses a viewer’s change with 403 and the role needed', async () => {
    const base = await createBase(h, a.keys.editor, { name: 'Roles' });
    const added = await h.withKey(a.keys.editor, 'POST', `/api/knowledge/${base.id}/documents`, { title: 'Hours', text: 'Open from nine to six.' });
    expect(added.status, added.text).toBe(202);
    for (const role of ['viewer', 'operator'] as const) {
      for (const path of [
        '/api/knowledge',
        `/api/knowledge/${base.id}`,
        `/api/knowledge/${base.id}/documents`,
        `/api/knowledge/${base.id}/documents/${added.body.id}`,
        `/api/knowledge/${base.id}/search?q=nine`,
      ]) {
        const read = await h.withKey(a.keys[role], 'GET', path);
        expect(read.status, `${role} GET ${path}: ${read.text}`).toBe(200);
      }
      for (const [method, path, body] of [
        ['POST', '/api/knowledge', { name: 'Not allowed' }],
        ['PUT', `/api/knowledge/${base.id}`, { name: 'Renamed' }],
        ['DELETE', `/api/knowledge/${base.id}`, undefined],
        ['POST', `/api/knowledge/${base.id}/documents`, { title: 'Not allowed', text: 'x' }],
        ['DELETE', `/api/knowledge/${base.id}/documents/${added.body.id}`, undefined],
      ] as const) {
        const refused = await h.withKey(a.keys[role], method, path, body);
        expectError(refused, 403, 'forbidden');
        expect(refused.body.error.details, `${role} ${method} ${path}`).toEqual({ required_role: 'editor', role });
      }
      // A file is refused before a byte of it is read.
      const file = await uploadDocument(h, a.keys[role], base.id, { filename: 'not-allowed.md', data: RETURNS_MARKDOWN });
      expectError(file, 403, 'forbidden');
    }
    expectError(await uploadDocument(h, 'prl_not-a-key', base.id, { filename: 'a.md', data: '# A' }), 401, 'unauthorized');
    // Nothing a lesser key tried took effect.
    expect((await h.withKey(a.keys.viewer, 'GET', `/api/knowledge/${base.id}`)).body).toMatchObject({ name: 'Roles', documents: 1 });
    expect((await h.withKey(a.keys.viewer, 'GET', '/api/knowledge')).body.knowledge_bases.map((kb: { name: string }) => kb.name)).not.toContain('Not allowed');
  });

  it('writes no document’s text to the gateway’s log, nor to any answer but the search’s', async () => {
    const base = await createBase(h, a.keys.editor, { name: 'Quiet' });
    const text = 'Only this document says: the gateway log must never hold this sentence.';
    const added = await h.withKey(a.keys.editor, 'POST', `/api/knowledge/${base.id}/documents`, { title: 'Quiet words', text });
    const file = await uploadDocument(h, a.keys.editor, base.id, { filename: 'quiet.md', data: `# Quiet\n\n${text}` });
    expect([added.status, file.status]).toEqual([202, 202]);
    expect(added.text).not.toContain('never hold');
    expect(file.text).not.toContain('never hold');
    await settled(h, a.keys.editor, base.id, added.body.id);
    await settled(h, a.keys.editor, base.id, file.body.id);
    expect((await h.withKey(a.keys.editor, 'GET', `/api/knowledge/${base.id}/documents`)).text).not.toContain('never hold');
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.join('')).not.toContain('never hold');
  });
});
