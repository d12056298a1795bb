import { randomBytes } from 'node:crypto';
import { delimiter } from 'node:path';
import { createLogger } from '@parley/logger';
import { findExecutable, startNatsServer } from '@parley/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { contractCatalog } from '../contract/suite.js';
import { createInProcessBus } from '../in-process/bus.js';
import { createNatsBus } from './bus.js';

// Debian installs nats-server in /usr/sbin, which is not on every user's PATH.
const binary = await findExecutable('nats-server', [process.env.PATH ?? '', '/usr/sbin', '/usr/local/bin'].join(delimiter));
const logger = createLogger({ service: 'bus-test', level: 'silent' });

async function until(condition: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`not ${what} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('the connection stats of a bus', () => {
  const cleanups: Array<() => Promise<unknown>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
    cleanups.length = 0;
  });

  it('are none for the in-process bus, which has no connection', () => {
    expect(createInProcessBus({ catalog: contractCatalog, namespace: 'stats', logger }).connectionStats()).toBeUndefined();
  });

  it.skipIf(binary === null)('follow a NATS connection: its traffic, and the reconnection after its server died', async () => {
    // A server of the test's own: the machine's is shared.
    const server = await startNatsServer(binary as string);
    cleanups.push(() => server.stop());
    const bus = await createNatsBus({ catalog: contractCatalog, servers: server.url, namespace: `t_${randomBytes(6).toString('hex')}`, logger, name: 'stats' });
    cleanups.push(() => bus.drain());
    await bus.serve('echo', async ({ text }, ctx) => ({ text, requestId: ctx.requestId, traceId: ctx.traceId, subject: 'contract.echo' })).ready;

    const first = bus.connectionStats();
    expect(first).toMatchObject({ connected: true, reconnects: 0 });
    await bus.request('echo', { text: 'x'.repeat(1_000) });
    const second = bus.connectionStats();
    // The request went out and came back in to the responder, and its reply the other way.
    expect(second?.outMsgs).toBeGreaterThanOrEqual((first?.outMsgs ?? 0) + 2);
    expect(second?.inMsgs).toBeGreaterThanOrEqual((first?.inMsgs ?? 0) + 2);
    expect(second?.outBytes).toBeGreaterThanOrEqual((first?.outBytes ?? 0) + 2_000);
    expect(second?.inBytes).toBeGreaterThanOrEqual((first?.inBytes ?? 0) + 2_000);

    await server.restart();
    await until(() => bus.connectionStats()?.reconnects === 1, 'reconnected');
    expect(bus.connectionStats()?.connected).toBe(true);

    await bus.drain();
    expect(bus.connectionStats()?.connected).toBe(false);
  });
});
