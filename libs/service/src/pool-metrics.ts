import type pg from 'pg';
import { Gauge, type Registry } from 'prom-client';
import { metricOnce } from './metrics.js';

/**
 * The PostgreSQL pool as it stands at each scrape: connections open and idle, queries waiting for
 * one (all are busy), and the most it opens. Waiting queries while total is at max mean the pool,
 * not the database, is what a request waits on.
 */
export function registerPoolMetrics(registry: Registry, pool: pg.Pool): void {
  const gauge = (config: { name: string; help: string }, read: () => number) =>
    metricOnce(
      registry,
      config,
      (registered) =>
        new Gauge({
          ...registered,
          collect() {
            this.set(read());
          },
        }),
    );
  gauge({ name: 'parley_db_pool_total_clients', help: 'Connections the PostgreSQL pool has open, busy or idle' }, () => pool.totalCount);
  gauge({ name: 'parley_db_pool_idle_clients', help: 'Open connections of the PostgreSQL pool that no query uses' }, () => pool.idleCount);
  gauge(
    { name: 'parley_db_pool_waiting_clients', help: 'Queries waiting for a connection of the PostgreSQL pool (every one is busy)' },
    () => pool.waitingCount,
  );
  gauge({ name: 'parley_db_pool_max_clients', help: 'The most connections the PostgreSQL pool opens' }, () => pool.options.max ?? 10);
}
