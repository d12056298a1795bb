import { createServer } from 'node:net';

/** A loopback port nothing listens on right now (the same helper embedded PostgreSQL uses). */
export { freeLoopbackPort as freePort } from '@parley/embedded-postgres';

/** A loopback port held by a listener of the test's own until `release`. */
export interface HeldPort {
  port: number;
  /** Frees the port for the server that is to listen on it, next. */
  release(): Promise<void>;
}

/**
 * A loopback port kept from everyone else while a server that must know its address beforehand
 * starts: a port only chosen (freePort) can be taken meanwhile – by another test's server, or as
 * the local port of any outgoing connection – and the server's listen then fails with
 * EADDRINUSE. Held by a listener, it is free again only from `release` to the server's listen.
 */
export async function holdPort(): Promise<HeldPort> {
  // A connection made to the held port meanwhile (a cluster peer dialling its route) is dropped:
  // left open, it would keep `release` waiting.
  const holder = createServer((socket) => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    holder.once('error', reject);
    holder.listen(0, '127.0.0.1', resolve);
  });
  const address = holder.address();
  if (address === null || typeof address === 'string') throw new Error('the port holder has no TCP address');
  return {
    port: address.port,
    release: () => new Promise<void>((resolve, reject) => holder.close((error) => (error ? reject(error) : resolve()))),
  };
}
