import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { connectPlatformBus } from '@parley/bus';
import { openDatabase } from '@parley/db';
import { sql } from 'kysely';
import { serverUrls, startRealStack } from '../common/real-stack.js';
import type { Runtime } from '../common/stack.js';
import { quietLogger } from '../common/start-stack.js';
import { seedRollups } from './seed.js';

export interface AnalyticsBenchOptions {
  runtime: Runtime;
  /** Messages the seeded link has stored (query-latency figure). */
  messages: number;
  /** Days they are spread over. */
  days: number;
  /** Analytics requests measured (after a warm-up of a tenth as many). */
  queries: number;
  /** Events published for the consumer-throughput figure. */
  events: number;
  log: (line: string) => void;
}

export interface AnalyticsBenchReport {
  stack: string;
  query: {
    messages: number;
    days: number;
    requests: number;
    window: string;
    latencyMs: { p50: number; p95: number; p99: number; max: number };
    answeredMessages: number;
    seedMs: number;
  };
  consumer: { events: number; publishSeconds: number; publishedPerSecond: number; appliedSeconds: number; appliedPerSecond: number; maxLag: number };
  targets: { name: string; measured: number; unit: string; verdict: 'PASS' | 'FAIL' }[];
}

/** docs/api.md's figures for this bench. */
export const TARGETS = { queryP99Ms: 100, eventsPerSecond: 2_000 } as const;

const percentile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? 0;

/**
 * The real stack (gateway, links, sessions, agent-runner as processes on PostgreSQL, NATS,
 * Redis): (1) rollups of a link with `messages` messages written straight into its tables, then
 * its analytics asked over HTTP `queries` times, one after another; (2) `events` messages.stored
 * events published to JetStream as fast as the publisher can, timed until the links service's
 * consumer has applied the last one.
 */
export async function runAnalyticsBench(options: AnalyticsBenchOptions): Promise<AnalyticsBenchReport> {
  const logger = quietLogger();
  const stack = await startRealStack({ runtime: options.runtime, sessionsReplicas: 1, log: options.log, logger });
  try {
    const admin = async (method: string, path: string, body?: unknown, tenantId?: string) => {
      const response = await fetch(`${stack.url}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${stack.adminApiKey}`,
          ...(tenantId ? { 'x-tenant-id': tenantId } : {}),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
      return JSON.parse(text);
    };
    const tenant = await admin('POST', '/api/tenants', { name: 'Bench' });
    const agent = await admin(
      'POST',
      '/api/agents',
      { name: 'bench', config: { workflow: { initial_node: 'a', nodes: [{ id: 'a', name: 'A', static_text: 'Hi.' }] } } },
      tenant.id,
    );
    const busy = await admin('POST', '/api/agents/bench/public-links', { title: 'Busy' }, tenant.id);
    const fed = await admin('POST', '/api/agents/bench/public-links', { title: 'Fed' }, tenant.id);

    const url = new URL(serverUrls().databaseUrl);
    url.pathname = `/${stack.database}`;
    const database = await openDatabase({ url: url.toString(), logger, poolSize: 4, applicationName: 'parley-bench' });
    try {
      // (1) Query latency over a million messages' rollups.
      options.log(`seeding rollups: ${options.messages} messages over ${options.days} days`);
      const seedStarted = performance.now();
      const seeded = await seedRollups(database.db, { tenantId: tenant.id, agentId: agent.id, linkId: busy.id, messages: options.messages }, options.days);
      const seedMs = performance.now() - seedStarted;
      const path = `/api/links/${busy.id}/analytics?bucket=day&from=${seeded.from.toISOString()}&to=${seeded.to.toISOString()}`;
      let answered = 0;
      for (let i = 0; i < Math.ceil(options.queries / 10); i++) await admin('GET', path, undefined, tenant.id);
      const latencies: number[] = [];
      for (let i = 0; i < options.queries; i++) {
        const started = performance.now();
        const report = await admin('GET', path, undefined, tenant.id);
        latencies.push(performance.now() - started);
        answered = report.messages.user + report.messages.assistant + report.messages.operator;
      }
      latencies.sort((a, b) => a - b);
      options.log(`analytics p99 ${percentile(latencies, 0.99).toFixed(1)} ms over ${options.queries} requests`);

      // (2) The consumer's throughput.
      const bus = await connectPlatformBus({
        natsUrl: stack.nats?.url ?? serverUrls().natsUrl,
        namespace: stack.nats?.namespace ?? '',
        logger,
        name: 'bench-sessions',
      });
      const applied = async () => {
        const { rows } = await sql<{ n: number }>`SELECT coalesce(sum(messages_user), 0)::int AS n FROM analytics_hourly WHERE link_id = ${fed.id}`.execute(
          database.db,
        );
        return rows[0]?.n ?? 0;
      };
      let maxLag = 0;
      let published = 0;
      const at = new Date().toISOString();
      options.log(`publishing ${options.events} messages.stored events`);
      const publishStarted = performance.now();
      const sampler = setInterval(() => {
        void applied().then((n) => {
          maxLag = Math.max(maxLag, published - n);
        });
      }, 100);
      try {
        const WINDOW = 500;
        for (let i = 0; i < options.events; i += WINDOW) {
          const batch = Array.from({ length: Math.min(WINDOW, options.events - i) }, () => ({
            conversationId: randomUUID(),
            tenantId: tenant.id,
            agentId: agent.id,
            linkId: fed.id,
            email: null,
            messages: [
              { messageId: randomUUID(), role: 'user' as const },
              { messageId: randomUUID(), role: 'assistant' as const },
            ],
            responseMs: 150,
            at,
          }));
          await Promise.all(batch.map((event) => bus.publish('events.message.stored', event)));
          published += batch.length;
        }
        const publishSeconds = (performance.now() - publishStarted) / 1000;
        const deadline = Date.now() + 120_000;
        while ((await applied()) < options.events) {
          if (Date.now() > deadline) throw new Error(`the consumer applied ${await applied()} of ${options.events} events in 2 minutes`);
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        const appliedSeconds = (performance.now() - publishStarted) / 1000;
        const consumer = {
          events: options.events,
          publishSeconds,
          publishedPerSecond: options.events / publishSeconds,
          appliedSeconds,
          appliedPerSecond: options.events / appliedSeconds,
          maxLag,
        };
        options.log(`consumer applied ${consumer.appliedPerSecond.toFixed(0)} events/s (published ${consumer.publishedPerSecond.toFixed(0)}/s)`);
        const p99 = percentile(latencies, 0.99);
        return {
          stack: stack.description,
          query: {
            messages: options.messages,
            days: options.days,
            requests: options.queries,
            window: `${options.days} days by day`,
            latencyMs: { p50: percentile(latencies, 0.5), p95: percentile(latencies, 0.95), p99, max: latencies.at(-1) ?? 0 },
            answeredMessages: answered,
            seedMs,
          },
          consumer,
          targets: [
            {
              name: `analytics of a link with ${options.messages} messages, p99`,
              measured: p99,
              unit: 'ms',
              verdict: p99 <= TARGETS.queryP99Ms && answered === options.messages ? 'PASS' : 'FAIL',
            },
            {
              name: 'rollup consumer, events applied per second',
              measured: consumer.appliedPerSecond,
              unit: 'events/s',
              verdict: consumer.appliedPerSecond >= TARGETS.eventsPerSecond ? 'PASS' : 'FAIL',
            },
          ],
        };
      } finally {
        clearInterval(sampler);
        await bus.drain();
      }
    } finally {
      await database.close();
    }
  } finally {
    await stack.stop();
  }
}
