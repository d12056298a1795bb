import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openGuardedFetch } from './guarded-fetch.js';
import { type OutboundInit, outboundRequest } from './outbound-request.js';

describe('one outbound request', () => {
  let served = 0;
  let connections = 0;
  // A server on loopback: /json answers, /stall never does, /half sends part of a body and stalls,
  // /endless streams without end, /declared declares a length over the cap, /loop redirects forever.
  const server = createServer((request, response) => {
    served += 1;
    const path = new URL(request.url ?? '/', 'http://server').pathname;
    if (path === '/json') response.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end('{"status":"shipped","note":"é"}');
    else if (path === '/missing') response.writeHead(404, { 'content-type': 'text/plain' }).end('no such order');
    else if (path === '/stall') return;
    else if (path === '/half') response.writeHead(200, { 'content-type': 'text/plain' }).write('the beginning of');
    else if (path === '/endless') {
      response.writeHead(200, { 'content-type': 'text/plain' });
      const chunk = Buffer.alloc(16 * 1024, 'x');
      const more = () => {
        while (!response.destroyed && response.write(chunk));
      };
      response.on('drain', more);
      more();
    } else if (path === '/declared') response.writeHead(200, { 'content-length': '4096' }).end('x'.repeat(4096));
    else if (path === '/loop') response.writeHead(302, { location: '/loop?token=again' }).end();
    else response.writeHead(500).end();
  });
  let origin: string;
  const init = (overrides: Partial<OutboundInit> = {}): OutboundInit => ({
    method: 'GET',
    headers: { authorization: 'Bearer header-secret' },
    timeoutMs: 2_000,
    maxResponseBytes: 1024,
    allowPrivate: true,
    who: 'tools',
    ...overrides,
  });

  beforeAll(async () => {
    server.on('connection', () => {
      connections += 1;
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('answers the status, the type and the body as text, whatever the status', async () => {
    expect(await outboundRequest(`${origin}/json`, init())).toEqual({
      ok: true,
      status: 200,
      contentType: 'application/json; charset=utf-8',
      body: '{"status":"shipped","note":"é"}',
      truncated: false,
    });
    expect(await outboundRequest(`${origin}/missing`, init())).toMatchObject({ ok: true, status: 404, body: 'no such order' });
  });

  it('answers the body undecoded when asked for its bytes', async () => {
    const answer = await outboundRequest(`${origin}/json`, init({ read: 'bytes' }));
    expect(answer).toMatchObject({ ok: true, status: 200, contentType: 'application/json; charset=utf-8' });
    expect(answer.ok && Buffer.from(answer.body).equals(Buffer.from('{"status":"shipped","note":"é"}'))).toBe(true);
  });

  it('refuses a private address unless allowed, sending nothing', async () => {
    const before = served;
    expect(await outboundRequest(`${origin}/json`, init({ allowPrivate: false }))).toEqual({
      ok: false,
      kind: 'refused',
      message: '127.0.0.1 is a loopback address: tools may not reach it',
    });
    expect(await outboundRequest('http://localhost/json', init({ allowPrivate: false }))).toEqual({
      ok: false,
      kind: 'refused',
      message: 'localhost does not resolve to a public address: tools may not reach it',
    });
    expect(served).toBe(before);
  });

  it('times out on a server that does not answer, or does not finish its body', async () => {
    for (const path of ['/stall', '/half']) {
      expect(await outboundRequest(`${origin}${path}`, init({ timeoutMs: 200 })), path).toEqual({
        ok: false,
        kind: 'timeout',
        message: '127.0.0.1 did not answer in full within 0.2 s',
      });
    }
  });

  it('stops reading a body over the cap: too large, whether declared or streamed without end', async () => {
    for (const path of ['/declared', '/endless']) {
      expect(await outboundRequest(`${origin}${path}`, init()), path).toEqual({
        ok: false,
        kind: 'too_large',
        message: '127.0.0.1 answered more than 1024 bytes',
      });
    }
  });

  it('tells what went wrong naming the host, never the query string nor the headers', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const outcomes = [
      await outboundRequest(`http://127.0.0.1:${closedPort}/orders?token=query-secret`, init()),
      await outboundRequest(`${origin}/loop?token=query-secret`, init()),
      await outboundRequest(`${origin}/json?token=query-secret`, init({ allowPrivate: false })),
      await outboundRequest(`${origin}/stall?token=query-secret`, init({ timeoutMs: 100 })),
      await outboundRequest(`${origin}/endless?token=query-secret`, init()),
      await outboundRequest(`${origin}/json?token=query-secret`, init({ headers: { 'x-key': 'header-secret\r\nx-injected: 1' } })),
    ];
    expect(outcomes).toEqual([
      { ok: false, kind: 'network_error', message: '127.0.0.1 could not be reached (ECONNREFUSED)' },
      { ok: false, kind: 'network_error', message: '127.0.0.1 redirected more than 5 times' },
      { ok: false, kind: 'refused', message: expect.stringMatching(/^127\.0\.0\.1 is a loopback address/) },
      { ok: false, kind: 'timeout', message: expect.stringMatching(/^127\.0\.0\.1 did not answer/) },
      { ok: false, kind: 'too_large', message: expect.stringMatching(/^127\.0\.0\.1 answered more than/) },
      { ok: false, kind: 'network_error', message: 'the request to 127.0.0.1 was not sent: a header name or value is not valid' },
    ]);
    expect(JSON.stringify(outcomes)).not.toMatch(/secret|token/);
    expect(await outboundRequest('not a url?token=query-secret', init())).toEqual({ ok: false, kind: 'refused', message: 'not a valid URL' });
  });

  it("stops at the caller's own signal, rejecting with its reason", async () => {
    const caller = new AbortController();
    const pending = outboundRequest(`${origin}/stall`, init({ signal: caller.signal }));
    caller.abort(new Error('the turn was given up'));
    await expect(pending).rejects.toThrow('the turn was given up');
  });
  it('through a kept guarded fetch (`via`), requests reuse kept connections; each without opens its own', async () => {
    const via = openGuardedFetch({ allowPrivate: true, who: 'tools' });
    try {
      const before = connections;
      for (let i = 0; i < 8; i++) expect(await outboundRequest(`${origin}/json`, init({ via }))).toMatchObject({ ok: true, status: 200 });
      // A connection is back in the pool a moment after its answer was read (another may open meanwhile): far fewer than eight.
      expect(connections - before).toBeLessThanOrEqual(4);
      // An answer over the cap, declared and never read, lets its connection go: the next request is served.
      expect(await outboundRequest(`${origin}/declared`, init({ via }))).toMatchObject({ ok: false, kind: 'too_large' });
      expect(await outboundRequest(`${origin}/json`, init({ via }))).toMatchObject({ ok: true, status: 200 });
      const alone = connections;
      for (let i = 0; i < 3; i++) await outboundRequest(`${origin}/json`, init());
      expect(connections - alone).toBe(3);
    } finally {
      await via.close();
    }
  });
});
