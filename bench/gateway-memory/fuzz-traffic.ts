import { Agent, request } from 'node:http';
import { signRequest } from '@parley/auth';
import {
  FUZZ_MALFORMED_JSON,
  FUZZ_METHODS,
  FUZZ_NUMBERS,
  FUZZ_PATH_VALUES,
  FUZZ_STRINGS,
  fuzzExample,
  type OpenApiOperation as Operation,
  openApiOperations,
} from '@parley/testing';
import { BENCH_AGENT_NAME, seedBenchAgent } from '../common/bench-agent.js';

/**
 * A fuzzer's traffic, as services/gateway/test/fuzz.test.ts sends it, over real sockets: every
 * operation of the OpenAPI document with malformed JSON, bad strings, out-of-range numbers and
 * wrong types in each body field, bad path values and query strings, odd methods; each request
 * with the credential its route takes (signed over the exact bytes, or the admin key).
 */
export interface FuzzRequest {
  method: string;
  url: string;
  auth: Operation['auth'];
  body: string | undefined;
  /** Raw bytes instead (headers the parser refuses): sent on a socket of its own. */
  raw?: string;
}
export interface Credentials {
  adminApiKey: string;
  chatApiSecret: string;
  /** Ids of seeded data, by the path parameter or body field that takes them, so requests get past lookups. */
  ids: Record<string, string>;
}

const rawRequests = [
  ...[0x00, 0x01, 0x0b, 0x1f, 0x7f].map((byte) => `GET /api/agents HTTP/1.1\r\nHost: x\r\nX-Bad: a${String.fromCharCode(byte)}b\r\n\r\n`),
  'BREW /coffee HTTP/1.1\r\nHost: x\r\n\r\n',
  'GET / HTTP/9.9\r\nHost: x\r\n\r\n',
  'POST /api/chat/sessions HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd',
  'POST /api/chat/sessions HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n',
  'GET /healthz HTTP/1.1\r\n\r\n',
  'GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: bad\r\n\r\n',
  'CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n',
];

/** One pass of the fuzzer over the document's operations (the same requests every pass). */
export function fuzzPass(spec: { paths: Record<string, Record<string, any>> }, ids: Record<string, string>): FuzzRequest[] {
  const operations = openApiOperations(spec);
  const urlFor = (op: Operation, override?: string) => op.path.replace(/\{(\w+)\}/g, (_m, name: string) => override ?? encodeURIComponent(ids[name] ?? 'x'));
  const out: FuzzRequest[] = [];
  for (const op of operations) {
    const valid = op.body ? (fuzzExample(op.body, 'body', ids) as Record<string, unknown>) : undefined;
    const body = valid === undefined ? undefined : JSON.stringify(valid);
    const add = (url: string, method: string, raw: string | undefined) => out.push({ method, url, auth: op.auth, body: raw });
    if (valid) {
      for (const raw of FUZZ_MALFORMED_JSON) add(urlFor(op), op.method, raw);
      for (const name of Object.keys(op.body?.properties ?? {})) {
        for (const value of [...FUZZ_STRINGS, ...FUZZ_NUMBERS]) add(urlFor(op), op.method, JSON.stringify({ ...valid, [name]: value }));
      }
    }
    // A raw space cannot be written on the request line (node:http refuses it): sent escaped, as fetch sends it.
    if (op.path.includes('{')) for (const value of FUZZ_PATH_VALUES) add(urlFor(op, value.replaceAll(' ', '%20')), op.method, body);
    for (const query of ['?a=%00', '?a=%ED%A0%80', '?a=%zz', '?session=%00&session=x', `?${'a'.repeat(5_000)}=1`])
      add(`${urlFor(op)}${query}`, op.method, body);
    for (const method of FUZZ_METHODS) add(urlFor(op), method, undefined);
  }
  for (const raw of rawRequests) out.push({ method: 'RAW', url: '', auth: 'none', body: undefined, raw });
  return out;
}

