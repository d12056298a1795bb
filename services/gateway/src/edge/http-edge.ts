import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { AppError } from '@parley/contracts';
import type { Logger } from '@parley/logger';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { nextRequestId } from './request-id.js';

/**
 * The edge below the router: requests Node's HTTP parser refuses, slow clients, CONNECT and
 * `Expect`. Each gets an answer in the error body shape with a request id – never Fastify's or
 * Node's own shape, never a silent close – and nothing of the raw request (which may carry keys
 * and signatures) is logged.
 */

/** How often Node looks for requests that outlived their time; the timeout is only as exact as this. */
const TIMEOUT_CHECK_INTERVAL_MS = 1_000;

/** Headers every answer of the edge carries (the security headers the app adds elsewhere). */
const EDGE_HEADERS = {
  'content-type': 'application/json; charset=utf-8',
  'x-content-type-options': 'nosniff',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'cache-control': 'no-store',
};

/** Node's parser error codes, in words a client can act on (the raw bytes are never echoed). */
function clientErrorFor(code: string | undefined): AppError {
  switch (code) {
    case 'ERR_HTTP_REQUEST_TIMEOUT':
    case 'ERR_HTTP_HEADERS_TIMEOUT':
      return new AppError('request_timeout', 'the request was not received in time');
    case 'HPE_HEADER_OVERFLOW':
      return new AppError('headers_too_large', 'the request line and headers are too large');
    case 'HPE_INVALID_METHOD':
      return new AppError('invalid', 'unknown HTTP method');
    case 'HPE_UNEXPECTED_CONTENT_LENGTH':
    case 'HPE_INVALID_TRANSFER_ENCODING':
      return new AppError('invalid', 'Content-Length and Transfer-Encoding conflict');
    case 'HPE_INVALID_HEADER_TOKEN':
    case 'HPE_INVALID_CONSTANT':
    case 'HPE_LF_EXPECTED':
    case 'HPE_CR_EXPECTED':
      return new AppError('invalid', 'malformed header (control characters are not allowed)');
    case 'HPE_INVALID_CONTENT_LENGTH':
      return new AppError('invalid', 'invalid Content-Length');
    case 'HPE_INVALID_URL':
      return new AppError('invalid', 'invalid request target');
    default:
      return new AppError('invalid', 'malformed HTTP request');
  }
}

/** A whole HTTP/1.1 response in the error shape, written straight to a socket. */
function rawErrorResponse(error: AppError, requestId: string): string {
  const body = JSON.stringify(error.toBody(requestId));
  const headers: Record<string, string | number> = {
    ...EDGE_HEADERS,
    'x-request-id': requestId,
    'content-length': Buffer.byteLength(body),
    connection: 'close',
  };
  if (error.code === 'unavailable') headers['retry-after'] = 1;
  const reason = STATUS_REASONS[error.status] ?? 'Error';
  return `HTTP/1.1 ${error.status} ${reason}\r\n${Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}`)
    .join('\r\n')}\r\n\r\n${body}`;
}

const STATUS_REASONS: Record<number, string> = {
  400: 'Bad Request',
  404: 'Not Found',
  408: 'Request Timeout',
  413: 'Payload Too Large',
  431: 'Request Header Fields Too Large',
  503: 'Service Unavailable',
};

/**
 * Node's `clientError`: the parser refused the bytes, or the request ran out of time. The socket
 * is answered (when it can still be written to and no response has begun) and closed.
 */
export function clientErrorHandler(logger: Logger) {
  return (error: NodeJS.ErrnoException, socket: Socket): void => {
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    // A response already begun on this socket cannot be replaced by another one.
    const inFlight = (socket as Socket & { _httpMessage?: ServerResponse })._httpMessage;
    if (inFlight?.headersSent) {
      socket.destroy();
      return;
    }
    const requestId = nextRequestId();
    const answer = clientErrorFor(error.code);
    // The code only: the error object carries the raw bytes of the request (keys, signatures).
    logger.debug({ requestId, parserCode: error.code, status: answer.status }, 'client error');
    // Destroyed once written: Node's HTTP sockets stay half-open after end(), and a timed-out
    // connection would otherwise linger until the next timeout check.
    socket.write(rawErrorResponse(answer, requestId), () => socket.destroy());
  };
}

/**
 * Options for Node's server: a request (headers and body) must arrive within `requestTimeoutMs`;
 * a client that stalls is answered 408 and disconnected, checked every second. An HTTP/1.1
 * request without `Host` is let through to be refused by `installRequestEdge` in the error shape
 * (Node's own refusal is a bare 400 without body or request id).
 */
export function serverOptions(requestTimeoutMs: number) {
  return {
    requestTimeout: requestTimeoutMs,
    // Given to Node when the server is created: set afterwards (as Fastify does) it is not enforced.
    http: {
      requestTimeout: requestTimeoutMs,
      connectionsCheckingInterval: Math.min(TIMEOUT_CHECK_INTERVAL_MS, requestTimeoutMs),
      requireHostHeader: false,
    },
  };
}

/** `Sec-WebSocket-Key`: 16 bytes in base64 (RFC 6455, section 4.1). */
const WEBSOCKET_KEY = /^[+/0-9A-Za-z]{21}[AQgw]==$/;
/** `Sec-WebSocket-Protocol`: tokens separated by commas. */
const SUBPROTOCOLS = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+(?:[ \t]*,[ \t]*[!#$%&'*+\-.^_`|~0-9A-Za-z]+)*$/;

