import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileUploadStore } from '@parley/uploads';
import { samplePng } from '@parley/uploads/test-files';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError, type GatewayHarness, startGatewayHarness } from '../../../../test/gateway-harness.js';
import { createLink, visitorPost } from '../../../../test/public-link-fixtures.js';
import { multipartBody, uploadRequest, uploadsOn } from '../../../../test/upload-fixtures.js';

describe('visitors’ uploads: what is refused', () => {
  let h: GatewayHarness;
  let dir: string;
  let port: number;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'parley-upload-errors-'));
    // Rates high enough that the file quota, not a rate limit, is what a session meets first.
    const publicLimits = { perIpPerMinute: 1_000, perSessionPerMinute: 1_000, perEmailPerMinute: 1_000, invalidTokensPerIpPerMinute: 100 };
    h = await startGatewayHarness({ publicLimits }, { uploads: fileUploadStore(dir) });
    await h.app.listen({ port: 0, host: '127.0.0.1' });
    port = (h.app.server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await h?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  /** Every file the store holds, temporary ones included. */
  const storedFiles = async () => (await readdir(dir, { recursive: true, withFileTypes: true })).filter((entry) => entry.isFile()).map((entry) => entry.name);
  const uploadRows = async (conversationId: string) =>
    (await h.ctx.db.selectFrom('uploads').select('id').where('conversation_id', '=', conversationId).execute()).length;

  const startSession = async (settings: Record<string, unknown> = { uploads: uploadsOn() }) => {
    const link = await createLink(h, settings);
    const started = await h.inject(visitorPost(`/api/public/sessions/${link.token}`, {}));
    expect(started.status, started.text).toBe(201);
    return { link, session: started.body.session as string, conversationId: started.body.conversation_id as string };
  };

  it('a 20 MB file on a link of 10 MiB: 413 with the limit, before or while it streams, and nothing is stored', async () => {
    const { link, session, conversationId } = await startSession({ uploads: uploadsOn(10 * 1024 * 1024) });
    const big = Buffer.concat([samplePng(), Buffer.alloc(20 * 1024 * 1024)]);
    const declared = await h.inject(uploadRequest(link.token, session, { filename: 'huge.png', data: big }));
    expectError(declared, 413, 'payload_too_large');
    expect(declared.body.error.details).toEqual({ max_bytes: 10 * 1024 * 1024 });
    // Chunked, without a length: refused once the count passes the limit.
    const streamed = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const body = multipartBody([{ name: 'file', filename: 'huge.png', data: big }]);
      const req = httpRequest(
        {
          port,
          host: '127.0.0.1',
          method: 'POST',
          path: `/api/public/chat/${link.token}/uploads?session=${session}`,
          headers: { 'content-type': body.contentType, 'transfer-encoding': 'chunked' },
        },
        (res) => {
          let text = '';
          res.on('data', (chunk) => (text += chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
        },
      );
      req.on('error', reject);
      for (let offset = 0; offset < body.payload.length; offset += 256 * 1024) req.write(body.payload.subarray(offset, offset + 256 * 1024));
      req.end();
    });
    expect(streamed.status, streamed.body).toBe(413);
    expect(JSON.parse(streamed.body).error.code).toBe('payload_too_large');
    expect(await storedFiles()).toEqual([]);
    expect(await uploadRows(conversationId)).toBe(0);
  });

  it('an HTML page renamed .png, an SVG, a type the link does not take: 415 with the judged type', async () => {
    const { link, session, conversationId } = await startSession();
    const html = await h.inject(
      uploadRequest(link.token, session, { filename: 'cat.png', type: 'image/png', data: '<!doctype html><script>alert(1)</script>' }),
    );
    expectError(html, 415, 'unsupported_media_type');
    expect(html.body.error.details).toEqual({ type: 'text/html' });
    const svg = await h.inject(uploadRequest(link.token, session, { filename: 'logo.png', data: '<svg xmlns="http://www.w3.org/2000/svg"></svg>' }));
    expectError(svg, 415, 'unsupported_media_type');
    const binary = await h.inject(uploadRequest(link.token, session, { filename: 'x.png', data: Buffer.from([0, 1, 2, 3, 0, 0xff, 0xfe]) }));
    expectError(binary, 415, 'unsupported_media_type');
    expect(binary.body.error.details).toEqual({ type: 'unknown' });
    expect(await storedFiles()).toEqual([]);
    expect(await uploadRows(conversationId)).toBe(0);
  });

  it('a link without uploads: 403 uploads_disabled; no or a foreign session: 401; an ended one: 410', async () => {
    const { link, session } = await startSession({});
    const off = await h.inject(uploadRequest(link.token, session, { filename: 'a.png', data: samplePng() }));
    expectError(off, 403, 'forbidden');
    expect(off.body.error.details).toEqual({ reason: 'uploads_disabled' });

    const on = await startSession();
    const none = await h.inject({
      ...uploadRequest(on.link.token, session, { filename: 'a.png', data: samplePng() }),
      url: `/api/public/chat/${on.link.token}/uploads`,
    });
    expectError(none, 400, 'invalid');
    const foreign = await h.inject(uploadRequest(on.link.token, session, { filename: 'a.png', data: samplePng() }));
    expectError(foreign, 401, 'unauthorized');
    const made = await h.inject(uploadRequest(on.link.token, 'pcs_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', { filename: 'a.png', data: samplePng() }));
    expectError(made, 401, 'unauthorized');
    // The echo agent ends the conversation on "stop" (after its first answer).
    await h.inject(visitorPost(`/api/public/chat/${on.link.token}`, { content: 'hi', session: on.session }));
    const ended = await h.inject(visitorPost(`/api/public/chat/${on.link.token}`, { content: 'stop', session: on.session }));
    expect(ended.body.session_ended, ended.text).toBe(true);
    const late = await h.inject(uploadRequest(on.link.token, on.session, { filename: 'a.png', data: samplePng() }));
    expectError(late, 410, 'gone');
  });

  it('malformed multipart, no file, two files, JSON instead: 400 and nothing kept', async () => {
    const { link, session, conversationId } = await startSession();
    const url = `/api/public/chat/${link.token}/uploads?session=${session}`;
    const json = await h.inject(visitorPost(url, { file: 'x' }));
    expectError(json, 400, 'invalid', /multipart/);
    const noBoundary = await h.inject({ method: 'POST', url, headers: { 'content-type': 'multipart/form-data' }, payload: 'x' });
    expectError(noBoundary, 400, 'invalid');
    const garbage = await h.inject({ method: 'POST', url, headers: { 'content-type': 'multipart/form-data; boundary=zzz' }, payload: 'not multipart at all' });
    expectError(garbage, 400, 'invalid');
    const fieldOnly = multipartBody([{ name: 'note', value: 'no file here' }]);
    const noFile = await h.inject({ method: 'POST', url, headers: { 'content-type': fieldOnly.contentType }, payload: fieldOnly.payload });
    expectError(noFile, 400, 'invalid', /no file/);
    const two = multipartBody([
      { name: 'file', filename: 'a.png', data: samplePng() },
      { name: 'file', filename: 'b.png', data: samplePng() },
    ]);
    const twoFiles = await h.inject({ method: 'POST', url, headers: { 'content-type': two.contentType }, payload: two.payload });
    expectError(twoFiles, 400, 'invalid', /one file/);
    expect(await storedFiles()).toEqual([]);
    expect(await uploadRows(conversationId)).toBe(0);
  });

  it('a request cut off mid-file leaves no file and no row', async () => {
    const { link, session, conversationId } = await startSession({ uploads: uploadsOn(10 * 1024 * 1024) });
    const body = multipartBody([{ name: 'file', filename: 'big.png', data: Buffer.concat([samplePng(), Buffer.alloc(4 * 1024 * 1024)]) }]);
    await new Promise<void>((resolve) => {
      const req = httpRequest({
        port,
        host: '127.0.0.1',
        method: 'POST',
        path: `/api/public/chat/${link.token}/uploads?session=${session}`,
        headers: { 'content-type': body.contentType, 'content-length': String(body.payload.length) },
      });
      req.on('error', () => resolve());
      req.write(body.payload.subarray(0, 2 * 1024 * 1024), () => {
        // Halfway: the client goes away.
        setTimeout(() => {
          req.destroy();
          resolve();
        }, 200);
      });
    });
    const deadline = Date.now() + 5_000;
    while ((await storedFiles()).length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(await storedFiles()).toEqual([]);
    expect(await uploadRows(conversationId)).toBe(0);
  });

  it('past MAX_UPLOADS_PER_SESSION files: 429 quota_exceeded with the limit', async () => {
    const { link, session } = await startSession({ uploads: uploadsOn(), rate_limit_per_minute: 1000 });
    for (let i = 0; i < 20; i++) {
      const ok = await h.inject(uploadRequest(link.token, session, { filename: `${i}.txt`, data: `note ${i}` }));
      expect(ok.status, ok.text).toBe(201);
    }
    const refused = await h.inject(uploadRequest(link.token, session, { filename: 'one-more.txt', data: 'x' }));
    expectError(refused, 429, 'quota_exceeded');
    expect(refused.body.error.details).toEqual({ quota: 'uploads', limit: 20 });
  });
});
