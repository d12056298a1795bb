import { randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { distinctPorts, freeLoopbackPort, listenOnce } from '@parley/embedded-postgres';

/** How many ports below the system's ephemeral range a test's port is drawn from. */
const SPREAD = 16_384;

/** The first port the system hands out as the local port of outgoing connections. */
function ephemeralLow(): number | undefined {
  try {
    const low = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
    return Number.isInteger(low) ? low : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A port drawn at random below the ephemeral range, that a listener could bind just now. A port
 * the system offers for listen(0) is from the range it also hands out as the local port of every
 * outgoing connection, and a server that binds it seconds later – `npm start` binds PORT once its
 * PostgreSQL is up – can find it taken by one of the suite's many connections. Below the range,
 * only another test's draw could take it.
 */
export async function drawPort(low: number | undefined = ephemeralLow(), draw: (min: number, max: number) => number = randomInt): Promise<number> {
  // An unusual range leaves no room below it: the system's own choice then.
  if (low === undefined || low - SPREAD < 1024) return freeLoopbackPort();
  for (;;) {
    const port = draw(low - SPREAD, low);
    if ((await listenOnce(port)) !== undefined) return port;
  }
}

/** A loopback port nothing listens on right now, outside the ephemeral range; never the same one twice in a process. */
export const freePort = distinctPorts(() => drawPort());

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
