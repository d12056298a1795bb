import { connect, type NatsConnection } from '@nats-io/transport-node';
import type { Logger } from '@parley/logger';

export interface NatsConnectOptions {
  /** One server or a comma-separated list. */
  servers: string;
  name?: string;
  connectTimeoutMs: number;
}

/**
 * Connects once, failing fast: a service that cannot reach NATS at start-up should say so at once
 * rather than hang. After the first connection the client reconnects forever, since a NATS restart
 * must not take every service down with it.
 */
export async function connectNats(options: NatsConnectOptions): Promise<NatsConnection> {
  const attempt = connect({
    servers: options.servers
      .split(',')
      .map((server) => server.trim())
      .filter((server) => server !== ''),
    ...(options.name === undefined ? {} : { name: options.name }),
    timeout: options.connectTimeoutMs,
    maxReconnectAttempts: -1,
    waitOnFirstConnect: false,
    // Async traces capture a stack per request: about a third of the CPU of a hop.
    noAsyncTraces: true,
  });
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${options.connectTimeoutMs} ms`)), options.connectTimeoutMs);
  });
  try {
    const nc = await Promise.race([attempt, deadline]);
    coalesceWrites(nc);
    return nc;
  } catch (error) {
    // With several servers the client may still land a connection after we gave up: close it.
    attempt.then((nc) => nc.close()).catch(() => {});
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`could not connect to NATS at ${options.servers}: ${reason}`, { cause: error });
  } finally {
    clearTimeout(timer);
  }
}

/** The part of the client's protocol handler that writes what was published (nats.js 3). */
interface OutboundWriter {
  flushPending?: unknown;
  /** What was published and not yet written. */
  outbound?: { size(): number };
  /** The bytes past which the client writes at once rather than waiting (32 KiB). */
  pendingLimit?: unknown;
}

/** The client's own bound on what it holds before writing, if it does not say. */
const DEFAULT_PENDING_LIMIT = 32 * 1024;

/**
 * Everything the process publishes in one turn of its event loop goes out in one socket write.
 *
 * The client writes its outbound buffer at the end of the microtask queue of the callback that
 * published: one write per callback. A service answers each request from its own callback (a
 * reply from the LLM, a statement's result, a message from NATS), so under load that was a write
 * system call per reply – each waking the NATS server for one message, which then woke the
 * receiver for one message. Deferred to the end of the event loop's turn (setImmediate), the
 * replies of every callback of that turn share one write, the server reads them at once and
 * delivers them together. Nothing waits longer than the turn it was published in, and the order
 * is the buffer's, as before; `flush()` and a drain still write everything before their PING. A
 * turn that publishes more than the client holds at most (its pendingLimit) writes as it goes, as
 * the client did, so what waits for the end of a turn stays bounded.
 *
 * The write the client does is its `flushPending`, deferred here on the connection's own handler;
 * a client without it (a version that changed its internals) is left as it is, which
 * nats-connect.test.ts would tell by the writes it counts.
 */
function coalesceWrites(nc: NatsConnection): void {
  const protocol = (nc as unknown as { protocol?: OutboundWriter }).protocol;
  const flushPending = protocol?.flushPending;
  if (!protocol || typeof flushPending !== 'function') return;
  const writeNow = flushPending.bind(protocol) as () => void;
  const limit = typeof protocol.pendingLimit === 'number' ? protocol.pendingLimit : DEFAULT_PENDING_LIMIT;
  let scheduled = false;
  const writeAtEndOfTurn = () => {
    scheduled = false;
    writeNow();
  };
  protocol.flushPending = () => {
    if ((protocol.outbound?.size() ?? 0) >= limit) {
      writeNow();
      return;
    }
    if (scheduled) return;
    scheduled = true;
    setImmediate(writeAtEndOfTurn);
  };
}

/** Logs connection changes until the connection closes, so an outage shows up in the logs. */
export async function logConnectionStatus(nc: NatsConnection, logger: Logger): Promise<void> {
  try {
    for await (const status of nc.status()) {
      if (status.type === 'disconnect') logger.warn({ server: status.server }, 'NATS disconnected');
      else if (status.type === 'reconnect') logger.info({ server: status.server }, 'NATS reconnected');
      else if (status.type === 'error') logger.error({ err: status.error }, 'NATS error');
      else if (status.type === 'ldm') logger.warn({ server: status.server }, 'NATS server entering lame duck mode');
    }
  } catch (error) {
    logger.warn({ err: error }, 'NATS status stopped');
  }
}
