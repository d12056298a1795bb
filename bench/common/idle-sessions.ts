import { sha256Hex } from '@parley/auth';
import { connectPlatformBus, type PlatformBus } from '@parley/bus';
import type { Logger } from '@parley/logger';
import { inLanes } from './closed-loop.js';
import { collectedRssKiB } from './gateway-memory.js';
import type { Stack } from './stack.js';

/**
 * What the idle-connection benches (SSE, WebSocket) start from: a tenant, an agent and a link of
 * theirs on the running stack, `sessions` public sessions on it, and the gateway's memory before
 * any connection is opened.
 */
export async function idleSessions(
  stack: Stack,
  options: { name: string; title: string; agentConfig: unknown; sessions: number; logger: Logger; log: (line: string) => void },
) {
  if (!stack.nats) throw new Error('the real stack gives its NATS');
  const bus: PlatformBus = await connectPlatformBus({
    natsUrl: stack.nats.url,
    namespace: stack.nats.namespace,
    logger: options.logger,
    name: `bench-${options.name}`,
  });
  const tenant = await bus.request('links.tenants.create', { name: `${options.name} bench` });
  const agent = await bus.request('links.agents.create', { tenantId: tenant.id, name: `${options.name}-bench`, config: options.agentConfig });
  const created = await bus.request('links.links.create', {
    tenantId: tenant.id,
    agentName: agent.name,
    settings: { title: options.title, rate_limit_per_minute: 100_000 } as never,
    publicBaseUrl: stack.url,
  });
  const link = await bus.request('links.links.resolve', { tokenHash: sha256Hex(created.token) });
  options.log(`starting ${options.sessions} sessions`);
  const sessions = await inLanes(options.sessions, 32, () => bus.request('sessions.public-send', { link, content: 'hi' }));
  const gateway = stack.processes.find((p) => p.name === 'gateway');
  if (!gateway) throw new Error('no gateway process');
  return { bus, tenant, token: created.token, sessions, gateway, rssBeforeKiB: await collectedRssKiB(gateway) };
}
