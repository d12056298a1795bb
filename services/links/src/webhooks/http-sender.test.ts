import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postWebhook, sendPinned } from './http-sender.js';

describe('sending a webhook', () => {
  const seen: Array<{ url: string; headers: IncomingHttpHeaders; body: string }> = [];
  // A receiver on loopback; answers 302 on /redirect (which must not be followed).
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => {
      body += chunk.toString('utf8');
    });
    request.on('end', () => {
      seen.push({ url: request.url ?? '', headers: request.headers, body });
      if (request.url === '/redirect') response.writeHead(302, { location: 'http://169.254.169.254/' }).end();
      // /stall never answers.
      else if (request.url === '/stall') return;
      else response.writeHead(202).end('taken');
    });
  });
  let port: number;

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('connects to the checked address, never resolving the name again; Host stays the URL’s', async () => {
    // `.invalid` never resolves: reaching the receiver proves the socket used the address it was given.
    const status = await sendPinned(new URL(`http://rebound.invalid:${port}/hook?x=1`), { address: '127.0.0.1', family: 4 }, '{"a":1}', {
      'webhook-id': 'whd_1',
    }).status;
    expect(status).toBe(202);
    expect(seen.at(-1)).toMatchObject({
      url: '/hook?x=1',
      body: '{"a":1}',
      headers: { host: `rebound.invalid:${port}`, 'content-type': 'application/json', 'webhook-id': 'whd_1', 'user-agent': 'Parley-Webhooks/1' },
    });
  });

  it('does not follow redirects: a 3xx fails the attempt', async () => {
    const before = seen.length;
    const outcome = await postWebhook(new URL(`http://127.0.0.1:${port}/redirect`), '{}', {}, { allowPrivate: true, timeoutMs: 2_000 });
    expect(outcome).toMatchObject({ status: 302, error: 'the receiver answered 302', result: 'http_error' });
    expect(seen.length).toBe(before + 1);
  });

  it('refuses a non-public address before connecting, unless allowed', async () => {
    const before = seen.length;
    const refused = await postWebhook(new URL(`http://127.0.0.1:${port}/hook`), '{}', {}, { allowPrivate: false, timeoutMs: 2_000 });
    expect(refused).toMatchObject({ status: null, error: 'refused: 127.0.0.1 is a loopback address: webhooks may not reach it', result: 'refused' });
    expect(seen.length).toBe(before);
    expect(await postWebhook(new URL(`http://127.0.0.1:${port}/hook`), '{}', {}, { allowPrivate: true, timeoutMs: 2_000 })).toMatchObject({
      status: 202,
      error: null,
      result: 'delivered',
    });
  });

  it('tells a receiver that does not answer in time from one that cannot be reached', async () => {
    const stalled = await postWebhook(new URL(`http://127.0.0.1:${port}/stall`), '{}', {}, { allowPrivate: true, timeoutMs: 200 });
    expect(stalled).toMatchObject({ status: null, result: 'timeout', error: expect.stringMatching(/^timed out/) });
    // A port nothing listens on: the connection is refused.
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const unreachable = await postWebhook(new URL(`http://127.0.0.1:${closedPort}/hook`), '{}', {}, { allowPrivate: true, timeoutMs: 2_000 });
    expect(unreachable).toMatchObject({ status: null, result: 'network_error', error: expect.stringContaining('ECONNREFUSED') });
  });
});
