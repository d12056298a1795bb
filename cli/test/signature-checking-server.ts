import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { computeSignature, signaturesEqual } from '@parley/auth';
import { createdSession, ended, reply, status } from './reference-examples.js';

/**
 * A small HTTP server that checks what the CLI's client sends: it recomputes each signature over
 * the raw body bytes with @parley/auth and answers with the example data of reference-examples.ts. It verifies
 * the client; it does not stand in for the platform's behaviour.
 */

export interface RecordedRequest {
  method: string;
  path: string;
  contentType: string | undefined;
  body: string;
  signatureValid: boolean;
}

export interface Answer {
  status: number;
  /** JSON, or a string sent as is (to play a proxy's HTML error page). */
  body: unknown;
}

/** Overrides the canned answer for a request; undefined keeps it. */
export type Override = (request: RecordedRequest) => Answer | undefined;

export interface SignatureCheckingServer {
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

const SESSION_PATH = /^\/api\/chat\/sessions\/([^/]+)$/;
const MESSAGES_PATH = /^\/api\/chat\/sessions\/([^/]+)\/messages$/;
const MAX_SKEW_SECONDS = 300;

export async function startSignatureCheckingServer(secret: string, override?: Override): Promise<SignatureCheckingServer> {
  const requests: RecordedRequest[] = [];
  const server = createServer(async (req, res) => {
    const raw = await readBody(req);
    const target = req.url ?? '/';
    const path = target.split('?')[0] ?? '/';
    const recorded: RecordedRequest = {
      method: req.method ?? '',
      path,
      contentType: req.headers['content-type'],
      body: raw.toString('utf8'),
      // The signature covers the request target as sent, query string included.
      signatureValid: signatureHolds(secret, req, target, raw),
    };
    requests.push(recorded);
    const answer = recorded.signatureValid
      ? (override?.(recorded) ?? cannedAnswer(recorded))
      : { status: 401, body: { error: { code: 'unauthorized', message: 'invalid signature' } } };
    if (typeof answer.body === 'string') res.writeHead(answer.status, { 'content-type': 'text/html' }).end(answer.body);
    else res.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}

function signatureHolds(secret: string, req: IncomingMessage, target: string, raw: Buffer): boolean {
  const timestamp = req.headers['x-timestamp'];
  const signature = req.headers['x-signature'];
  if (typeof timestamp !== 'string' || typeof signature !== 'string' || !/^\d+$/.test(timestamp)) return false;
  if (Math.abs(Date.now() / 1000 - Number(timestamp)) > MAX_SKEW_SECONDS) return false;
  return signaturesEqual(computeSignature(secret, timestamp, req.method ?? '', target, raw), signature);
}

function cannedAnswer(request: RecordedRequest): Answer {
  const { method, path } = request;
  if (method === 'POST' && path === '/api/chat/sessions') return { status: 201, body: createdSession };
  if (method === 'POST' && MESSAGES_PATH.test(path)) return { status: 200, body: reply };
  if (method === 'GET' && SESSION_PATH.test(path)) return { status: 200, body: status };
  if (method === 'DELETE' && SESSION_PATH.test(path)) return { status: 200, body: ended };
  return { status: 404, body: { error: { code: 'not_found', message: `no route ${method} ${path}` } } };
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
