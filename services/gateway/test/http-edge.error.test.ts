import { connect, type Socket } from 'node:net';
import { gzipSync } from 'node:zlib';
import { waitFor } from '@parley/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedLink, startSession } from '../src/routes/public/live/public-events.test-kit.js';
import { ADMIN_KEY, type GatewayHarness, startGatewayHarness } from './gateway-harness.js';
import { type RawAnswer, sendRaw } from './raw-http.js';

/** A well-formed link token no link has: the upgrade headers are checked before the link is looked up. */
const TOKEN = 'a'.repeat(32);

/** The headers of a WebSocket upgrade (RFC 6455); `null` leaves one out. */
function upgrade(over: { key?: string | null; version?: string | null; protocol?: string; protocolName?: string } = {}): string {
  const lines = ['Connection: Upgrade', `Upgrade: ${over.protocolName ?? 'websocket'}`];
  if (over.key !== null) lines.push(`Sec-WebSocket-Key: ${over.key ?? 'dGhlIHNhbXBsZSBub25jZQ=='}`);
  if (over.version !== null) lines.push(`Sec-WebSocket-Version: ${over.version ?? '13'}`);
  if (over.protocol !== undefined) lines.push(`Sec-WebSocket-Protocol: ${over.protocol}`);
  return lines.map((line) => `${line}\r\n`).join('');
}

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
    // Live events on: the widget's WebSocket upgrades when its link and session pass.
    h = await startGatewayHarness({ requestTimeoutMs: 1_000 }, { live: {} });
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
    ['an HTTP/1.1 request without Host', 'GET /healthz HTTP/1.1\r\n\r\n', 400, 'invalid'],
    ['an HTTP/1.1 POST without Host', 'POST /api/chat/sessions HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}', 400, 'invalid'],
    ['a WebSocket upgrade without Host', `GET /api/public/ws/${TOKEN} HTTP/1.1\r\n${upgrade()}\r\n`, 400, 'invalid'],
    [
      'a WebSocket upgrade with a malformed Sec-WebSocket-Key',
      `GET /api/public/ws/${TOKEN} HTTP/1.1\r\nHost: x\r\n${upgrade({ key: 'not-a-key' })}\r\n`,
      400,
      'invalid',
    ],
    ['a WebSocket upgrade without Sec-WebSocket-Key', `GET /api/public/ws/${TOKEN} HTTP/1.1\r\nHost: x\r\n${upgrade({ key: null })}\r\n`, 400, 'invalid'],
    [
      'a WebSocket upgrade with an unknown Sec-WebSocket-Version',
      `GET /api/public/ws/${TOKEN} HTTP/1.1\r\nHost: x\r\n${upgrade({ version: '12' })}\r\n`,
      400,
      'invalid',
    ],
    [
      'a WebSocket upgrade without Sec-WebSocket-Version',
      `GET /api/public/ws/${TOKEN} HTTP/1.1\r\nHost: x\r\n${upgrade({ version: null })}\r\n`,
      400,
      'invalid',
    ],
    [
      'a WebSocket upgrade with a malformed Sec-WebSocket-Protocol',
      `GET /api/public/ws/${TOKEN} HTTP/1.1\r\nHost: x\r\n${upgrade({ protocol: 'a b,,' })}\r\n`,
      400,
      'invalid',
    ],
    [
      'an upgrade to another protocol than websocket on the WebSocket route',
      `GET /api/public/ws/${TOKEN} HTTP/1.1\r\nHost: x\r\n${upgrade({ protocolName: 'h2c' })}\r\n`,
      400,
      'invalid',
    ],
  ])('%s', async (_name, bytes, status, code) => {
    expectErrorShape(await sendRaw(port, bytes), status, code);
  });

  it('an upgrade a real link and session would accept, with bad WebSocket headers: 400 in the error shape, no HTML, no 101', async () => {
    const { token, link } = await seedLink(h);
    const { session } = await startSession(h, link);
    const target = `/api/public/ws/${token}?session=${session}`;
    // The well-formed upgrade is accepted: what follows is refused for its headers alone.
    const accepted = await sendRaw(port, `GET ${target} HTTP/1.1\r\nHost: x\r\n${upgrade()}\r\n`, { timeoutMs: 1_000 });
    expect(accepted.status, JSON.stringify(accepted)).toBe(101);
    for (const [label, headers, path] of [
      ['a malformed key', upgrade({ key: 'not-a-key' }), 'headers.sec-websocket-key'],
      ['a key of the wrong length', upgrade({ key: 'dGhlIHNhbXBsZQ==' }), 'headers.sec-websocket-key'],
      ['no key', upgrade({ key: null }), 'headers.sec-websocket-key'],
      ['version 12', upgrade({ version: '12' }), 'headers.sec-websocket-version'],
      ['no version', upgrade({ version: null }), 'headers.sec-websocket-version'],
      ['a malformed subprotocol list', upgrade({ protocol: 'a b,,' }), 'headers.sec-websocket-protocol'],
      ['Upgrade: h2c', upgrade({ protocolName: 'h2c' }), 'headers.upgrade'],
    ] as const) {
      const answer = await sendRaw(port, `GET ${target} HTTP/1.1\r\nHost: x\r\n${headers}\r\n`);
      expectErrorShape(answer, 400, 'invalid');
      expect(answer.body.error.details, label).toEqual([{ path, message: expect.any(String) }]);
      expect(answer.headers.connection, label).toBe('close');
    }
  });

  it('a refused WebSocket version names the versions served', async () => {
    const answer = await sendRaw(port, `GET /api/public/ws/${TOKEN} HTTP/1.1\r\nHost: x\r\n${upgrade({ version: '7' })}\r\n`);
    expectErrorShape(answer, 400, 'invalid');
    expect(answer.body.error.details).toEqual([{ path: 'headers.sec-websocket-version', message: expect.any(String) }]);
    expect(answer.headers['sec-websocket-version']).toBe('13');
  });

  it('an upgrade asked of a route with no WebSocket is served as the plain request it is: never 101; with a body, 400', async () => {
    const health = await sendRaw(port, `GET /healthz HTTP/1.1\r\nHost: x\r\n${upgrade()}\r\n`);
    expect(health.status, JSON.stringify(health)).toBe(200);
    expect(health.body).toMatchObject({ status: 'ok' });
    // The socket was handed over for the upgrade: it is not reused after the answer.
    expect(health.headers.connection).toBe('close');
    const unauthenticated = await sendRaw(port, `GET /api/agents HTTP/1.1\r\nHost: x\r\n${upgrade({ protocolName: 'h2c' })}\r\n`);
    expectErrorShape(unauthenticated, 401, 'unauthorized');
    const body = JSON.stringify({ name: 'upgrade-ignored' });
    const withBody = await sendRaw(
      port,
      `POST /api/tenants HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${ADMIN_KEY}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n${upgrade({ protocolName: 'h2c' })}\r\n${body}`,
    );
    // Node reads no body past an upgrade's headers: refused, naming the header to leave out.
    expectErrorShape(withBody, 400, 'invalid');
    expect(withBody.body.error.details).toEqual([{ path: 'headers.upgrade', message: expect.any(String) }]);
  });

  it('a request body with a Content-Encoding is refused 415: bodies are read as sent, never decompressed', async () => {
    const body = JSON.stringify({ name: 'encoded' });
    const headers = { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' };
    for (const [encoding, payload] of [
      ['gzip', gzipSync(body)],
      ['gzip', body],
      ['deflate', body],
      ['br', body],
      ['gzip, identity', body],
    ] as const) {
      const answer = await h.inject({ method: 'POST', url: '/api/tenants', headers: { ...headers, 'content-encoding': encoding }, payload });
      expect(answer.status, `${encoding}: ${answer.text}`).toBe(415);
      expect(answer.body.error).toMatchObject({ code: 'unsupported_media_type', request_id: answer.headers['x-request-id'] });
      expect(answer.body.error.details).toEqual([{ path: 'headers.content-encoding', message: expect.any(String) }]);
    }
    // identity is no encoding at all; the credential still comes first.
    expect((await h.inject({ method: 'POST', url: '/api/tenants', headers: { ...headers, 'content-encoding': 'identity' }, payload: body })).status).toBe(201);
    const unauthenticated = await h.inject({
      method: 'POST',
      url: '/api/tenants',
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      payload: body,
    });
    expect(unauthenticated.status).toBe(401);
  });

  it('a JSON body with a key twice in one object is refused, naming the key: no reader has to guess which one counts', async () => {
    const headers = { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' };
    const send = (payload: string) => h.inject({ method: 'POST', url: '/api/tenants', headers, payload });
    for (const [payload, path] of [
      ['{"name":"first","name":"second"}', 'body.name'],
      // The same key however it is escaped.
      ['{"name":"first","n\\u0061me":"second"}', 'body.name'],
      ['{"name":"x","metadata":{"a":1,"b":{"c":[1,{"d":1,"d":2}]}}}', 'body.metadata.b.c[1].d'],
      ['{"name":"x","a":{"k":1},"a":{"k":2}}', 'body.a'],
    ] as const) {
      const answer = await send(payload);
      expect(answer.status, `${payload}: ${answer.text}`).toBe(400);
      expect(answer.body.error).toMatchObject({ code: 'invalid', details: [{ path, message: 'duplicate key' }] });
    }
    // The same key in different objects, and a key equal to a value, are fine.
    const fine = await send('{"name":"name"}');
    expect(fine.status, fine.text).toBe(201);
    const strict = await send('{"name":"y","extra":[{"a":1},{"a":2}]}');
    expect(strict.body.error?.details).not.toEqual([expect.objectContaining({ message: 'duplicate key' })]);
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
