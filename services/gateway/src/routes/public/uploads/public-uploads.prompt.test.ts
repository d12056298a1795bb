import { type FakeLlm, startFakeLlm } from '@parley/testing';
import { samplePdf, samplePng } from '@parley/uploads/test-files';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type GatewayHarness, startGatewayHarness } from '../../../../test/gateway-harness.js';
import { streamingAgent, visitorPost } from '../../../../test/public-link-fixtures.js';
import { uploadRequest, uploadsOn } from '../../../../test/upload-fixtures.js';

describe('files a visitor attaches, as a prompt node sees them', () => {
  let h: GatewayHarness;
  let llm: FakeLlm;

  beforeAll(async () => {
    llm = await startFakeLlm();
    h = await startGatewayHarness({}, { llmBaseUrl: llm.url });
  });
  afterAll(async () => {
    await h?.stop();
    await llm?.close();
  });
  beforeEach(() => llm.reset());

  it('an image reaches the LLM as an image part of the visitor’s message, a PDF as a note naming it', async () => {
    const agent = await h.seedAgent(streamingAgent);
    const link = await h.bus.request('links.links.create', {
      tenantId: agent.tenantId,
      agentName: agent.name,
      settings: { title: 'Repairs', uploads: uploadsOn() } as never,
      publicBaseUrl: 'http://127.0.0.1:8080',
    });
    const started = await h.inject(visitorPost(`/api/public/sessions/${link.token}`, {}));
    const session = started.body.session as string;
    const image = await h.inject(uploadRequest(link.token, session, { filename: 'crack.png', data: samplePng() }));
    const pdf = await h.inject(uploadRequest(link.token, session, { filename: 'receipt.pdf', data: samplePdf() }));
    const sent = await h.inject(
      visitorPost(`/api/public/chat/${link.token}`, { content: 'my screen cracked', session, attachments: [image.body.upload_id, pdf.body.upload_id] }),
    );
    expect(sent.status, sent.text).toBe(200);

    const reply = llm.requests.at(-1)?.body as { messages: Array<{ role: string; content: unknown }> };
    const user = reply.messages.at(-1)!;
    expect(user.role).toBe('user');
    const parts = user.content as Array<{ type: string; text?: string; image_url?: { url: string } }>;
    expect(parts[0]?.type).toBe('text');
    expect(parts[0]?.text).toContain('my screen cracked');
    expect(parts[0]?.text).toContain('"crack.png" (image/png');
    expect(parts[0]?.text).toContain('"receipt.pdf" (application/pdf');
    expect(parts.slice(1)).toEqual([{ type: 'image_url', image_url: { url: `data:image/png;base64,${samplePng().toString('base64')}` } }]);
  });

  it('a message without files is sent as plain text, as before', async () => {
    const agent = await h.seedAgent(streamingAgent);
    const link = await h.bus.request('links.links.create', {
      tenantId: agent.tenantId,
      agentName: agent.name,
      settings: { title: 'Repairs' } as never,
      publicBaseUrl: 'http://127.0.0.1:8080',
    });
    const first = await h.inject(visitorPost(`/api/public/chat/${link.token}`, { content: 'hello' }));
    expect(first.status, first.text).toBe(200);
    const body = llm.requests.at(-1)?.body as { messages: Array<{ role: string; content: unknown }> };
    expect(body.messages.at(-1)).toEqual({ role: 'user', content: 'hello' });
  });
});
