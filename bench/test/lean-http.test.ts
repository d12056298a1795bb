import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { type AddressInfo, createServer as createTcpServer, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { LeanHttpClient } from '../common/lean-http.js';

type Handler = (request: IncomingMessage, body: string, response: ServerResponse) => void;

let server: Server | undefined;
let client: LeanHttpClient | undefined;
const sockets = new Set<Socket>();

/** A server answering each request with `handler`, and the client's connections to it. */
async function serve(handler: Handler, connections = 4): Promise<LeanHttpClient> {
  server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => {
      body += chunk;
    });
    request.on('end', () => handler(request, body, response));
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  client = new LeanHttpClient(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, connections);
  return client;
}

afterEach(async () => {
  await client?.close();
  for (const socket of sockets) socket.destroy();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
  client = undefined;
});

describe('the load generator’s HTTP client', () => {
  it('sends the method, path, headers and body as given, and reads the status and the body by its length', async () => {
    const http = await serve((request, body, response) => {
      response.writeHead(201, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ method: request.method, url: request.url, signature: request.headers['x-signature'], body }));
    });
    const answer = await http.request({ method: 'POST', path: '/api/x?y=1', headers: { 'x-signature': 'abc' }, body: '{"content":"héllo ☃"}' });
    expect(answer.statusCode).toBe(201);
    expect(JSON.parse(answer.text)).toEqual({ method: 'POST', url: '/api/x?y=1', signature: 'abc', body: '{"content":"héllo ☃"}' });
  });

  it('reads a chunked body, a reply that arrives in pieces, and one with no body', async () => {
    const http = await serve((request, _body, response) => {
      if (request.url === '/none') {
        response.writeHead(204);
        response.end();
        return;
      }
      if (request.url === '/chunked') {
        response.writeHead(200, { 'content-type': 'text/plain' });
        response.write('one, ');
        setTimeout(() => response.end('two ☃'), 20);
        return;
      }
      // The head and then the body in writes of their own, apart in time.
      const body = Buffer.from('{"ok":"ünïcode"}');
      response.writeHead(404, { 'content-length': String(body.length) });
      response.flushHeaders();
      setTimeout(() => response.write(body.subarray(0, 5)), 10);
      setTimeout(() => response.end(body.subarray(5)), 30);
    });
    expect(await http.request({ method: 'GET', path: '/chunked', headers: {} })).toEqual({ statusCode: 200, text: 'one, two ☃' });
    expect(await http.request({ method: 'GET', path: '/pieces', headers: {} })).toEqual({ statusCode: 404, text: '{"ok":"ünïcode"}' });
    expect(await http.request({ method: 'GET', path: '/none', headers: {} })).toEqual({ statusCode: 204, text: '' });
    expect(await http.request({ method: 'GET', path: '/pieces', headers: {} })).toEqual({ statusCode: 404, text: '{"ok":"ünïcode"}' });
  });

  it('keeps its connections open between requests, and queues requests beyond them', async () => {
    const seen = new Set<number | undefined>();
    const http = await serve((request, _body, response) => {
      seen.add(request.socket.remotePort);
      setTimeout(() => response.end(request.url), 5);
    }, 2);
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => http.request({ method: 'GET', path: `/${i}`, headers: {} })));
    expect(answers.map((a) => a.text)).toEqual(Array.from({ length: 10 }, (_, i) => `/${i}`));
    for (let i = 0; i < 5; i++) await http.request({ method: 'GET', path: '/again', headers: {} });
    expect(seen.size).toBe(2);
  });

  it('opens a new connection after the server closes one, and fails a request whose connection breaks', async () => {
    const http = await serve((request, _body, response) => {
      if (request.url === '/break') {
        request.socket.destroy();
        return;
      }
      response.setHeader('connection', 'close');
      response.end('bye');
    }, 1);
    expect(await http.request({ method: 'GET', path: '/close', headers: {} })).toEqual({ statusCode: 200, text: 'bye' });
    expect(await http.request({ method: 'GET', path: '/close', headers: {} })).toEqual({ statusCode: 200, text: 'bye' });
    await expect(http.request({ method: 'GET', path: '/break', headers: {} })).rejects.toMatchObject({ code: 'ECONNRESET' });
    expect(await http.request({ method: 'GET', path: '/close', headers: {} })).toEqual({ statusCode: 200, text: 'bye' });
  });

  it('fails a reply it cannot read – one with no length, one with a malformed chunk – as a protocol error, and goes on', async () => {
    // A server of raw replies: what an HTTP server would never send, and then a good one.
    const replies = [
      'HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\n\r\nno length',
      'HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\nzz\r\nbad\r\n0\r\n\r\n',
      'HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok',
    ];
    const raw = createTcpServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('data', () => socket.write(replies.shift() ?? ''));
    });
    server = raw as unknown as Server;
    await new Promise<void>((resolve) => raw.listen(0, '127.0.0.1', resolve));
    const http = new LeanHttpClient(`http://127.0.0.1:${(raw.address() as AddressInfo).port}`, 1);
    client = http;
    await expect(http.request({ method: 'GET', path: '/a', headers: {} })).rejects.toMatchObject({ code: 'EPROTO' });
    await expect(http.request({ method: 'GET', path: '/b', headers: {} })).rejects.toMatchObject({ code: 'EPROTO' });
    expect(await http.request({ method: 'GET', path: '/c', headers: {} })).toEqual({ statusCode: 200, text: 'ok' });
  });
});
