import type { ServerResponse } from 'node:http';
import { socketCloseCodes } from '@parley/contracts';
import type { LiveEventLog, LoggedEvent } from '@parley/stores';
import type { FastifyBaseLogger, FastifyInstance, FastifyRequest } from 'fastify';
import { limitOf } from '../edge/metrics.js';
import { connectionSet, followLog, type LiveFollower } from './follow.js';

/** A client this far behind (bytes not yet taken by its socket) is cut off; it resumes from its last id. */
const MAX_BUFFERED_BYTES = 1024 * 1024;
/** On shutdown, how long clients have to answer the close frame before their sockets are destroyed. */
const CLOSE_GRACE_MS = 1_000;
/** On shutdown, how long a message being answered may take before its socket is closed anyway. */
const ANSWER_GRACE_MS = 10_000;

/** What the gateway uses of a `ws` WebSocket (the package ships no types, and none are installed). */
export interface ServerSocket {
  readonly readyState: number;
  readonly bufferedAmount: number;
  send(data: string): void;
  ping(): void;
  close(code?: number, reason?: string): void;
  terminate(): void;
  on(event: 'message', listener: (data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean) => void): this;
  on(event: 'pong' | 'ping', listener: () => void): this;
  on(event: 'close', listener: (code: number, reason: Buffer) => void): this;
  on(event: 'error', listener: (error: Error) => void): this;
  removeAllListeners(event: 'error'): this;
}
const OPEN = 1;

/** One visitor's socket, as its route sees it. */
export interface LiveSocket {
  /** Sends a frame of the socket's own (an ack, an error) if the socket is still open. */
  send(frame: unknown): void;
  /** Sends the events the log holds that this socket has not had yet (a message's, before its ack). */
  catchUp(): Promise<void>;
  /** The log has ended (`session_ended`), the gateway is shutting down or the socket is closing: no more frames will be answered. */
  readonly ending: boolean;
  /** The gateway is shutting down: a frame not answered may be sent again (to another gateway). */
  readonly goingAway: boolean;
  /** Closes the socket once the frames in hand are answered (after the log ended, or on shutdown). */
  close(): void;
}

interface Entry {
  socket: ServerSocket;
  pingedAt: number;
  /** The server closes: 1001 to the client, and its socket destroyed if it does not answer in time. */
  close(): void;
  closed: Promise<void>;
}
/**
 * A live event as a frame: serialized once for all the sockets of its conversation (the log
 * hands every listener of a process the same object).
 */
const frames = new WeakMap<LoggedEvent, string>();
function frameOf(event: LoggedEvent): string {
  let frame = frames.get(event);
  if (frame === undefined) {
    frame = JSON.stringify({ id: event.id, event: event.event, data: event.data });
    frames.set(event, frame);
  }
  return frame;
}

/** An error frame of a rate limit's (the link guard's limits, the socket's own queue of messages). */
function isRateLimitRefusal(frame: unknown): frame is { error: { details?: unknown } } {
  const error = typeof frame === 'object' && frame !== null ? (frame as { type?: unknown; error?: { code?: unknown } }) : undefined;
  return error?.type === 'error' && error.error?.code === 'rate_limited';
}

/**
 * After the upgrade the socket is `ws`'s alone: the plugin's error listener (which holds the
 * Fastify request and reply) and the HTTP response the upgrade was routed with (which holds the
 * request) would otherwise stay alive as long as an idle socket does.
 */
function releaseUpgradeObjects(socket: ServerSocket, request: FastifyRequest, log: FastifyBaseLogger): void {
  socket.removeAllListeners('error');
  socket.on('error', (error) => log.debug({ err: error }, 'websocket error'));
  const raw = request.raw.socket as (typeof request.raw.socket & { _httpMessage?: ServerResponse | null }) | null;
  const response = raw?._httpMessage;
  if (raw && response) response.detachSocket(raw);
}

/**
 * The widget's WebSockets: each follows one conversation's live log (`followLog`, shared with
 * SSE), and is pinged every `pingMs`; one silent for `idleMs` (no pong, no frame) is dropped. One
 * timer pings all of them; each has its own silence deadline; all are told the gateway is going
 * away (1001) when the server closes.
 */
