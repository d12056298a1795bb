import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { fetch as undiciFetch } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkTarget, followingRedirects, guardedAgent, guardedFetch, MAX_REDIRECTS, RedirectFailed } from './guarded-fetch.js';
import { AddressRefused } from './url-guard.js';

describe('the guarded fetch', () => {
  const seen: Array<{ method: string; url: string; headers: IncomingHttpHeaders; body: string }> = [];
  // A server on loopback: /ok answers, /to?where= redirects (with ?status=), /loop redirects forever, /mcp is an MCP server.
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://server');
    if (url.pathname === '/mcp') {
      void answerMcp(request, response);
      return;
    }
    let body = '';
    request.on('data', (chunk: Buffer) => {
      body += chunk.toString('utf8');
    });
    request.on('end', () => {
      seen.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers, body });
      if (url.pathname === '/to') response.writeHead(Number(url.searchParams.get('status') ?? 302), { location: url.searchParams.get('where') ?? '/' }).end();
      else if (url.pathname === '/loop') response.writeHead(302, { location: '/loop' }).end();
      else response.writeHead(200, { 'content-type': 'text/plain' }).end(`answered ${request.method} ${url.pathname}`);
    });
  });
  let port: number;
  let origin: string;
  const allowed = guardedFetch({ allowPrivate: true, who: 'tools' });
  const guarded = guardedFetch({ allowPrivate: false, who: 'tools' });

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
    origin = `http://127.0.0.1:${port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('refuses loopback, link-local, private and IPv4-mapped addresses, and a name resolving to loopback, before sending anything', async () => {
    const before = seen.length;
    const cases: Array<[string, string]> = [
      [`http://127.0.0.1:${port}/ok`, '127.0.0.1 is a loopback address: tools may not reach it'],
      [`http://[::1]:${port}/ok`, '::1 is a loopback address: tools may not reach it'],
      ['http://169.254.169.254/latest/meta-data', '169.254.169.254 is a linkLocal address: tools may not reach it'],
      ['http://10.1.2.3/', '10.1.2.3 is a private address: tools may not reach it'],
      [`http://[::ffff:127.0.0.1]:${port}/ok`, '::ffff:7f00:1 is a loopback address: tools may not reach it'],
      [`http://localhost:${port}/ok`, 'localhost does not resolve to a public address: tools may not reach it'],
      ['ftp://8.8.8.8/', 'only http and https URLs are allowed'],
    ];
    for (const [url, message] of cases) {
      const refused = await guarded(url).catch((error: unknown) => error);
      expect(refused, url).toBeInstanceOf(AddressRefused);
      expect((refused as Error).message, url).toBe(message);
    }
    expect(seen.length).toBe(before);
  });

  it('guards its connections on its own: a name as it is resolved, a literal address before the socket opens', async () => {
    // Through the connections alone, without the checks made before each request.
    const agent = guardedAgent({ allowPrivate: false, who: 'tools' });
    try {
      for (const url of [`http://localhost:${port}/ok`, `http://127.0.0.1:${port}/ok`]) {
        const failed = await undiciFetch(url, { dispatcher: agent }).catch((error: unknown) => error);
        expect((failed as Error).cause, url).toBeInstanceOf(AddressRefused);
      }
    } finally {
      await agent.destroy();
    }
  });

  it('reaches a private address when allowed, by its address or its name', async () => {
    const byAddress = await allowed(`${origin}/ok`);
    expect(byAddress.status).toBe(200);
    expect(await byAddress.text()).toBe('answered GET /ok');
    const byName = await allowed(`http://localhost:${port}/ok`, { method: 'POST', body: 'hello' });
    expect(await byName.text()).toBe('answered POST /ok');
    expect(seen.at(-1)).toMatchObject({ method: 'POST', body: 'hello', headers: { host: `localhost:${port}` } });
  });

  it('follows redirects as fetch does, checking each hop; credentials stay with their origin', async () => {
    // 307 keeps the method and the body; the same origin keeps the credentials.
    const kept = await allowed(`${origin}/to?status=307&where=/ok`, { method: 'POST', body: 'again', headers: { authorization: 'Bearer s' } });
    expect(await kept.text()).toBe('answered POST /ok');
    expect(seen.at(-1)).toMatchObject({ method: 'POST', body: 'again', headers: { authorization: 'Bearer s' } });
    // 303 turns it into a GET without the body; another origin (a name for the same server) gets no credentials.
    const elsewhere = encodeURIComponent(`http://localhost:${port}/ok`);
    const changed = await allowed(`${origin}/to?status=303&where=${elsewhere}`, {
      method: 'POST',
      body: 'dropped',
      headers: { authorization: 'Bearer s', 'x-kept': '1', 'content-type': 'text/plain' },
    });
    expect(await changed.text()).toBe('answered GET /ok');
    const last = seen.at(-1);
    expect(last).toMatchObject({ method: 'GET', body: '', headers: { host: `localhost:${port}`, 'x-kept': '1' } });
    expect(last?.headers.authorization).toBeUndefined();
    expect(last?.headers['content-type']).toBeUndefined();
  });

  it('refuses a redirect to a private address, a literal one before connecting and a name as it resolves', async () => {
    // The server on loopback stands for a public one: its origin alone is let through (connections
    // allowing private addresses); every other hop gets the check guardedFetch makes.
    const fromPublic = followingRedirects(guardedAgent({ allowPrivate: true, who: 'tools' }), (url) => {
      if (url.origin !== origin) checkTarget(url, { allowPrivate: false, who: 'tools' });
    });
    const before = seen.length;
    const redirects: Array<[string, string]> = [
      ['http://169.254.169.254/latest/meta-data', '169.254.169.254 is a linkLocal address: tools may not reach it'],
      [`http://[::1]:${port}/ok`, '::1 is a loopback address: tools may not reach it'],
      ['ftp://8.8.8.8/', 'only http and https URLs are allowed'],
    ];
    for (const [where, message] of redirects) {
      const refused = await fromPublic(`${origin}/to?where=${encodeURIComponent(where)}`).catch((error: unknown) => error);
      expect(refused, where).toBeInstanceOf(AddressRefused);
      expect((refused as Error).message, where).toBe(message);
    }
    // Only the first hops came. (A name is checked by the connection as it resolves, the same for
    // every hop: see the refusal of localhost above.)
    expect(seen.slice(before).map((request) => request.url.split('?')[0])).toEqual(['/to', '/to', '/to']);
  });

  it(`follows at most ${MAX_REDIRECTS} redirects, and leaves them to the caller who asks (redirect: manual)`, async () => {
    const looping = await allowed(`${origin}/loop`).catch((error: unknown) => error);
    expect(looping).toBeInstanceOf(RedirectFailed);
    expect(looping).toBeInstanceOf(TypeError);
    expect((looping as Error).message).toBe(`127.0.0.1 redirected more than ${MAX_REDIRECTS} times`);
    const manual = await allowed(`${origin}/to?where=/ok`, { redirect: 'manual' });
    expect(manual.status).toBe(302);
    expect(manual.headers.get('location')).toBe('/ok');
  });

  it('is the fetch of an MCP client: allowed, it lists the tools; guarded, it cannot reach a private server', async () => {
    const connect = async (fetch: typeof globalThis.fetch) => {
      const client = new Client({ name: 'outbound-test', version: '1.0.0' });
      await client.connect(new StreamableHTTPClientTransport(new URL(`${origin}/mcp`), { fetch }));
      return client;
    };
    const client = await connect(allowed);
    try {
      expect((await client.listTools()).tools.map((tool) => tool.name)).toEqual(['echo']);
    } finally {
      await client.close();
    }
    await expect(connect(guarded)).rejects.toThrow(/127\.0\.0\.1 is a loopback address: tools may not reach it/);
  });
});

/** A stateless MCP server with one tool, as a tool provider would run one. */
async function answerMcp(request: IncomingMessage, response: ServerResponse): Promise<void> {
  const mcp = new McpServer({ name: 'echo', version: '1.0.0' });
  mcp.registerTool('echo', { description: 'Says hello' }, () => ({ content: [{ type: 'text', text: 'hello' }] }));
  const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
  response.on('close', () => {
    void transport.close();
    void mcp.close();
  });
  await mcp.connect(transport);
  await transport.handleRequest(request, response);
}