function invalidHeader(header: string, message: string, reason: string): AppError {
  return new AppError('invalid', message, { details: [{ path: `headers.${header}`, message: reason }] });
}

/** Why an upgrade asked of the WebSocket route cannot be accepted, before anything else is checked. */
function badUpgrade(headers: IncomingMessage['headers']): AppError | undefined {
  if (headers.upgrade?.trim().toLowerCase() !== 'websocket') return invalidHeader('upgrade', 'this route upgrades to websocket only', 'not websocket');
  const key = headers['sec-websocket-key'];
  if (key === undefined || !WEBSOCKET_KEY.test(key.trim())) {
    return invalidHeader('sec-websocket-key', 'Sec-WebSocket-Key must be 16 bytes in base64', key === undefined ? 'required' : 'malformed');
  }
  if (headers['sec-websocket-version']?.trim() !== '13') {
    return invalidHeader(
      'sec-websocket-version',
      'Sec-WebSocket-Version must be 13',
      headers['sec-websocket-version'] === undefined ? 'required' : 'unsupported',
    );
  }
  const protocols = headers['sec-websocket-protocol'];
  if (protocols !== undefined) {
    const names = protocols.split(',').map((name) => name.trim());
    if (!SUBPROTOCOLS.test(protocols.trim()) || new Set(names).size !== names.length) {
      return invalidHeader('sec-websocket-protocol', 'Sec-WebSocket-Protocol must list distinct tokens separated by commas', 'malformed');
    }
  }
  return undefined;
}

/**
 * What the router sees of a request before any route's own checks: HTTP/1.1 without `Host`, and
 * upgrades. An `Upgrade` header hands the socket over from Node's HTTP server (@fastify/websocket
 * then routes the request itself): on the WebSocket route its headers are checked here, so a
 * bad one is 400 in the error shape rather than the ws library's HTML; on any other route a
 * request without a body is served as the plain request it also is – never 101 – and one with
 * a body (which Node no longer reads) is refused. Either way the socket, no longer Node's, is
 * closed after the answer. Install before every route.
 */
/** Whether Node handed the request's socket over for an upgrade (its `upgrade` event) instead of serving it. */
function handedOver(request: IncomingMessage): boolean {
  return (request as IncomingMessage & { upgrade?: boolean }).upgrade === true;
}

