import type { AddressInfo } from 'node:net';
import type { App } from '../src/app.js';
import type { GatewayHarness } from './gateway-harness.js';

/**
 * A gateway on a real port, which a test can take away and bring back (a deploy, a crash): a
 * replica of the harness's own, so `h.inject`, `h.admin` and the like keep working meanwhile.
 */
export interface ServedGateway {
  /** Its origin, the same before and after a restart: what browsers were given stays valid. */
  readonly url: string;
  /** Closes the gateway: its event streams end and new connections are refused. */
  stop(): Promise<void>;
  /** Another gateway process in front of the same services, listening at the same address. */
  restart(): Promise<void>;
}

export async function serveGateway(h: GatewayHarness): Promise<ServedGateway> {
  let current: App = await h.startGateway();
  await current.listen({ port: 0, host: '127.0.0.1' });
  const { port } = current.server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () => current.close(),
    async restart() {
      current = await h.startGateway();
      await current.listen({ port, host: '127.0.0.1' });
    },
  };
}

/**
 * About how long the pages' three tries of the event stream, 2 s apart (the stream's `retry:`), and
 * their first polls take: past them they poll, and a page that stays on polling after the restart
 * shows it. Tests wait for those polls themselves, with twice this as their deadline.
 */
export const LONG_OUTAGE_MS = 8_000;
