import { createRequire } from 'node:module';

/** What tests and benchmarks use of a `ws` client socket (the package ships no types, and none are installed). */
export interface WsClient {
  readonly readyState: number;
  send(data: string | Buffer, options?: { binary?: boolean }): void;
  ping(): void;
  close(code?: number, reason?: string): void;
  terminate(): void;
  on(event: 'open', listener: () => void): this;
  on(event: 'message', listener: (data: Buffer, isBinary: boolean) => void): this;
  on(event: 'ping' | 'pong', listener: () => void): this;
  on(event: 'close', listener: (code: number, reason: Buffer) => void): this;
  on(event: 'error', listener: (error: Error) => void): this;
  on(event: 'unexpected-response', listener: (request: unknown, response: import('node:http').IncomingMessage) => void): this;
}

export interface WsClientOptions {
  headers?: Record<string, string>;
  /** Answer the server's pings (default true); false plays a client that has gone silent. */
  autoPong?: boolean;
  /** Bind the socket to this local address (a loopback alias: another client address). */
  localAddress?: string;
}

const WebSocket = createRequire(import.meta.url)('ws') as new (url: string, options?: object) => WsClient;

export function connectWebSocket(url: string, options: WsClientOptions = {}): WsClient {
  return new WebSocket(url, { perMessageDeflate: false, ...options });
}

export interface Frame {
  id?: string;
  event?: string;
  type?: string;
  client_id?: string | null;
  message_id?: string;
  // biome-ignore lint/suspicious/noExplicitAny: tests read the payloads field by field
  data?: any;
  error?: { code: string; message: string; details?: unknown };
}

/** How a socket ended, or the HTTP answer that refused the upgrade. */
export type SocketOutcome =
  | { kind: 'closed'; code: number; reason: string }
  | { kind: 'refused'; status: number; body: unknown; headers: Record<string, unknown> };

/**
 * A WebSocket that records every JSON frame it gets: `opened` resolves once upgraded (or rejects
 * with the refusal), `ended` says how it ended.
 */
export function openWebSocket(url: string, options: WsClientOptions = {}) {
  const socket = connectWebSocket(url, options);
  const frames: Frame[] = [];
  let outcome: SocketOutcome | undefined;
  const ended = new Promise<SocketOutcome>((resolve) => {
    socket.on('close', (code, reason) => {
      outcome ??= { kind: 'closed', code, reason: reason.toString('utf8') };
      resolve(outcome);
    });
    socket.on('unexpected-response', (_request, response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        body += chunk;
      });
      response.on('end', () => {
        let parsed: unknown = body;
        try {
          parsed = JSON.parse(body);
        } catch {
          // Not JSON: the text is what the test shows.
        }
        outcome = { kind: 'refused', status: response.statusCode ?? 0, body: parsed, headers: response.headers };
        resolve(outcome);
        socket.terminate();
      });
    });
  });
  const opened = new Promise<void>((resolve, reject) => {
    socket.on('open', () => resolve());
    void ended.then((how) => reject(new Error(`the socket did not open: ${JSON.stringify(how)}`)));
  });
  opened.catch(() => undefined);
  socket.on('error', () => undefined);
  socket.on('message', (data) => {
    frames.push(JSON.parse(data.toString('utf8')) as Frame);
  });
  return {
    socket,
    frames,
    opened,
    ended,
    /** Sends a frame as JSON. */
    send(frame: unknown): void {
      socket.send(JSON.stringify(frame));
    },
    /** The live events received, in order (acks and errors left out). */
    events(): Frame[] {
      return frames.filter((frame) => frame.event !== undefined);
    },
  };
}

export type OpenedWebSocket = ReturnType<typeof openWebSocket>;
