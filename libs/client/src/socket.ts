import { ParleyApiError } from './errors.js';
import type { LiveEvent } from './events.js';
import type { Operation } from './typed.js';

/** What `ack` answers for a message the socket sent. */
export interface SocketAck {
  type: 'ack';
  client_id: string;
  message_id: string;
  offer_person?: boolean;
  /** The reply is the link's words because a token budget is spent. */
  budget_exhausted?: boolean;
}

/** Where the host page says the visitor is (docs/public-chat-api.md "Page context"), as a chat POST takes it. */
export type PageContext = NonNullable<Operation<'/api/public/chat/{token}', 'post'>['requestBody']['content']['application/json']['context']>;

/** What a message may carry besides its content, as a chat POST may. */
export interface SocketMessageOptions {
  /** Uploads of the session the message carries. */
  attachments?: string[] | undefined;
  /** Where the page says the visitor is now: the session takes it in before the turn. */
  context?: PageContext | undefined;
}

export interface SocketOptions {
  /** Resume after this event id. */
  lastEventId?: string | undefined;
  /** The WebSocket class: the global one (browsers, Node 22+) by default; Node 20 may pass undici's. */
  WebSocket?: typeof WebSocket;
}

export interface WidgetSocket {
  /** Resolves once the socket is open; rejects when it could not be (a refused upgrade). */
  readonly opened: Promise<void>;
  /** The live events as they come, until the socket closes. */
  events(): AsyncGenerator<LiveEvent>;
  /** Sends a message; resolves with its ack, once the reply's events have come, or rejects with the error frame as a ParleyApiError. */
  send(content: string, clientId?: string, more?: SocketMessageOptions): Promise<SocketAck>;
  /** The visitor is typing. */
  typing(): void;
  /** The id of the last event received, to resume from on another socket. */
  readonly lastEventId: string | undefined;
  close(code?: number): void;
}

const randomId = () => `m-${Array.from(crypto.getRandomValues(new Uint8Array(12)), (b) => b.toString(16).padStart(2, '0')).join('')}`;

/** The widget's WebSocket (docs/api.md "The widget's WebSocket") at `url`. */
export function openSocket(url: string, options: SocketOptions = {}): WidgetSocket {
  const Socket = options.WebSocket ?? globalThis.WebSocket;
  if (!Socket) throw new TypeError('no WebSocket class: pass one as options.WebSocket');
  const socket = new Socket(url);
  let lastEventId = options.lastEventId;
  const pending = new Map<string, { resolve: (ack: SocketAck) => void; reject: (error: Error) => void }>();
  const queue: LiveEvent[] = [];
  let wake: (() => void) | undefined;
  let closed = false;

  const opened = new Promise<void>((resolve, reject) => {
    socket.addEventListener('open', () => resolve(), { once: true });
    socket.addEventListener('error', () => reject(new Error(`the WebSocket to ${url.replace(/\?.*$/, '')} could not be opened`)), { once: true });
  });
  opened.catch(() => {});

  socket.addEventListener('message', (message: MessageEvent) => {
    let frame: Record<string, unknown>;
    try {
      frame = JSON.parse(String(message.data)) as Record<string, unknown>;
    } catch {
      return;
    }
    if (frame.type === 'ack' || frame.type === 'error') {
      const clientId = typeof frame.client_id === 'string' ? frame.client_id : undefined;
      const waiting = clientId === undefined ? undefined : pending.get(clientId);
      if (!waiting || clientId === undefined) return;
      pending.delete(clientId);
      if (frame.type === 'ack') waiting.resolve(frame as unknown as SocketAck);
      else {
        const error = (frame.error ?? {}) as { code?: string; message?: string; details?: unknown };
        waiting.reject(new ParleyApiError(0, error.code ?? 'unknown', error.message ?? 'the message was refused', { details: error.details }));
      }
      return;
    }
    if (typeof frame.event === 'string') {
      if (typeof frame.id === 'string') lastEventId = frame.id;
      queue.push({ ...(typeof frame.id === 'string' ? { id: frame.id } : {}), event: frame.event, data: frame.data });
      wake?.();
    }
  });
  socket.addEventListener('close', () => {
    closed = true;
    for (const waiting of pending.values()) waiting.reject(new Error('the WebSocket closed before the message was answered'));
    pending.clear();
    wake?.();
  });

  return {
    opened,
    get lastEventId() {
      return lastEventId;
    },
    async *events() {
      for (;;) {
        const next = queue.shift();
        if (next) {
          yield next;
          continue;
        }
        if (closed) return;
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
        wake = undefined;
      }
    },
    async send(content, clientId = randomId(), { attachments, context } = {}) {
      await opened;
      return new Promise<SocketAck>((resolve, reject) => {
        pending.set(clientId, { resolve, reject });
        socket.send(
          JSON.stringify({ type: 'message', content, client_id: clientId, ...(attachments ? { attachments } : {}), ...(context ? { context } : {}) }),
        );
      });
    },
    typing() {
      if (socket.readyState === Socket.OPEN) socket.send(JSON.stringify({ type: 'typing' }));
    },
    close(code = 1000) {
      socket.close(code);
    },
  };
}