/** Writes raw bytes and waits for the server to answer or close (at most 5 s). */
function sendRawBytes(port: number, bytes: string): Promise<number> {
  return new Promise((resolve) => {
    import('node:net').then(({ connect }) => {
      const socket = connect(port, '127.0.0.1');
      let answer = '';
      const done = () => {
        clearTimeout(timer);
        socket.destroy();
        resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0));
      };
      const timer = setTimeout(done, 5_000);
      socket.setEncoding('latin1');
      socket.on('data', (chunk: string) => {
        answer += chunk;
      });
      socket.on('close', done);
      socket.on('error', done);
      socket.write(bytes);
    });
  });
}

/** Sends fuzz requests over up to `connections` keep-alive sockets (a raw one on a socket of its own). */
export interface FuzzSender {
  /** Sends one request; answers its status (0: no answer within 15 s, or a raw one the server closed without answering). */
  send(req: FuzzRequest): Promise<number>;
  close(): void;
}

export function fuzzSender(baseUrl: string, credentials: Credentials, connections = 8): FuzzSender {
  const port = Number(new URL(baseUrl).port);
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const send = (req: FuzzRequest) =>
    new Promise<number>((resolve) => {
      if (req.raw !== undefined) return void sendRawBytes(port, req.raw).then(resolve);
      const headers: Record<string, string> = req.body === undefined ? {} : { 'content-type': 'application/json' };
      if (req.auth === 'hmac')
        Object.assign(headers, signRequest(credentials.chatApiSecret, req.method, req.url, req.body ?? '', Date.now(), { fractional: true }));
      if (req.auth === 'bearer') Object.assign(headers, { authorization: `Bearer ${credentials.adminApiKey}`, 'x-tenant-id': credentials.ids.tenant_id ?? '' });
      const outgoing = request({ host: '127.0.0.1', port, method: req.method, path: req.url, headers, agent }, (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
        response.on('error', () => resolve(0));
      });
      outgoing.on('error', () => resolve(0));
      outgoing.setTimeout(15_000, () => outgoing.destroy());
      outgoing.end(req.body);
    });
  return { send, close: () => agent.destroy() };
}

/** Sends every request over `connections` keep-alive sockets, in order; answers the count of each status (0: no answer). */
export async function sendFuzz(baseUrl: string, requests: FuzzRequest[], credentials: Credentials, connections = 8): Promise<Record<number, number>> {
  const sender = fuzzSender(baseUrl, credentials, connections);
  const statuses: Record<number, number> = {};
  let next = 0;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (next < requests.length) {
        const status = await sender.send(requests[next++] as FuzzRequest);
        statuses[status] = (statuses[status] ?? 0) + 1;
      }
    }),
  );
  sender.close();
  return statuses;
}

/**
 * What the fuzzer is pointed at: a tenant of its own with the static bench agent and a Text Chat
 * API session – the ids its requests carry, so they get past lookups; whatever they change or
 * delete is that tenant's – and one pass of requests over the gateway's OpenAPI document.
 */
export async function fuzzTarget(
  stack: { url: string; adminApiKey: string; chatApiSecret: string },
  tenantName: string,
): Promise<{ requests: FuzzRequest[]; credentials: Credentials }> {
  const agent = await seedBenchAgent(stack.url, stack.adminApiKey, tenantName);
  const body = JSON.stringify({ tenant_id: agent.tenantId, agent_id: agent.agentId });
  const created = await fetch(`${stack.url}/api/chat/sessions`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...signRequest(stack.chatApiSecret, 'POST', '/api/chat/sessions', body, Date.now(), { fractional: true }),
    },
    body,
  });
  if (created.status !== 201) throw new Error(`a session: ${created.status} ${await created.text()}`);
  const session = (await created.json()) as { session_id: string };
  const ids = { tenant_id: agent.tenantId, agent_id: agent.agentId, id: agent.tenantId, name: BENCH_AGENT_NAME, session_id: session.session_id };
  const spec = (await (await fetch(`${stack.url}/openapi.json`)).json()) as { paths: Record<string, Record<string, any>> };
  return { requests: fuzzPass(spec, ids), credentials: { adminApiKey: stack.adminApiKey, chatApiSecret: stack.chatApiSecret, ids } };
}
