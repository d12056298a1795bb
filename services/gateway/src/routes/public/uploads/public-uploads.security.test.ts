import { Writable } from 'node:stream';
import { createLogger } from '@parley/logger';
import { samplePng } from '@parley/uploads/test-files';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayHarness, startGatewayHarness } from '../../../../test/gateway-harness.js';
import { createLink, visitorPost } from '../../../../test/public-link-fixtures.js';
import { uploadRequest, uploadsOn } from '../../../../test/upload-fixtures.js';

describe('visitors’ uploads: what must not leak', () => {
  let h: GatewayHarness;
  const lines: string[] = [];

  beforeAll(async () => {
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
        done();
      },
    });
    h = await startGatewayHarness({}, { gatewayLogger: createLogger({ service: 'gateway', level: 'debug', destination }) });
  });
  afterAll(async () => h?.stop());

  it('no log line of an upload or a download names the session credential, the file’s name or its bytes', async () => {
    const link = await createLink(h, { uploads: uploadsOn() });
    const started = await h.inject(visitorPost(`/api/public/sessions/${link.token}`, {}));
    const session = started.body.session as string;
    const secretName = 'passport-of-jane-doe.png';
    const upload = await h.inject(uploadRequest(link.token, session, { filename: secretName, data: samplePng() }));
    expect(upload.status, upload.text).toBe(201);
    const refused = await h.inject(uploadRequest(link.token, session, { filename: 'evil.png', data: '<html>secret-markup</html>' }));
    expect(refused.status).toBe(415);
    const download = await h.inject({ method: 'GET', url: `/api/public/uploads/${upload.body.upload_id}?session=${session}` });
    expect(download.status).toBe(200);
    const foreign = await h.inject({ method: 'GET', url: `/api/public/uploads/${upload.body.upload_id}?session=pcs_BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB` });
    expect(foreign.status).toBe(401);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const all = lines.join('\n');
    expect(all).toContain('file uploaded');
    for (const secret of [
      session,
      'pcs_BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB',
      secretName,
      'passport',
      'secret-markup',
      samplePng().toString('base64').slice(0, 16),
    ]) {
      expect(all).not.toContain(secret);
    }
  });

  it('a file is never served inline: HTML-looking text cannot be uploaded, and every download is an attachment under a sandbox', async () => {
    const link = await createLink(h, { uploads: uploadsOn() });
    const started = await h.inject(visitorPost(`/api/public/sessions/${link.token}`, {}));
    const session = started.body.session as string;
    const text = await h.inject(uploadRequest(link.token, session, { filename: 'page.html', type: 'text/html', data: 'just words, no markup' }));
    expect(text.status, text.text).toBe(201);
    expect(text.body.type).toBe('text/plain');
    const download = await h.inject({ method: 'GET', url: `/api/public/uploads/${text.body.upload_id}?session=${session}` });
    expect(download.headers['content-type']).toBe('text/plain; charset=utf-8');
    // Saved as what it is: text.
    expect(text.body.name).toBe('page.html.txt');
    expect(download.headers['content-disposition']).toMatch(/^attachment; filename="page.html.txt"/);
    expect(download.headers['x-content-type-options']).toBe('nosniff');
    expect(download.headers['content-security-policy']).toBe("default-src 'none'; sandbox");
    expect(download.headers['cache-control']).toBe('private, no-store');
  });

  it('a file is named as the type judged from its bytes: text that claims to be a program is saved as .txt, a PNG as .png – for the visitor and the operator', async () => {
    const link = await createLink(h, { uploads: uploadsOn() });
    const started = await h.inject(visitorPost(`/api/public/sessions/${link.token}`, {}));
    const session = started.body.session as string;
    const conversationId = started.body.conversation_id as string;
    const files = [
      { filename: 'invoice.bat', data: '@echo off\r\ndel /q C:\\*\r\n', type: 'application/x-msdos-program', name: 'invoice.bat.txt' },
      { filename: 'invoice.js', data: 'WScript.Shell.Run("calc")', type: 'text/javascript', name: 'invoice.js.txt' },
      { filename: 'run.ps1', data: 'Remove-Item -Recurse C:\\', type: 'text/plain', name: 'run.ps1.txt' },
      { filename: 'photo.exe', data: samplePng(), type: 'application/x-msdownload', name: 'photo.exe.png' },
      // A name that agrees stays as it is.
      { filename: 'notes.txt', data: 'just notes', type: 'text/plain', name: 'notes.txt' },
    ];
    const uploaded: Array<{ id: string; name: string }> = [];
    for (const file of files) {
      const answer = await h.inject(uploadRequest(link.token, session, { filename: file.filename, data: file.data, type: file.type }));
      expect(answer.status, answer.text).toBe(201);
      expect(answer.body.name, file.filename).toBe(file.name);
      uploaded.push({ id: answer.body.upload_id as string, name: file.name });
    }
    const sent = await h.inject(visitorPost(`/api/public/chat/${link.token}`, { content: 'my files', session, attachments: uploaded.map((file) => file.id) }));
    expect(sent.status, sent.text).toBe(200);
    for (const { id, name } of uploaded) {
      const mine = await h.inject({ method: 'GET', url: `/api/public/uploads/${id}?session=${session}` });
      expect(mine.status).toBe(200);
      expect(mine.headers['content-disposition']).toBe(`attachment; filename="${name}"; filename*=UTF-8''${name}`);
      expect(mine.headers['x-content-type-options']).toBe('nosniff');
      const operators = await h.app.inject({
        method: 'GET',
        url: `/api/conversations/${conversationId}/uploads/${id}`,
        headers: { authorization: 'Bearer gateway-admin-key-0123456789abcdef', 'x-tenant-id': link.tenantId },
      });
      expect(operators.statusCode, operators.body).toBe(200);
      expect(operators.headers['content-disposition']).toBe(`attachment; filename="${name}"; filename*=UTF-8''${name}`);
      expect(operators.headers['x-content-type-options']).toBe('nosniff');
    }
    // The operator's view of the conversation names them the same way.
    const detail = await h.admin('GET', `/api/conversations/${conversationId}`, undefined, link.tenantId);
    const message = detail.body.messages.find((m: { id: string }) => m.id === sent.body.message_id);
    expect(message.attachments.map((file: { name: string }) => file.name)).toEqual(uploaded.map((file) => file.name));
  });

  it('an upload id of another session, another link or none at all: 404 alike', async () => {
    const a = await createLink(h, { uploads: uploadsOn() });
    const b = await createLink(h, { uploads: uploadsOn() });
    const sa = (await h.inject(visitorPost(`/api/public/sessions/${a.token}`, {}))).body.session as string;
    const sb = (await h.inject(visitorPost(`/api/public/sessions/${b.token}`, {}))).body.session as string;
    const upload = await h.inject(uploadRequest(a.token, sa, { filename: 'a.png', data: samplePng() }));
    for (const url of [
      `/api/public/uploads/${upload.body.upload_id}?session=${sb}`,
      `/api/public/uploads/upl_AAAAAAAAAAAAAAAAAAAAAA?session=${sa}`,
      `/api/public/uploads/..%2F..%2Fetc?session=${sa}`,
    ]) {
      const answer = await h.inject({ method: 'GET', url });
      expect(answer.status, `${url}: ${answer.text}`).toBe(404);
      expect(answer.body.error.code).toBe('not_found');
    }
  });
});
