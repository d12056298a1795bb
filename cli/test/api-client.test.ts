import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ChatApiClient, ChatApiError, ChatNetworkError } from '../src/index.js';
import { AGENT_ID, createdSession, ended, reply, status, TENANT_ID } from './reference-examples.js';
import { type Override, type SignatureCheckingServer, startSignatureCheckingServer } from './signature-checking-server.js';

const SECRET = 'test-chat-secret';

let server: SignatureCheckingServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(override?: Override): Promise<{ server: SignatureCheckingServer; client: ChatApiClient }> {
  server = await startSignatureCheckingServer(SECRET, override);
  return { server, client: new ChatApiClient({ baseUrl: `${server.url}/`, secret: SECRET }) };
}

describe('ChatApiClient signs every request as docs/api.md, "Signing a request" says', () => {
  it('creates a session with a signed JSON body', async () => {
    const { server, client } = await start();
    const created = await client.createSession({ tenant_id: TENANT_ID, agent_id: AGENT_ID, version: 2 });

    expect(created).toEqual(createdSession);
    const [request] = server.requests;
    expect(request).toMatchObject({ method: 'POST', path: '/api/chat/sessions', contentType: 'application/json', signatureValid: true });
    expect(JSON.parse(request?.body ?? '')).toEqual({ tenant_id: TENANT_ID, agent_id: AGENT_ID, version: 2 });
  });

  it('signs the raw UTF-8 bytes of a message body', async () => {
    const { server, client } = await start();
    expect(await client.sendMessage('text_abc123def456', 'Héllo – 👋')).toEqual(reply);
    expect(server.requests[0]).toMatchObject({
      method: 'POST',
      path: '/api/chat/sessions/text_abc123def456/messages',
      body: JSON.stringify({ content: 'Héllo – 👋' }),
      signatureValid: true,
    });
  });

  it('signs GET and DELETE over an empty body and sends no Content-Type with them', async () => {
    const { server, client } = await start();
    expect(await client.getStatus('text_abc123def456')).toEqual(status);
    expect(await client.endSession('text_abc123def456')).toEqual(ended);
    expect(server.requests.map(({ method, path, body, contentType, signatureValid }) => ({ method, path, body, contentType, signatureValid }))).toEqual([
      { method: 'GET', path: '/api/chat/sessions/text_abc123def456', body: '', contentType: undefined, signatureValid: true },
      { method: 'DELETE', path: '/api/chat/sessions/text_abc123def456', body: '', contentType: undefined, signatureValid: true },
    ]);
  });

  it('is refused by the server when signing with another secret', async () => {
    const { server } = await start();
    const stranger = new ChatApiClient({ baseUrl: server.url, secret: 'not-the-secret' });
    const error = await stranger.getStatus('text_abc123def456').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChatApiError);
    expect(error).toMatchObject({ status: 401, code: 'unauthorized' });
    expect(server.requests[0]?.signatureValid).toBe(false);
  });
});

describe('ChatApiClient errors', () => {
  it("surfaces the API's status, code, message and details", async () => {
    const { client } = await start(() => ({
      status: 410,
      body: { error: { code: 'gone', message: 'session is no longer active', details: { status: 'completed' } } },
    }));
    const error = await client.sendMessage('text_abc123def456', 'Hello').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChatApiError);
    expect(error).toMatchObject({ status: 410, code: 'gone', message: 'session is no longer active', details: { status: 'completed' } });
  });

  it('keeps an error that is not the JSON contract readable', async () => {
    const { client } = await start(() => ({ status: 502, body: '<html>Bad Gateway</html>' }));
    await expect(client.getStatus('text_x')).rejects.toMatchObject({ status: 502, code: 'http_error' });
  });

  it('names the URL when nothing answers', async () => {
    const port = await closedPort();
    const client = new ChatApiClient({ baseUrl: `http://127.0.0.1:${port}`, secret: SECRET });
    const error = await client.getStatus('text_x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChatNetworkError);
    expect(error).toMatchObject({ url: `http://127.0.0.1:${port}/api/chat/sessions/text_x` });
    expect((error as Error).message).toContain(`http://127.0.0.1:${port}/api/chat/sessions/text_x`);
  });
});

/** A port that was free a moment ago: listen, note it, close. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}