export function liveSockets(app: FastifyInstance, options: { pingMs: number; idleMs: number }) {
  // Pings go out at most a quarter of their interval late (5 s at most): well inside the silence
  // allowance, so a client that answers is heard again before its deadline.
  const sweepMs = Math.max(10, Math.min(options.pingMs / 4, 5_000));
  const following = connectionSet<Entry>(app, sweepMs, (entry, now) => {
    if (now - entry.pingedAt >= options.pingMs && entry.socket.readyState === OPEN) {
      entry.pingedAt = now;
      entry.socket.ping();
    }
  });
  /** Every socket still open, also one whose log has ended while its last frames are answered. */
  const all = new Set<Entry>();
  app.addHook('preClose', async () => {
    const entries = [...all];
    for (const entry of entries) entry.close();
    await Promise.all(entries.map((entry) => entry.closed));
  });

  return {
    /**
     * Follows `key`'s log after `after` on the socket; `onFrame` gets each frame the client sends.
     * `log` is the gateway's (a request's logger would keep the request alive).
     */
    serve(
      socket: ServerSocket,
      request: FastifyRequest,
      stream: { live: LiveEventLog; key: string; after: string | undefined; endsWith?: LoggedEvent['event']; log: FastifyBaseLogger },
      onFrame: (data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean) => void,
      /** Whether frames of the client's are being answered: a log's end waits for them. */
      busy: () => boolean,
    ): LiveSocket {
      releaseUpgradeObjects(socket, request, stream.log);
      const now = Date.now();
      let goingAway = false;
      const closeSocket = () => {
        if (socket.readyState !== OPEN) return;
        if (!goingAway) return socket.close(socketCloseCodes.sessionEnded, 'the session has ended');
        socket.close(socketCloseCodes.goingAway, 'the gateway is shutting down; reconnect');
        setTimeout(() => socket.terminate(), CLOSE_GRACE_MS).unref();
      };
      let onClosed: () => void = () => undefined;
      // A silent client is dropped when its allowance runs out, not at the next sweep: a timer of
      // its own, pushed back (refresh, no new timer) whenever it is heard. Node keeps timers of one
      // duration in one list, so one per socket costs about what a field on the entry would.
      // Counted until its 'close' (whoever closes it: the client, the log's end, a silence, shutdown).
      const counted = app.gatewayMetrics?.connectionOpened('ws') ?? (() => undefined);
      const deadline = setTimeout(() => socket.terminate(), options.idleMs);
      deadline.unref();
      const entry: Entry = {
        socket,
        pingedAt: now,
        closed: new Promise<void>((resolve) => {
          onClosed = resolve;
        }),
        close() {
          if (goingAway) return;
          goingAway = true;
          // Not busy: closed at once. A message being answered gets its ack first (as an HTTP
          // request in flight gets its answer), within a bound.
          follower.close();
          if (busy()) setTimeout(closeSocket, ANSWER_GRACE_MS).unref();
        },
      };
      const follower: LiveFollower = followLog({
        live: stream.live,
        key: stream.key,
        after: stream.after,
        log: stream.log,
        endsWith: stream.endsWith,
        sink: {
          write: (event) => {
            if (socket.readyState !== OPEN) return true;
            socket.send(frameOf(event));
            return socket.bufferedAmount <= MAX_BUFFERED_BYTES;
          },
          reset: () => {
            if (socket.readyState === OPEN) socket.send('{"event":"reset","data":{}}');
          },
          end: (why) => {
            following.delete(entry);
            if (why === 'behind') socket.terminate();
            else if (why === 'failed' && socket.readyState === OPEN) socket.close(socketCloseCodes.tryAgainLater, 'live events are unavailable; reconnect');
            // A message being answered gets its ack first (its turn may be what ended the session).
            else if (!busy()) closeSocket();
          },
        },
      });
      const heard = () => {
        deadline.refresh();
      };
      socket.on('message', (data, isBinary) => {
        heard();
        onFrame(data, isBinary);
      });
      socket.on('pong', heard);
      socket.on('ping', heard);
      socket.on('close', () => {
        counted();
        clearTimeout(deadline);
        all.delete(entry);
        follower.close();
        onClosed();
      });
      following.add(entry);
      all.add(entry);
      return {
        send(frame) {
          if (isRateLimitRefusal(frame)) app.gatewayMetrics?.refused(limitOf(frame.error.details) ?? 'other');
          if (socket.readyState === OPEN) socket.send(JSON.stringify(frame));
        },
        catchUp: () => follower.catchUp(),
        get ending() {
          return socket.readyState !== OPEN || !following.has(entry);
        },
        get goingAway() {
          return goingAway;
        },
        close: closeSocket,
      };
    },
  };
}
