import { createServer } from 'node:net';

/** The loopback port a listener got on `port` (0: any the system picks), closed again at once; undefined where it could not listen. */
export function listenOnce(port: number): Promise<number | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(undefined));
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      const bound = typeof address === 'object' && address ? address.port : undefined;
      server.close(() => resolve(bound));
    });
  });
}

async function listenOnAnyPort(): Promise<number> {
  const port = await listenOnce(0);
  if (port === undefined) throw new Error('no free port');
  return port;
}

/**
 * Ports from `pick`, none of them twice: the OS may offer a port that was just closed again, and
 * two asked for one after the other – a service's PORT and HEALTH_PORT – must not be the same.
 */
export function distinctPorts(pick: () => Promise<number>): () => Promise<number> {
  const handedOut = new Set<number>();
  return async () => {
    for (;;) {
      const port = await pick();
      if (!handedOut.has(port)) {
        handedOut.add(port);
        return port;
      }
    }
  };
}

/** A loopback port nothing listens on right now (the OS picks it), never one this process handed out before. */
export const freeLoopbackPort = distinctPorts(listenOnAnyPort);
