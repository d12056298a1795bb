import { Writable } from 'node:stream';
import { createLogger } from '@parley/logger';
import { samplePng } from '@parley/uploads/test-files';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayHarness, startGatewayHarness } from '../../test/gateway-harness.js';
import { createLink, visitorPost } from '../../test/public-link-fixtures.js';
import { uploadRequest, uploadsOn } from '../../test/upload-fixtures.js';

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
    for (const secret of [session, 'pcs_BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB', secretName, 'passport', 'secret-markup', samplePng().toString('base64').slice(0, 16)]) {
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
    expect(download.headers['content-disposition']).toMatch(/^attachment; filename="page.html"/);
    expect(download.headers['x-content-type-options']).toBe('nosniff');
    expect(download.headers['content-security-policy']).toBe("default-src 'none'; sandbox");
    expect(download.headers['cache-control']).toBe('private, no-store');
  });

  it('an upload id of another session, another link or none at all: 404 alike', async () => {
    const a = await createLink(h, { uploads: uploadsOn() });
    const b = await createLink(h, { uploads: uploadsOn() });
    const sa = (await h.inject(visitorPost(`/api/public/sessions/${a.token}`, {}))).body.session as string;
    const sb = (await h.inject(visitorPost(`/api/public/sessions/${b.token}`, {}))).body.session as string;
    const upload = await h.inject(uploadRequest(a.token, sa, { filename: 'a.png', data: samplePng() }));
    for (const url of [`/api/public/uploads/${upload.body.upload_id}?session=${sb}`, `/api/public/uploads/upl_AAAAAAAAAAAAAAAAAAAAAA?session=${sa}`, `/api/public/uploads/..%2F..%2Fetc?session=${sa}`]) {
      const answer = await h.inject({ method: 'GET', url });
      expect(answer.status, `${url}: ${answer.text}`).toBe(404);
      expect(answer.body.error.code).toBe('not_found');
    }
  });
});
