import { Readable } from 'node:stream';
import { MAX_KNOWLEDGE_FILE_BYTES, MAX_KNOWLEDGE_TEXT } from '@parley/contracts';
import { createMetricsRegistry } from '@parley/service';
import { redisNonceStore } from '@parley/stores';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_KEY, CHAT_SECRET, expectError, type GatewayHarness, startGatewayHarness } from '../../../../test/gateway-harness.js';
import { multipartBody } from '../../../../test/upload-fixtures.js';
import { buildGateway } from '../../../app.js';
import { gatewayConfigFrom } from '../../../config.js';
import { createBase, type KnowledgeTenant, knowledgeTenant, RETURNS_MARKDOWN, settled, uploadDocument } from './knowledge.test-kit.js';

const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a5d3b1ba0000000049454e44ae426082',
  'hex',
);
const UNKNOWN_BASE = 'kb_AAAAAAAAAAAAAAAAAAAAAA';
const UNKNOWN_DOCUMENT = 'doc_AAAAAAAAAAAAAAAAAAAAAA';

/** Bad input to the knowledge routes: 4xx with the error body naming what is wrong, never a 500, nothing kept. */
describe('knowledge bases: bad input', () => {
  let h: GatewayHarness;
  let t: KnowledgeTenant;
  let baseId: string;

  beforeAll(async () => {
    h = await startGatewayHarness({ managementRateLimitPerMinute: 10_000 });
    t = await knowledgeTenant(h);
    baseId = (await createBase(h, t.keys.editor, { name: 'Kept' })).id;
  });
  afterAll(async () => h?.stop());

  const editor = (method: string, path: string, body?: unknown) => h.withKey(t.keys.editor, method, path, body);
  const documents = async () => (await editor('GET', `/api/knowledge/${baseId}/documents`)).body.documents as Array<{ title: string }>;

  it('refuses a bad base with 400 naming the field, and a name taken with 409', async () => {
    const cases: Array<[unknown, string]> = [
      [{}, 'body.name'],
      [{ name: '' }, 'body.name'],
      [{ name: '   ' }, 'body.name'],
      [{ name: 'x'.repeat(101) }, 'body.name'],
      [{ name: 'Base', language: 'klingon' }, 'body.language'],
      [{ name: 'Base', threshold: 1.5 }, 'body.threshold'],
      [{ name: 'Base', threshold: '0.5' }, 'body.threshold'],
      [{ name: 'Base', documents: [] }, 'body'],
    ];
    for (const [body, path] of cases) {
      const refused = await editor('POST', '/api/knowledge', body);
      expectError(refused, 400, 'invalid');
      expect(refused.body.error.details, JSON.stringify(body)).toContainEqual(expect.objectContaining({ path }));
    }
    expectError(await editor('POST', '/api/knowledge', { name: 'Kept' }), 409, 'conflict');
    expectError(await editor('PUT', `/api/knowledge/${baseId}`, { language: 'klingon' }), 400, 'invalid');
    expectError(await editor('PUT', `/api/knowledge/${baseId}`, { name: 'Kept', extra: 1 }), 400, 'invalid');
    expect((await editor('GET', '/api/knowledge')).body.knowledge_bases.map((base: { name: string }) => base.name)).toEqual(['Kept']);
  });

  it('refuses ids that are not a base’s or a document’s with 400 naming them, and unknown ones with 404', async () => {
    for (const [method, path, param] of [
      ['GET', '/api/knowledge/not-a-base', 'params.id'],
      ['PUT', '/api/knowledge/kb_short', 'params.id'],
      ['DELETE', '/api/knowledge/doc_AAAAAAAAAAAAAAAA', 'params.id'],
      ['GET', `/api/knowledge/${baseId}/documents/kb_AAAAAAAAAAAAAAAA`, 'params.doc'],
      ['DELETE', `/api/knowledge/${baseId}/documents/doc_`, 'params.doc'],
      ['GET', '/api/knowledge/00000000-0000-4000-8000-000000000000/search?q=x', 'params.id'],
    ] as const) {
      const refused = await editor(method, path, method === 'PUT' ? { name: 'x' } : undefined);
      expectError(refused, 400, 'invalid');
      expect(refused.body.error.details, `${method} ${path}`).toContainEqual(expect.objectContaining({ path: param }));
    }
    expectError(await editor('GET', `/api/knowledge/${UNKNOWN_BASE}`), 404, 'not_found');
    expectError(await editor('PUT', `/api/knowledge/${UNKNOWN_BASE}`, { name: 'x' }), 404, 'not_found');
    expectError(await editor('DELETE', `/api/knowledge/${UNKNOWN_BASE}`), 404, 'not_found');
    expectError(await editor('GET', `/api/knowledge/${UNKNOWN_BASE}/documents`), 404, 'not_found');
    expectError(await editor('POST', `/api/knowledge/${UNKNOWN_BASE}/documents`, { title: 'x', text: 'y' }), 404, 'not_found');
    expectError(await uploadDocument(h, t.keys.editor, UNKNOWN_BASE, { filename: 'a.md', data: '# A' }), 404, 'not_found');
    expectError(await editor('GET', `/api/knowledge/${UNKNOWN_BASE}/search?q=bike`), 404, 'not_found');
    expectError(await editor('GET', `/api/knowledge/${baseId}/documents/${UNKNOWN_DOCUMENT}`), 404, 'not_found');
    expectError(await editor('DELETE', `/api/knowledge/${baseId}/documents/${UNKNOWN_DOCUMENT}`), 404, 'not_found');
  });

  it('refuses a bad JSON document with 400 naming the field, and keeps nothing of it', async () => {
    const cases: unknown[] = [
      {},
      { title: 'No text' },
      { text: 'No title' },
      { title: '', text: 'x' },
      { title: 'Empty', text: '' },
      { title: 'x'.repeat(301), text: 'x' },
      { title: 'Too long', text: 'x'.repeat(MAX_KNOWLEDGE_TEXT + 1) },
      { title: 'Both', text: 'x', url: 'https://example.com/' },
      { url: 'ftp://example.com/file.txt' },
      { url: 'not a url' },
      { title: 'Number', text: 42 },
    ];
    for (const body of cases) {
      const refused = await editor('POST', `/api/knowledge/${baseId}/documents`, body);
      expectError(refused, 400, 'invalid');
      expect(refused.body.error.details.length, JSON.stringify(body).slice(0, 80)).toBeGreaterThan(0);
    }
    const none = await h.inject({ method: 'POST', url: `/api/knowledge/${baseId}/documents`, headers: { authorization: `Bearer ${t.keys.editor}` } });
    expectError(none, 400, 'invalid', /multipart\/form-data, or JSON/);
    const malformed = await h.inject({
      method: 'POST',
      url: `/api/knowledge/${baseId}/documents`,
      headers: { authorization: `Bearer ${t.keys.editor}`, 'content-type': 'application/json' },
      payload: '{"title":',
    });
    expectError(malformed, 400, 'invalid');
    const plain = await h.inject({
      method: 'POST',
      url: `/api/knowledge/${baseId}/documents`,
      headers: { authorization: `Bearer ${t.keys.editor}`, 'content-type': 'text/plain' },
      payload: 'just words',
    });
    expectError(plain, 400, 'invalid', /Content-Type/);
    // The longest text there may be is taken.
    expect(
      (await editor('POST', `/api/knowledge/${baseId}/documents`, { title: 'Longest', text: `${'word '.repeat((MAX_KNOWLEDGE_TEXT - 4) / 5)}word` })).status,
    ).toBe(202);
    expect((await documents()).map((document) => document.title)).toEqual(['Longest']);
  });

  it('refuses a bad multipart body with 400: no file, two files, an empty file, a bad title field', async () => {
    const post = (body: { payload: Buffer; contentType: string }) =>
      h.inject({
        method: 'POST',
        url: `/api/knowledge/${baseId}/documents`,
        headers: { authorization: `Bearer ${t.keys.editor}`, 'content-type': body.contentType },
        payload: body.payload,
      });
    expectError(await post(multipartBody([{ name: 'title', value: 'No file' }])), 400, 'invalid', /no file part/);
    expectError(
      await post(
        multipartBody([
          { name: 'file', filename: 'a.md', data: '# A' },
          { name: 'file', filename: 'b.md', data: '# B' },
        ]),
      ),
      400,
      'invalid',
      /one file/,
    );
    const empty = await uploadDocument(h, t.keys.editor, baseId, { filename: 'empty.md', data: '' });
    expectError(empty, 400, 'invalid', /empty/);
    for (const title of ['', '   ', 'x'.repeat(301), 'a\u0000b', 'x'.repeat(1_100)]) {
      const refused = await uploadDocument(h, t.keys.editor, baseId, { filename: 'titled.md', data: RETURNS_MARKDOWN }, [{ name: 'title', value: title }]);
      expectError(refused, 400, 'invalid');
      expect(refused.body.error.details).toContainEqual(expect.objectContaining({ path: 'body.title' }));
    }
    expect((await documents()).map((document) => document.title)).not.toContain('titled');
  });

  it('refuses a file over 20 MiB with 413 and a type no document is with 415 naming it', async () => {
    const huge = await uploadDocument(h, t.keys.editor, baseId, { filename: 'huge.txt', data: Buffer.alloc(MAX_KNOWLEDGE_FILE_BYTES + 1, 'a') });
    expectError(huge, 413, 'payload_too_large');
    expect(huge.body.error.details).toEqual({ max_bytes: MAX_KNOWLEDGE_FILE_BYTES });
    // Sent without a length, it is refused as it passes the limit, and nothing of it is kept.
    const unsized = multipartBody([{ name: 'file', filename: 'unsized.txt', data: Buffer.alloc(MAX_KNOWLEDGE_FILE_BYTES + 1, 'a') }]);
    const streamed = await h.app.inject({
      method: 'POST',
      url: `/api/knowledge/${baseId}/documents`,
      headers: { authorization: `Bearer ${t.keys.editor}`, 'content-type': unsized.contentType },
      payload: Readable.from([unsized.payload.subarray(0, 1 << 20), unsized.payload.subarray(1 << 20)]),
    });
    expect(streamed.statusCode, streamed.body).toBe(413);
    expect(streamed.json().error).toMatchObject({ code: 'payload_too_large', details: { max_bytes: MAX_KNOWLEDGE_FILE_BYTES } });
    // Refused by the store as the bytes passed the limit, not by a length the request declared.
    expect(streamed.json().error.message).toMatch(/the file is larger than/);
    // A JSON body past what the longest text takes is refused as too large before it is read.
    const json = await editor('POST', `/api/knowledge/${baseId}/documents`, { title: 'Huge', text: 'x'.repeat(MAX_KNOWLEDGE_TEXT * 7) });
    expectError(json, 413, 'payload_too_large');

    for (const [filename, data, type] of [
      ['picture.md', PNG, 'image/png'],
      ['logo.svg', '<svg xmlns="http://www.w3.org/2000/svg"></svg>', 'image/svg+xml'],
      ['feed.xml', '<?xml version="1.0"?><feed></feed>', 'application/xml'],
      ['blob.txt', Buffer.from([0, 1, 2, 3, 0xff, 0xfe]), 'unknown'],
    ] as const) {
      const refused = await uploadDocument(h, t.keys.editor, baseId, { filename, data });
      expectError(refused, 415, 'unsupported_media_type', /text, Markdown, HTML, PDF or DOCX/);
      expect(refused.body.error.details.type, filename).toBe(type);
    }
    expect((await documents()).map((document) => document.title)).not.toEqual(expect.arrayContaining(['huge', 'picture', 'logo', 'feed', 'blob']));
  });

  it('refuses a search without a question, or with a limit outside 1 to 20', async () => {
    for (const query of ['', '?q=', '?q=%20%20', `?q=${'x'.repeat(1_001)}`, '?q=bike&limit=0', '?q=bike&limit=21', '?q=bike&limit=two']) {
      const refused = await editor('GET', `/api/knowledge/${baseId}/search${query}`);
      expectError(refused, 400, 'invalid');
      expect(refused.body.error.details[0].path, query).toMatch(/^querystring\./);
    }
    const found = await editor('GET', `/api/knowledge/${baseId}/search?q=bike&limit=20`);
    expect(found.status, found.text).toBe(200);
  });

  it('answers a file with 503 where there is no upload store, while text still works', async () => {
    const bare = await buildGateway({
      bus: h.bus,
      nonces: redisNonceStore(h.redis, h.ctx.redisPrefix),
      redis: h.redis,
      redisKeyPrefix: h.ctx.redisPrefix,
      logger: h.ctx.logger,
      registry: createMetricsRegistry('gateway-without-uploads', { defaultMetrics: false }),
      config: gatewayConfigFrom({ PORT: 0, HOST: '127.0.0.1', ADMIN_API_KEY: ADMIN_KEY, CHAT_API_SECRET: CHAT_SECRET, BODY_LIMIT_BYTES: 65_536 }),
    });
    try {
      const body = multipartBody([{ name: 'file', filename: 'returns.md', data: RETURNS_MARKDOWN }]);
      const headers = { authorization: `Bearer ${t.keys.editor}` };
      const file = await bare.inject({
        method: 'POST',
        url: `/api/knowledge/${baseId}/documents`,
        headers: { ...headers, 'content-type': body.contentType },
        payload: body.payload,
      });
      expect(file.statusCode, file.body).toBe(503);
      expect(file.json().error).toMatchObject({ code: 'unavailable', details: { reason: 'uploads_unavailable' } });
      const text = await bare.inject({
        method: 'POST',
        url: `/api/knowledge/${baseId}/documents`,
        headers: { ...headers, 'content-type': 'application/json' },
        payload: JSON.stringify({ title: 'Without a store', text: 'Text needs no upload store.' }),
      });
      expect(text.statusCode, text.body).toBe(202);
      expect((await settled(h, t.keys.editor, baseId, text.json().id)).status).toBe('ready');
    } finally {
      await bare.close();
    }
  });
});
