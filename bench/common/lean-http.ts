import { connect, type Socket } from 'node:net';
import { type HttpRequest, REQUEST_TIMEOUT_MS } from './closed-loop.js';

/** A request's reply as the load generator reads it: its status and its body as text. */
export interface LeanResponse {
  statusCode: number;
  text: string;
}

const HEADER_END = Buffer.from('\r\n\r\n');

interface Pending {
  resolve: (response: LeanResponse) => void;
  reject: (error: Error) => void;
}

/** A network failure with a code, as the closed loop counts them (`network ECONNRESET`). */
function networkError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

/**
 * One keep-alive HTTP/1.1 connection carrying one request at a time: the request written in one
 * piece, the reply read by its Content-Length (or its chunks) straight from the socket's buffers.
 * It allocates little more than the reply's own bytes, so the process measuring the platform
 * pauses for its own garbage as little as it can.
 */
class LeanConnection {
  private readonly socket: Socket;
  private pending: Pending | undefined;
  /** What the socket has given of the reply being read. */
  private received: Buffer | undefined;
  /** The reply being read: its status, and where its body ends (undefined: chunked, read to its last chunk). */
  private reply: { statusCode: number; bodyStart: number; bodyEnd: number | undefined; close: boolean } | undefined;
  closed = false;

  constructor(host: string, port: number, onClosed: (connection: LeanConnection) => void) {
    this.socket = connect({ host, port, noDelay: true });
    this.socket.setTimeout(REQUEST_TIMEOUT_MS);
    this.socket.on('data', (chunk: Buffer) => this.read(chunk));
    this.socket.on('timeout', () => this.fail(networkError('ETIMEDOUT', 'no reply in time')));
    this.socket.on('error', (error: NodeJS.ErrnoException) => this.fail(networkError(error.code ?? 'ERROR', error.message)));
    this.socket.on('close', () => {
      this.closed = true;
      this.fail(networkError('ECONNRESET', 'the connection closed'));
      onClosed(this);
    });
  }

  send(request: HttpRequest, pending: Pending): void {
    this.pending = pending;
    let head = `${request.method} ${request.path} HTTP/1.1\r\nhost: bench\r\n`;
    for (const name in request.headers) head += `${name}: ${request.headers[name]}\r\n`;
    if (request.body === undefined) {
      this.socket.write(`${head}\r\n`);
      return;
    }
    this.socket.write(`${head}content-length: ${Buffer.byteLength(request.body)}\r\n\r\n${request.body}`);
  }

  close(): void {
    this.socket.destroy();
  }

  private fail(error: Error): void {
    const pending = this.pending;
    this.pending = undefined;
    this.received = undefined;
    this.reply = undefined;
    if (!this.closed) this.socket.destroy();
    pending?.reject(error);
  }

  private read(chunk: Buffer): void {
    // A reply comes in one read nearly always; a longer one is joined as it comes.
    const data = this.received ? Buffer.concat([this.received, chunk]) : chunk;
    this.received = data;
    if (!this.reply) {
      const end = data.indexOf(HEADER_END);
      if (end < 0) return;
      const head = data.toString('latin1', 0, end).toLowerCase();
      const statusCode = Number(head.slice(9, 12));
      // 204 and 304 have no body whatever their headers say.
      const length = statusCode === 204 || statusCode === 304 ? ['', '0'] : /\r\ncontent-length: *(\d+)/.exec(head);
      const chunked = /\r\ntransfer-encoding: *chunked/.test(head);
      if (!length && !chunked) {
        this.fail(networkError('EPROTO', 'a reply without a length'));
        return;
      }
      const bodyStart = end + 4;
      this.reply = { statusCode, bodyStart, bodyEnd: length ? bodyStart + Number(length[1]) : undefined, close: /\r\nconnection: *close/.test(head) };
    }
    const { bodyStart, bodyEnd } = this.reply;
    const text = bodyEnd === undefined ? this.dechunked(data, bodyStart) : data.length < bodyEnd ? undefined : data.toString('utf8', bodyStart, bodyEnd);
    if (text === undefined) return;
    const { statusCode, close } = this.reply;
    const pending = this.pending;
    this.pending = undefined;
    this.received = undefined;
    this.reply = undefined;
    if (close) {
      // The server closes it: no request of ours goes on it again.
      this.closed = true;
      this.socket.end();
    }
    pending?.resolve({ statusCode, text });
  }

