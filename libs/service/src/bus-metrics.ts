import type { BusConnectionStats, PlatformBus } from '@parley/bus';
import { Counter, Gauge, type Registry } from 'prom-client';
import { metricOnce } from './metrics.js';

/**
 * The NATS connection at each scrape: up or not, reconnections, and the bytes and messages it
 * carried each way (the client's own counts since it connected). Nothing for the in-process bus,
 * which has no connection.
 */
export function registerBusMetrics(registry: Registry, bus: PlatformBus): void {
  if (bus.connectionStats() === undefined) return;
  const read = (): BusConnectionStats | undefined => bus.connectionStats();
  metricOnce(
    registry,
    { name: 'parley_nats_connected', help: '1 while the NATS connection is up, 0 while it is lost (reconnecting) or closed' },
    (config) =>
      new Gauge({
        ...config,
        collect() {
          this.set(read()?.connected ? 1 : 0);
        },
      }),
  );
  // Counters whose count is kept by the client: each scrape sets them to it.
  metricOnce(
    registry,
    { name: 'parley_nats_reconnects_total', help: 'Times the NATS connection was lost and made again' },
    (config) =>
      new Counter({
        ...config,
        collect() {
          this.reset();
          this.inc(read()?.reconnects ?? 0);
        },
      }),
  );
  const eachWay = (metric: { name: string; help: string }, count: (stats: BusConnectionStats | undefined, direction: 'in' | 'out') => number) =>
    metricOnce(
      registry,
      { ...metric, labelNames: ['direction'] as const },
      (config) =>
        new Counter({
          ...config,
          collect() {
            const stats = read();
            this.reset();
            for (const direction of ['in', 'out'] as const) this.inc({ direction }, count(stats, direction));
          },
        }),
    );
  eachWay(
    { name: 'parley_nats_bytes_total', help: 'Bytes received (in) and sent (out) over the NATS connection' },
    (stats, direction) => (direction === 'in' ? stats?.inBytes : stats?.outBytes) ?? 0,
  );
  eachWay(
    { name: 'parley_nats_messages_total', help: 'Messages received (in) and sent (out) over the NATS connection' },
    (stats, direction) => (direction === 'in' ? stats?.inMsgs : stats?.outMsgs) ?? 0,
  );
}
