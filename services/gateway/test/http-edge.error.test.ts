import { connect, type Socket } from 'node:net';
import { waitFor } from '@parley/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_KEY, type GatewayHarness, startGatewayHarness } from './gateway-harness.js';
import { type RawAnswer, sendRaw } from './raw-http.js';

/** Every answer of the edge: the error body shape, a request id, and the status of its code. */
function expectErrorShape(answer: RawAnswer, status: number, code: string) {
  expect(answer.status, JSON.stringify(answer.body)).toBe(status);
  expect(answer.body).toMatchObject({ error: { code, message: expect.any(String), request_id: expect.any(String) } });
  expect(answer.headers['x-request-id']).toBe(answer.body.error.request_id);
  expect(answer.headers['content-type']).toMatch(/^application\/json/);
}

describe('the HTTP edge: what never reaches a route is still answered in the error shape', () => {
  let h: GatewayHarness;
  let port: number;

  beforeAll(async () => {
    h = await startGatewayHarness({ requestTimeoutMs: 1_000 });
    await h.app.listen({ port: 0, host: '127.0.0.1' });
    port = (h.app.server.address() as { port: number }).port;
  });
  afterAll(async () => h?.stop());

  it.each([
    ['a malformed percent-escape', 'GET /api/agents/%zz HTTP/1.1\r\nHost: x\r\n\r\n', 400, 'invalid'],
    ['a path that is not UTF-8 (a lone surrogate escaped)', 'GET /api/agents/%ED%A0%80 HTTP/1.1\r\nHost: x\r\n\r\n', 400, 'invalid'],
    ['a path parameter longer than any id', `GET /api/chat/sessions/text_${'a'.repeat(600)} HTTP/1.1\r\nHost: x\r\n\r\n`, 404, 'not_found'],
    ['an unknown method', 'FOO /api/agents HTTP/1.1\r\nHost: x\r\n\r\n', 400, 'invalid'],
    ['a method no route has', 'PROPFIND /api/agents HTTP/1.1\r\nHost: x\r\n\r\n', 404, 'not_found'],
    ['a control byte in a header', 'GET /healthz HTTP/1.1\r\nHost: x\r\nX-A: a\x01b\r\n\r\n', 400, 'invalid'],
    [
      'Content-Length and Transfer-Encoding together',
      'POST /api/chat/sessions HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
      400,
      'invalid',
    ],
    ['headers larger than the server reads', `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`, 431, 'headers_too_large'],
    ['an Expect other than 100-continue', 'GET /healthz HTTP/1.1\r\nHost: x\r\nExpect: the-unexpected\r\n\r\n', 400, 'invalid'],
    ['CONNECT (this is no proxy)', 'CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n', 404, 'not_found'],
    ['a garbage request line', 'hello there\r\n\r\n', 400, 'invalid'],
  ])('%s', async (_name, bytes, status, code) => {
    expectErrorShape(await sendRaw(port, bytes), status, code);
  });

  it('never echoes the raw request: a key sent in a malformed request is not in the answer', async () => {
    const answer = await sendRaw(port, `GET /api/agents HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${ADMIN_KEY}\r\nX-Bad: \x7f\x01\r\n\r\n`);
    expectErrorShape(answer, 400, 'invalid');
    expect(JSON.stringify(answer)).not.toContain(ADMIN_KEY);
  });

  it('cuts off a client whose body stalls: 408 in the error shape, connection closed', async () => {
    const started = Date.now();
    const answer = await sendRaw(
      port,
      'POST /api/chat/sessions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"tenant_id":',
      { timeoutMs: 5_000 },
    );
    expectErrorShape(answer, 408, 'request_timeout');
    expect(answer.headers.connection).toBe('close');
    // The timeout is 1 s, checked every second.
    expect(Date.now() - started).toBeLessThan(3_500);
  });

  it('cuts off a client that never finishes its headers', async () => {
    const answer = await sendRaw(port, 'GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ', { timeoutMs: 5_000 });
    expectErrorShape(answer, 408, 'request_timeout');
  });

  it('holds no stalled connection: 200 slow unauthenticated clients are all closed after the timeout', async () => {
    const sockets: Socket[] = [];
    const closed = new Set<Socket>();
    for (let i = 0; i < 200; i++) {
      const socket = connect(port, '127.0.0.1');
      socket.on('error', () => {});
      socket.on('close', () => closed.add(socket));
      // Read what the server sends, as a client does, so its close is seen.
      socket.resume();
      socket.write('POST /api/chat/sessions HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n{');
      sockets.push(socket);
    }
    try {
      await waitFor(() => closed.size === sockets.length, { timeoutMs: 6_000, intervalMs: 100 });
    } finally {
      for (const socket of sockets) socket.destroy();
    }
    // The server still answers normally afterwards.
    const health = await h.inject({ method: 'GET', url: '/healthz' });
    expect(health.status).toBe(200);
  });
});
