import { samplePdf, samplePng } from '@parley/uploads/test-files';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayHarness, startGatewayHarness } from '../../../../test/gateway-harness.js';
import { createLink, visitorPost } from '../../../../test/public-link-fixtures.js';
import { uploadRequest, uploadsOn } from '../../../../test/upload-fixtures.js';

describe('visitors’ uploads', () => {
  let h: GatewayHarness;

  beforeAll(async () => {
    h = await startGatewayHarness();
  });
  afterAll(async () => h?.stop());

  const startSession = async (settings = {}) => {
    const link = await createLink(h, { uploads: uploadsOn(), ...settings });
    const started = await h.inject(visitorPost(`/api/public/sessions/${link.token}`, {}));
    expect(started.status, started.text).toBe(201);
    return { link, session: started.body.session as string, conversationId: started.body.conversation_id as string };
  };

  it('stores an image and a PDF, judged by their bytes; a message carries them; history and the operator’s view show them; each downloads as sent', async () => {
    const { link, session, conversationId } = await startSession();
    const png = samplePng();
    const image = await h.inject(uploadRequest(link.token, session, { filename: 'screen shot.png', data: png, type: 'application/octet-stream' }));
    expect(image.status, image.text).toBe(201);
    expect(image.body).toEqual({ upload_id: expect.stringMatching(/^upl_[A-Za-z0-9_-]{22}$/), name: 'screen shot.png', type: 'image/png', bytes: png.length });
    const pdf = await h.inject(uploadRequest(link.token, session, { filename: 'Rechnung März.pdf', data: samplePdf() }));
    expect(pdf.status, pdf.text).toBe(201);
    expect(pdf.body).toMatchObject({ name: 'Rechnung März.pdf', type: 'application/pdf' });
    // Recorded, they are no longer unfinished: the sweep for files whose gateway died leaves them be.
    const unfinished = await h.ctx.db.selectFrom('unfinished_uploads').select('id').where('id', 'in', [image.body.upload_id, pdf.body.upload_id]).execute();
    expect(unfinished).toEqual([]);

    const sent = await h.inject(
      visitorPost(`/api/public/chat/${link.token}`, { content: 'here they are', session, attachments: [image.body.upload_id, pdf.body.upload_id] }),
    );
    expect(sent.status, sent.text).toBe(200);

    const history = await h.inject({ method: 'GET', url: `/api/public/history/${link.token}?session=${session}` });
    const mine = history.body.messages.find((m: { id: string }) => m.id === sent.body.message_id);
    expect(mine.attachments).toEqual([
      { id: image.body.upload_id, name: 'screen shot.png', type: 'image/png', bytes: png.length },
      { id: pdf.body.upload_id, name: 'Rechnung März.pdf', type: 'application/pdf', bytes: samplePdf().length },
    ]);

    const download = await h.inject({ method: 'GET', url: `/api/public/uploads/${image.body.upload_id}?session=${session}` });
    expect(download.status).toBe(200);
    expect(download.headers['content-type']).toBe('image/png');
    expect(download.headers['content-disposition']).toBe(`attachment; filename="screen shot.png"; filename*=UTF-8''screen%20shot.png`);
    expect(download.headers['x-content-type-options']).toBe('nosniff');
    expect(download.headers['content-security-policy']).toContain('sandbox');
    const bytes = await h.app.inject({ method: 'GET', url: `/api/public/uploads/${image.body.upload_id}?session=${session}` });
    expect(Buffer.compare(bytes.rawPayload, png)).toBe(0);
    const named = await h.inject({ method: 'GET', url: `/api/public/uploads/${pdf.body.upload_id}?session=${session}` });
    expect(named.headers['content-disposition']).toBe(`attachment; filename="Rechnung M_rz.pdf"; filename*=UTF-8''Rechnung%20M%C3%A4rz.pdf`);

    // The tenant's operators see the files in the conversation and fetch them; they are the conversation's own.
    const detail = await h.admin('GET', `/api/conversations/${conversationId}`, undefined, link.tenantId);
    expect(detail.status, detail.text).toBe(200);
    expect(detail.body.messages.find((m: { id: string }) => m.id === sent.body.message_id).attachments).toHaveLength(2);
    const operatorCopy = await h.app.inject({
      method: 'GET',
      url: `/api/conversations/${conversationId}/uploads/${pdf.body.upload_id}`,
      headers: { authorization: `Bearer ${(await h.seedTenant('other')).key}` },
    });
    expect(operatorCopy.statusCode).toBe(404);
    const own = await h.app.inject({
      method: 'GET',
      url: `/api/conversations/${conversationId}/uploads/${pdf.body.upload_id}`,
      headers: { authorization: 'Bearer gateway-admin-key-0123456789abcdef', 'x-tenant-id': link.tenantId },
    });
    expect(own.statusCode, own.body).toBe(200);
    expect(own.headers['content-disposition']).toMatch(/^attachment;/);
    expect(Buffer.compare(own.rawPayload, samplePdf())).toBe(0);
  });

  it('a file goes with one message only; a message may not name another session’s file', async () => {
    const { link, session } = await startSession();
    const other = await h.inject(visitorPost(`/api/public/sessions/${link.token}`, {}));
    const upload = await h.inject(uploadRequest(link.token, session, { filename: 'a.txt', data: 'hello there' }));
    expect(upload.status, upload.text).toBe(201);
    expect(upload.body.type).toBe('text/plain');
    const foreign = await h.inject(
      visitorPost(`/api/public/chat/${link.token}`, { content: 'mine?', session: other.body.session, attachments: [upload.body.upload_id] }),
    );
    expect(foreign.status, foreign.text).toBe(400);
    expect(foreign.body.error.details).toEqual([{ path: 'attachments', message: 'not an upload of this session' }]);
    const first = await h.inject(visitorPost(`/api/public/chat/${link.token}`, { content: 'one', session, attachments: [upload.body.upload_id] }));
    expect(first.status, first.text).toBe(200);
    const again = await h.inject(visitorPost(`/api/public/chat/${link.token}`, { content: 'two', session, attachments: [upload.body.upload_id] }));
    expect(again.status, again.text).toBe(409);
    expect(again.body.error.details).toEqual({ reason: 'attachment_used' });
    // Another session cannot fetch it either.
    const fetched = await h.inject({ method: 'GET', url: `/api/public/uploads/${upload.body.upload_id}?session=${other.body.session}` });
    expect(fetched.status).toBe(404);
  });
});
