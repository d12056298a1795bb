import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { z } from 'zod';

/** A request the shop service received. */
export interface ShopRequest {
  method: string;
  path: string;
  /** Lower-case names, as node:http gives them. */
  headers: Record<string, string>;
  body: string;
}

/** How the shop answers: as a shop does, down (503), slow (answers after `delayMs`), or holding each request until `release()`. */
export type ShopMode = { kind: 'ok' } | { kind: 'down' } | { kind: 'slow'; delayMs: number } | { kind: 'hold' };

export interface ShopService {
  /** `http://127.0.0.1:<port>` */
  url: string;
  requests: ShopRequest[];
  /**
   * Orders placed, by idempotency key (each with its number): a request made again with a key
   * already seen does not place another (as a payment or booking API does), so a repeated call
   * shows here as one.
   */
  placed: Map<string, number>;
  mode: ShopMode;
  /** Resolves once `n` requests in all have come in. */
  received(n: number): Promise<void>;
  /** Answers every held request (mode `hold`), and those that come later, as `ok`. */
  release(): void;
  close(): Promise<void>;
}

/** An order as the shop knows it. */
const order = (id: string) => ({ id, status: id === 'BK-1042' ? 'shipped' : 'processing', eta: { day: 'Friday' } });

/**
 * The shop's order look-up as an agent's http tool (docs/workflow.md "Tools"): `order_status`
 * with an `order_id`, `GET <shop>/api/orders/{{args.order_id}}`. `more` adds to the tool
 * (`timeout_ms`, …) and `http` to its request (`headers`, …).
 */
export function orderStatusTool(shopUrl: string, more: { http?: Record<string, unknown>; [field: string]: unknown } = {}) {
  const { http, ...rest } = more;
  return {
    name: 'order_status',
    description: 'Look up an order by its number',
    http: { method: 'GET', url: `${shopUrl}/api/orders/{{args.order_id}}`, ...http },
    parameters: { type: 'object', properties: { order_id: { type: 'string' } }, required: ['order_id'] },
    ...rest,
  };
}

/**
 * A small HTTP service on loopback that agents' http tools call in tests (docs/workflow.md
 * "Tools"): `GET /api/orders/{id}` answers an order, `POST /api/orders` places one (idempotent by
 * its `Idempotency-Key`), `GET /echo` answers the request's headers and query (to show what a tool
 * sent). It records every request.
 */
export async function startShopService(): Promise<ShopService> {
  const requests: ShopRequest[] = [];
  const placed = new Map<string, number>();
  const waiters: { n: number; resolve: () => void }[] = [];
  let held: (() => void)[] = [];
  let releasedAll = false;
  const server: Server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const recorded: ShopRequest = {
      method: req.method ?? 'GET',
      path: req.url ?? '/',
      headers: req.headers as Record<string, string>,
      body: Buffer.concat(chunks).toString(),
    };
    requests.push(recorded);
    // An order is placed as its request arrives (before any answer is held back): a caller that dies waiting has still placed it.
    if (recorded.method === 'POST' && recorded.path.split('?')[0] === '/api/orders' && shop.mode.kind !== 'down') {
      const key = recorded.headers['idempotency-key'] ?? randomUUID();
      if (!placed.has(key)) placed.set(key, placed.size + 1);
    }
    for (const waiter of waiters.filter((w) => requests.length >= w.n)) waiter.resolve();
    const mode = shop.mode;
    if (mode.kind === 'down') return send(res, 503, { error: 'maintenance' });
    if (mode.kind === 'slow') await new Promise((resolve) => setTimeout(resolve, mode.delayMs));
    if (mode.kind === 'hold' && !releasedAll) await new Promise<void>((resolve) => held.push(resolve));
    if (res.destroyed) return;
    answer(recorded, res);
  });
  const answer = (recorded: ShopRequest, res: ServerResponse) => {
    const url = new URL(recorded.path, 'http://shop');
    if (recorded.method === 'GET' && url.pathname.startsWith('/api/orders/'))
      return send(res, 200, order(decodeURIComponent(url.pathname.slice('/api/orders/'.length))));
    if (recorded.method === 'POST' && url.pathname === '/api/orders') {
      const number = placed.get(recorded.headers['idempotency-key'] ?? '') ?? placed.size;
      return send(res, 201, { id: `BK-${2000 + number}`, status: 'placed' });
    }
    if (url.pathname === '/echo') return send(res, 200, { headers: recorded.headers, query: Object.fromEntries(url.searchParams) });
    return send(res, 404, { error: 'not found' });
  };
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const shop: ShopService = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    placed,
    mode: { kind: 'ok' },
    received: (n) => (requests.length >= n ? Promise.resolve() : new Promise((resolve) => waiters.push({ n, resolve }))),
    release() {
      releasedAll = true;
      for (const resolve of held) resolve();
      held = [];
    },
    async close() {
      shop.release();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return shop;
}

function send(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

export interface McpToolServer {
  /** The Streamable HTTP endpoint: `http://127.0.0.1:<port>/mcp` */
  url: string;
  /** Every tool call, with the headers of the request that carried it. */
  calls: { tool: string; args: unknown; authorization: string | undefined }[];
  close(): Promise<void>;
}

/**
 * A real MCP server (the official SDK's McpServer over Streamable HTTP, stateless) on loopback,
 * with the tools a CRM would offer: `order_status`, `find_customer` and `delete_everything` (which
 * agents' allow lists leave out).
 */
export async function startMcpToolServer(): Promise<McpToolServer> {
  const calls: McpToolServer['calls'] = [];
  const build = (authorization: string | undefined) => {
    const mcp = new McpServer({ name: 'test-crm', version: '1.0.0' });
    mcp.registerTool('order_status', { description: 'The status of an order, by its number', inputSchema: { order_id: z.string() } }, async ({ order_id }) => {
      calls.push({ tool: 'order_status', args: { order_id }, authorization });
      return { content: [{ type: 'text', text: JSON.stringify(order(order_id)) }] };
    });
    mcp.registerTool('find_customer', { description: 'A customer by e-mail', inputSchema: { email: z.string() } }, async ({ email }) => {
      calls.push({ tool: 'find_customer', args: { email }, authorization });
      return { content: [{ type: 'text', text: JSON.stringify({ email, name: 'Ana Lima', tier: 'gold' }) }] };
    });
    mcp.registerTool('delete_everything', { description: 'Deletes every customer', inputSchema: {} }, async () => {
      calls.push({ tool: 'delete_everything', args: {}, authorization });
      return { content: [{ type: 'text', text: 'deleted' }] };
    });
    return mcp;
  };
  const server = createServer(async (req, res) => {
    if (!req.url?.startsWith('/mcp')) return send(res, 404, { error: 'not found' });
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString();
    // Stateless: a server and a transport per request, as the SDK's stateless example does.
    const mcp = build(req.headers.authorization);
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    res.on('close', () => {
      void transport.close();
      void mcp.close();
    });
    await mcp.connect(transport);
    await transport.handleRequest(req, res, text === '' ? undefined : JSON.parse(text));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`,
    calls,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
