import { createServer } from 'node:net';

function listenOnAnyPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('no free port'))));
    });
  });
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
