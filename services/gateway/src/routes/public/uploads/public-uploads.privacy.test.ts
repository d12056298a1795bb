import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from '@parley/testing';
import { fileUploadStore, s3UploadStore, type UploadStore } from '@parley/uploads';
import { samplePng } from '@parley/uploads/test-files';
import { startS3Server } from '@parley/uploads/test-s3-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError, type GatewayHarness, startGatewayHarness } from '../../../../test/gateway-harness.js';
import { createLink, visitorPost } from '../../../../test/public-link-fixtures.js';
import { multipartBody, uploadRequest, uploadsOn } from '../../../../test/upload-fixtures.js';

/** The same store both ways the platform keeps files: what it holds is read from the store's own side. */
const stores = [
  {
    name: 'a folder',
    async start() {
      const dir = await mkdtemp(join(tmpdir(), 'parley-upload-privacy-'));
      const list = async () => (await readdir(dir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).map((e) => e.name);
      return { store: fileUploadStore(dir), list, close: () => rm(dir, { recursive: true, force: true }) };
    },
  },
  {
    name: 'an S3 bucket',
    async start() {
      const server = await startS3Server();
      return { store: s3UploadStore(server.options), list: () => server.listKeys(), close: () => server.close() };
    },
  },
];

/** The store, noting each key the platform begins to put (from the file's first bytes). */
const notingPuts = (store: UploadStore, puts: string[]): UploadStore => ({
  put: (key, body, options) => {
    puts.push(key);
    return store.put(key, body, options);
  },
  open: (key) => store.open(key),
  delete: (key) => store.delete(key),
  deletePrefix: (prefix) => store.deletePrefix(prefix),
  close: () => store.close(),
});

describe.each(stores)('visitors’ files in export, erasure and retention, kept in $name', ({ start }) => {
  let h: GatewayHarness;
  let kept: Awaited<ReturnType<(typeof stores)[number]['start']>>;
  let port: number;
  const puts: string[] = [];

  beforeAll(async () => {
    kept = await start();
    h = await startGatewayHarness({}, { uploads: notingPuts(kept.store, puts) });
    await h.app.listen({ port: 0, host: '127.0.0.1' });
    port = (h.app.server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await h?.stop();
    await kept?.close();
  });

  const withFile = async () => {
    const link = await createLink(h, { uploads: uploadsOn() });
    const started = await h.inject(visitorPost(`/api/public/sessions/${link.token}`, {}));
    const session = started.body.session as string;
    const upload = await h.inject(uploadRequest(link.token, session, { filename: 'photo.png', data: samplePng() }));
    expect(upload.status, upload.text).toBe(201);
    const sent = await h.inject(visitorPost(`/api/public/chat/${link.token}`, { content: 'see this', session, attachments: [upload.body.upload_id] }));
    expect(sent.status, sent.text).toBe(200);
    return { link, session, conversationId: started.body.conversation_id as string, uploadId: upload.body.upload_id as string };
  };
  const rows = async (conversationId: string) =>
    (await h.ctx.db.selectFrom('uploads').select('id').where('conversation_id', '=', conversationId).execute()).length;
  const holds = async (uploadId: string) => (await kept.list()).some((key) => key.endsWith(uploadId));

  it('a visitor erasing their conversation takes its files with it; the file’s URL stops answering', async () => {
    const { link, session, conversationId, uploadId } = await withFile();
    expect(await holds(uploadId)).toBe(true);
    const erased = await h.inject({ method: 'DELETE', url: `/api/public/chat/${link.token}/session?session=${session}` });
    expect(erased.status, erased.text).toBe(200);
    expect(await holds(uploadId)).toBe(false);
    expect(await rows(conversationId)).toBe(0);
    const gone = await h.inject({ method: 'GET', url: `/api/public/uploads/${uploadId}?session=${session}` });
    expectError(gone, 401, 'unauthorized');
  });

  it('the tenant’s export lists a visitor’s files; erasing the visitor deletes them', async () => {
    const { link, conversationId, uploadId } = await withFile();
    await h.ctx.db.updateTable('text_conversations').set({ visitor_email: 'ana@example.com' }).where('id', '=', conversationId).execute();
    const exported = await h.admin('GET', '/api/visitors/ana@example.com/export', undefined, link.tenantId);
    expect(exported.status, exported.text).toBe(200);
    const messages = exported.body.conversations.flatMap((c: { messages: unknown[] }) => c.messages);
    expect(messages.find((m: { attachments?: unknown }) => m.attachments)?.attachments).toEqual([
      { id: uploadId, name: 'photo.png', type: 'image/png', bytes: samplePng().length },
    ]);
    const erased = await h.admin('DELETE', '/api/visitors/ana@example.com', undefined, link.tenantId);
    expect(erased.status, erased.text).toBe(200);
    expect(await holds(uploadId)).toBe(false);
    expect(await rows(conversationId)).toBe(0);
  });

  it('retention purges an ended conversation’s files with its messages', async () => {
    const { link, session, conversationId, uploadId } = await withFile();
    await h.inject(visitorPost(`/api/public/chat/${link.token}`, { content: 'stop', session }));
    await h.ctx.db
      .updateTable('text_conversations')
      .set({ ended_at: new Date(Date.now() - 3 * 86_400_000) })
      .where('id', '=', conversationId)
      .execute();
    await h.purgeEnded([conversationId], 2);
    expect(await holds(uploadId)).toBe(false);
    expect(await rows(conversationId)).toBe(0);
  });

  it('a file still arriving when its conversation is erased is not kept: the upload answers 410 and the store holds nothing of it', async () => {
    const link = await createLink(h, { uploads: uploadsOn(8 * 1024 * 1024) });
    const started = await h.inject(visitorPost(`/api/public/sessions/${link.token}`, {}));
    const session = started.body.session as string;
    const body = multipartBody([{ name: 'file', filename: 'slow.png', data: Buffer.concat([samplePng(), Buffer.alloc(2 * 1024 * 1024)]) }]);
    let send!: (rest: Buffer) => void;
    const answer = new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = httpRequest(
        {
          port,
          host: '127.0.0.1',
          method: 'POST',
          path: `/api/public/chat/${link.token}/uploads?session=${session}`,
          headers: { 'content-type': body.contentType, 'content-length': String(body.payload.length) },
        },
        (res) => {
          let text = '';
          res.on('data', (chunk) => (text += chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        },
      );
      req.on('error', reject);
      req.write(body.payload.subarray(0, 1024 * 1024));
      send = (rest) => req.end(rest);
    });
    // The first megabyte is on its way into the store when the visitor erases the conversation.
    await waitFor(() => puts.some((key) => key.startsWith(link.tenantId)));
    const erased = await h.inject({ method: 'DELETE', url: `/api/public/chat/${link.token}/session?session=${session}` });
    expect(erased.status, erased.text).toBe(200);
    send(body.payload.subarray(1024 * 1024));
    const refused = await answer;
    expect(refused.status, refused.text).toBe(410);
    expect(JSON.parse(refused.text).error.details).toEqual({ reason: 'erased' });
    // Keys start with the tenant, and this link's tenant is its own.
    expect((await kept.list()).filter((key) => key.startsWith(link.tenantId))).toEqual([]);
    expect(await rows(started.body.conversation_id)).toBe(0);
  });
});
