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
    return await Promise.race([attempt, deadline]);
  } catch (error) {
    // With several servers the client may still land a connection after we gave up: close it.
    attempt.then((nc) => nc.close()).catch(() => {});
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`could not connect to NATS at ${options.servers}: ${reason}`, { cause: error });
  } finally {
    clearTimeout(timer);
  }
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