  /** A chunked body once its last chunk is in, its chunks joined. */
  private dechunked(data: Buffer, from: number): string | undefined {
    const parts: Buffer[] = [];
    let at = from;
    for (;;) {
      const lineEnd = data.indexOf('\r\n', at);
      if (lineEnd < 0) return undefined;
      const size = Number.parseInt(data.toString('latin1', at, lineEnd), 16);
      if (Number.isNaN(size)) {
        this.fail(networkError('EPROTO', 'a malformed chunk'));
        return undefined;
      }
      const start = lineEnd + 2;
      if (size === 0) {
        // The last chunk, then the (empty) trailers' end.
        if (data.length < start + 2) return undefined;
        return Buffer.concat(parts).toString('utf8');
      }
      if (data.length < start + size + 2) return undefined;
      parts.push(data.subarray(start, start + size));
      at = start + size + 2;
    }
  }
}

/**
 * Keep-alive HTTP/1.1 connections to one server, each carrying one request at a time (a closed
 * loop's worker needs no more), opened as requests need them up to `connections`. Made for the
 * benchmarks' measured loops: undici's client builds a Buffer per header and timers per request,
 * and the garbage it leaves made the load generator pause for tens of milliseconds, every turn in
 * flight then counted that long (bench/README.md "the load generator's own pauses").
 */
export class LeanHttpClient {
  private readonly idle: LeanConnection[] = [];
  private readonly waiting: Array<{ request: HttpRequest; pending: Pending }> = [];
  private open = 0;
  private readonly host: string;
  private readonly port: number;
  private closing = false;

  constructor(
    url: string,
    private readonly connections: number,
  ) {
    const parsed = new URL(url);
    this.host = parsed.hostname;
    this.port = Number(parsed.port || 80);
  }

  request(request: HttpRequest): Promise<LeanResponse> {
    if (this.closing) return Promise.reject(networkError('ECLOSED', 'the client is closed'));
    const idle = this.idle.pop();
    if (!idle && this.open >= this.connections) {
      return new Promise<LeanResponse>((resolve, reject) => this.waiting.push({ request, pending: { resolve, reject } }));
    }
    const connection = idle ?? this.connect();
    return new Promise<LeanResponse>((resolve, reject) => {
      const done = (response: LeanResponse) => {
        this.release(connection);
        resolve(response);
      };
      connection.send(request, { resolve: done, reject });
    });
  }

  async close(): Promise<void> {
    this.closing = true;
    for (const connection of this.idle.splice(0)) connection.close();
    for (const { pending } of this.waiting.splice(0)) pending.reject(networkError('ECLOSED', 'the client is closed'));
  }

  private connect(): LeanConnection {
    this.open += 1;
    return new LeanConnection(this.host, this.port, (closed) => {
      this.open -= 1;
      const at = this.idle.indexOf(closed);
      if (at >= 0) this.idle.splice(at, 1);
      this.next();
    });
  }

  /** A connection whose reply is in: to the next waiting request, else idle (closed if it was to close). */
  private release(connection: LeanConnection): void {
    if (connection.closed || this.closing) {
      if (!connection.closed) connection.close();
      return;
    }
    this.idle.push(connection);
    this.next();
  }

  private next(): void {
    const waiting = this.waiting.shift();
    if (!waiting) return;
    void this.request(waiting.request).then(waiting.pending.resolve, waiting.pending.reject);
  }
}
