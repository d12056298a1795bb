import { sha256Hex } from '@parley/auth';
import { connectPlatformBus, type PlatformBus } from '@parley/bus';
import type { Logger } from '@parley/logger';
import { createTestContext, type TestContext, linkTestKeys } from '@parley/testing';
import { createLinksService } from '../src/app.js';

export interface LinksHarness {
  ctx: TestContext;
  /** A caller's own connection, as the gateway and the other services have one. */
  client: PlatformBus;
  stop(): Promise<void>;
}

/**
 * The links service on its own NATS connection and the real PostgreSQL; tests ask it over the bus.
 * `logger`: what the service and both connections log to (default: the test context's).
 */
export async function startLinksHarness(options: { logger?: Logger } = {}): Promise<LinksHarness> {
  const ctx = await createTestContext({ name: 'links' });
  const logger = options.logger ?? ctx.logger;
  const stops: Array<() => Promise<void>> = [async () => ctx.cleanup()];
  const stop = async () => {
    for (const step of stops.splice(0).reverse()) await step();
  };
  try {
    const bus = await connectPlatformBus({ natsUrl: ctx.natsUrl, namespace: ctx.namespace, logger, name: 'links' });
    stops.push(() => bus.drain());
    const links = createLinksService({ bus, db: ctx.db, logger, keys: linkTestKeys });
    stops.push(() => links.drain());
    // A flush: the server has the service's subscriptions before the first request (a loaded machine could reorder them).
    await bus.ping();
    const client = await connectPlatformBus({ natsUrl: ctx.natsUrl, namespace: ctx.namespace, logger, name: 'client' });
    stops.push(() => client.drain());
    return { ctx, client, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** How a caller names a key it was given: by its SHA-256, never the key itself. */
export const keyHash = sha256Hex;

/** A valid config whose one node says `text`. */
export const sayingAgent = (text: string) => ({
  workflow: { initial_node: 'hello', nodes: [{ id: 'hello', name: 'Hello', static_text: text }] },
});
