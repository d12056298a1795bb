import { Writable } from 'node:stream';
import { signRequest } from '@parley/auth';
import { createLogger } from '@parley/logger';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStream, seedLink, startSession } from '../src/routes/public/live/public-events.test-kit.js';
import { socketOpener } from '../src/routes/public/live/public-socket.test-kit.js';
import { ADMIN_KEY, CHAT_SECRET, type GatewayHarness, startGatewayHarness } from './gateway-harness.js';
import { createLink } from './public-link-fixtures.js';
import { type ServedGateway, serveGateway } from './served-gateway.js';

/** Every line the gateways write, raw (JSON.parse would hide a key written twice). */
function captured(level: string) {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  return { logger: createLogger({ service: 'gateway', level, destination }), lines };
}

type Line = Record<string, unknown>;
const accessLines = (lines: string[]): Line[] => lines.map((line) => JSON.parse(line) as Line).filter((line) => line.msg === 'request completed');

/** The access lines of one request, by the id its answer carried. */
const linesOf = (lines: string[], requestId: string | null) => accessLines(lines).filter((line) => line.reqId === requestId);

/** The logger writes asynchronously: the line may follow the answer by a tick. */
async function settle(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 50));
}

describe('the access log of a gateway on a real port', () => {
  let h: GatewayHarness;
  let served: ServedGateway;
  const log = captured('info');

  beforeAll(async () => {
    h = await startGatewayHarness({}, { gatewayLogger: log.logger, live: {} });
    served = await serveGateway(h);
  });
  afterAll(async () => {
    sockets.closeAll();
    await served?.stop();
    await h?.stop();
  });
  const sockets = socketOpener();

  it('writes one info line per request – method, route pattern, status, duration, request id – and no key, signature, token or query', async () => {
    const agent = await h.seedAgent();
    const link = await createLink(h);
    const queryValue = 'query-value-never-logged';
    // The seeding above went through the gateway too (inject): only the requests below are counted.
    const start = log.lines.length;

    const requests: Array<{ route: string; status: number; response: Response }> = [];
    const send = async (route: string, status: number, path: string, init: RequestInit = {}) => {
      const response = await fetch(`${served.url}${path}`, init);
      await response.text();
      expect(response.status, `${init.method ?? 'GET'} ${path}`).toBe(status);
      requests.push({ route, status, response });
    };
    await send('/api/agents', 200, `/api/agents?filter=${queryValue}`, { headers: { authorization: `Bearer ${ADMIN_KEY}`, 'x-tenant-id': agent.tenantId } });
    const body = JSON.stringify({ tenant_id: agent.tenantId, agent_id: agent.agentId });
    const signature = signRequest(CHAT_SECRET, 'POST', '/api/chat/sessions', body);
    await send('/api/chat/sessions', 201, '/api/chat/sessions', { method: 'POST', headers: { 'content-type': 'application/json', ...signature }, body });
    await send('/api/public/chat/:token', 200, `/api/public/chat/${link.token}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ content: 'hello' }),
    });
    await send('/c/:token', 200, `/c/${link.token}`);
    // Refused: still one line, with the status it got.
    await send('/api/agents', 401, '/api/agents', { headers: { authorization: 'Bearer prl_not-a-real-key-0123456789' } });
    await send('unmatched', 404, `/api/no-such-route/${link.token}`);
    await settle();

    for (const { route, status, response } of requests) {
      const requestId = response.headers.get('x-request-id');
      const lines = linesOf(log.lines, requestId);
      expect(lines, `${route} ${status}`).toHaveLength(1);
      const [line] = lines;
      expect(line).toMatchObject({ level: 'info', service: 'gateway', route, status, reqId: requestId });
      expect(['GET', 'POST']).toContain(line?.method);
      expect(line?.durationMs).toEqual(expect.any(Number));
      // Nothing but the access fields, the line's own and the request id.
      expect(Object.keys(line ?? {}).sort()).toEqual(['durationMs', 'level', 'method', 'msg', 'reqId', 'route', 'service', 'status', 'time']);
    }
    expect(accessLines(log.lines.slice(start))).toHaveLength(requests.length);

    const text = log.lines.join('\n');
    for (const secret of [ADMIN_KEY, CHAT_SECRET, signature['X-Signature'], link.token, queryValue, 'prl_not-a-real-key-0123456789']) {
      expect(text).not.toContain(secret);
    }
    // Fastify's own per-request lines are off: the access line replaces them.
    expect(text).not.toContain('incoming request');
  });

  it('writes the line of an event stream when it opens, and none more when it closes', async () => {
    const { token, link } = await seedLink(h);
    const started = await startSession(h, link);
    const before = log.lines.length;
    const stream = openStream(served.url, token, started.session);
    await stream.opened;
    stream.source.close();
    await settle();
    expect(accessLines(log.lines.slice(before))).toEqual([
      expect.objectContaining({ level: 'info', method: 'GET', route: '/api/public/events/:token', status: 200, durationMs: expect.any(Number) }),
    ]);
    const text = log.lines.slice(before).join('\n');
    for (const secret of [token, started.session]) expect(text).not.toContain(secret);
  });

  it('writes one line with status 101 for a WebSocket it accepts, and one with the refusal for one it refuses', async () => {
    const { token, link } = await seedLink(h);
    const started = await startSession(h, link);
    const before = log.lines.length;
    const accepted = sockets.open(served.url, token, started.session);
    await accepted.opened;
    const refused = sockets.open(served.url, token, 'pcs_not-a-session-credential');
    expect(await refused.ended).toMatchObject({ kind: 'refused', status: 401 });
    await settle();
    expect(accessLines(log.lines.slice(before))).toEqual([
      expect.objectContaining({ level: 'info', method: 'GET', route: '/api/public/ws/:token', status: 101, durationMs: expect.any(Number) }),
      expect.objectContaining({ level: 'info', method: 'GET', route: '/api/public/ws/:token', status: 401 }),
    ]);
    const text = log.lines.slice(before).join('\n');
    for (const secret of [token, started.session, 'pcs_not-a-session-credential']) expect(text).not.toContain(secret);
  });

  it('keeps the probes of /healthz out of the info lines', async () => {
    const before = log.lines.length;
    const response = await fetch(`${served.url}/healthz`);
    expect(response.status).toBe(200);
    await settle();
    expect(accessLines(log.lines.slice(before))).toEqual([]);
  });

  it('writes one line for a request made without a port (inject) too', async () => {
    const response = await h.inject({ method: 'GET', url: '/api/me', headers: { authorization: `Bearer ${ADMIN_KEY}` } });
    await settle();
    expect(linesOf(log.lines, String(response.headers['x-request-id']))).toEqual([
      expect.objectContaining({ method: 'GET', route: '/api/me', status: response.status }),
    ]);
  });
});

describe('the access log off (ACCESS_LOG=off)', () => {
  let h: GatewayHarness;
  let served: ServedGateway;
  const log = captured('debug');

  beforeAll(async () => {
    h = await startGatewayHarness({ accessLog: false }, { gatewayLogger: log.logger });
    served = await serveGateway(h);
  });
  afterAll(async () => {
    await served?.stop();
    await h?.stop();
  });

  it('writes no line for any request, even at debug', async () => {
    const agent = await h.seedAgent();
    expect((await fetch(`${served.url}/api/agents`, { headers: { authorization: `Bearer ${ADMIN_KEY}`, 'x-tenant-id': agent.tenantId } })).status).toBe(200);
    expect((await fetch(`${served.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${served.url}/api/no-such-route`)).status).toBe(404);
    expect((await h.admin('GET', '/api/agents', undefined, agent.tenantId)).status).toBe(200);
    await settle();
    expect(accessLines(log.lines)).toEqual([]);
  });
});