export function installRequestEdge(app: FastifyInstance): void {
  const websocketRoutes = new Set<string>();
  const requestIds = new WeakMap<IncomingMessage, string>();
  app.addHook('onRoute', (route) => {
    if (route.websocket || route.wsHandler) websocketRoutes.add(route.url);
  });
  app.addHook('onRequest', async (request, reply) => {
    // Set here too: a refusal below ends the request before the app's own hooks run.
    reply.header('x-request-id', request.id);
    const upgrade = handedOver(request.raw);
    if (upgrade) {
      reply.header('connection', 'close');
      requestIds.set(request.raw, request.id);
    }
    if (request.raw.httpVersion === '1.1' && !request.headers.host) {
      throw invalidHeader('host', 'an HTTP/1.1 request must have a Host header', 'required');
    }
    if (!upgrade) return;
    const route = request.routeOptions.url;
    if (route !== undefined && websocketRoutes.has(route) && request.method === 'GET') {
      const refused = badUpgrade(request.headers);
      if (refused === undefined) return;
      // RFC 6455, section 4.4: a refused version is answered with the versions served.
      if ((refused.details as Array<{ path: string }>)[0]?.path === 'headers.sec-websocket-version') reply.header('sec-websocket-version', '13');
      throw refused;
    }
    // Node stops reading at an upgrade: a body after it never reaches the request.
    const length = request.headers['content-length'];
    if (request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0')) {
      throw invalidHeader('upgrade', 'a request with a body cannot ask for an Upgrade: send it without one', 'not with a body');
    }
    // @fastify/websocket upgrades a request on any route while it holds the socket it was given.
    const raw = request.raw as unknown as Record<symbol, unknown>;
    for (const symbol of Object.getOwnPropertySymbols(raw)) if (symbol.description === 'ws-socket') delete raw[symbol];
  });
  // Node's HTTP server no longer reads a socket it handed over for an upgrade: whatever answered
  // the request (a refusal, a plain answer), the socket is closed after it.
  app.addHook('onResponse', async (request) => {
    if (handedOver(request.raw)) request.raw.socket.destroy();
  });
  // What the ws library still refuses after these checks is answered in the same shape.
  app.addHook('onReady', async () => {
    app.websocketServer?.on('wsClientError', (error: Error, socket: Socket, request: IncomingMessage) => {
      const answer = new AppError('invalid', `the WebSocket handshake was refused: ${error.message}`);
      if (socket.writable) socket.write(rawErrorResponse(answer, requestIds.get(request) ?? nextRequestId()), () => socket.destroy());
      else socket.destroy();
    });
  });
}

/**
 * What the router refuses before a route is found (a bad URL escape, a path parameter past the
 * router's limit), through the one error handler's shape.
 */
export function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const answer =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? // Nothing has an identifier that long: the resource is not there, whatever its shape.
        new AppError('not_found', 'no resource has an identifier that long')
      : error.code === 'FST_ERR_BAD_URL'
        ? new AppError('invalid', 'the URL has a malformed percent-escape or is not UTF-8', { details: [{ path: 'url', message: 'malformed' }] })
        : new AppError('invalid', 'malformed request');
  void reply.status(answer.status).headers(EDGE_HEADERS).header('x-request-id', request.id).send(answer.toBody(request.id));
}

/**
 * CONNECT (a proxy request) and `Expect` other than 100-continue never reach the router; without
 * listeners Node closes the first silently and answers the second 417 with an empty body.
 */
export function installServerEdge(server: Server, logger: Logger): void {
  server.on('connect', (_request: IncomingMessage, socket: Socket) => {
    const requestId = nextRequestId();
    logger.debug({ requestId, method: 'CONNECT' }, 'client error');
    if (socket.writable)
      socket.write(rawErrorResponse(new AppError('not_found', 'this server is not a proxy: CONNECT is not served'), requestId), () => socket.destroy());
    else socket.destroy();
  });
  server.on('checkExpectation', (request: IncomingMessage, response: ServerResponse) => {
    const requestId = nextRequestId();
    const error = new AppError('invalid', 'only "Expect: 100-continue" is supported', {
      details: [{ path: 'headers.expect', message: 'unsupported expectation' }],
    });
    const body = JSON.stringify(error.toBody(requestId));
    response.writeHead(error.status, { ...EDGE_HEADERS, 'x-request-id': requestId, 'content-length': Buffer.byteLength(body), connection: 'close' });
    response.end(body);
    request.resume();
  });
}
