import { parseArgs } from 'node:util';
import { fileStamp, parseRuntime, positiveNumber, writeResult } from '../common/cli.js';
import { formatColumns } from '../common/report.js';
import { type AnalyticsBenchOptions, runAnalyticsBench } from './bench.js';

export const USAGE = `npm run bench -- analytics [options]

On the real stack (gateway, links, sessions, agent-runner as processes; PostgreSQL, NATS, Redis):
1. a link's analytics (GET /api/links/{id}/analytics over the whole window, by day) when its
   rollups hold --messages messages over --days days (rows written straight into the rollup
   tables), asked --queries times one after another: p50/p95/p99;
2. the links service's rollup consumer: --events messages.stored events published to JetStream as
   fast as one publisher can, timed until the last is applied: events/s.

  --messages <n>   messages of the seeded link (default 1000000)
  --days <n>       days they span (default 90)
  --queries <n>    analytics requests measured (default 300)
  --events <n>     events through the consumer (default 20000)
  --runtime bundle|tsx   tsdown bundles (default, what ships) or TypeScript via tsx
  --help

Targets: p99 ≤ 100 ms; ≥ 2,000 events/s.
Results: a table on stdout, and bench/results/analytics-<timestamp>.json.`;

export function parseOptions(args: string[]): Omit<AnalyticsBenchOptions, 'log'> | 'help' {
  const { values } = parseArgs({
    args,
    options: {
      messages: { type: 'string', default: '1000000' },
      days: { type: 'string', default: '90' },
      queries: { type: 'string', default: '300' },
      events: { type: 'string', default: '20000' },
      runtime: { type: 'string', default: 'bundle' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) return 'help';
  const whole = (flag: string, value: string) => {
    const n = positiveNumber(flag, value);
    if (!Number.isInteger(n)) throw new Error(`${flag} must be a whole number, got "${value}"`);
    return n;
  };
  return {
    runtime: parseRuntime(values.runtime),
    messages: whole('--messages', values.messages),
    days: whole('--days', values.days),
    queries: whole('--queries', values.queries),
    events: whole('--events', values.events),
  };
}

export async function main(args: string[]): Promise<void> {
  const options = parseOptions(args);
  if (options === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const stamp = fileStamp();
  const report = await runAnalyticsBench({ ...options, log: (line) => process.stderr.write(`${line}\n`) });
  const file = await writeResult('analytics', stamp, report);
  const { query, consumer } = report;
  process.stdout.write(
    [
      `Analytics – ${report.stack}`,
      `  query: link with ${query.messages} messages over ${query.days} days (seeded in ${(query.seedMs / 1000).toFixed(1)} s), ${query.requests} requests`,
      `    p50 ${query.latencyMs.p50.toFixed(1)} ms, p95 ${query.latencyMs.p95.toFixed(1)} ms, p99 ${query.latencyMs.p99.toFixed(1)} ms, max ${query.latencyMs.max.toFixed(1)} ms; answered ${query.answeredMessages} messages`,
      `  consumer: ${consumer.events} events published in ${consumer.publishSeconds.toFixed(2)} s (${consumer.publishedPerSecond.toFixed(0)}/s), all applied after ${consumer.appliedSeconds.toFixed(2)} s: ${consumer.appliedPerSecond.toFixed(0)} events/s (largest backlog seen ${consumer.maxLag})`,
      '',
      formatColumns(
        ['target', 'measured', 'verdict'],
        report.targets.map((t) => [t.name, `${t.measured.toFixed(1)} ${t.unit}`, t.verdict]),
        new Set([1]),
      ),
      `results: ${file}`,
      '',
    ].join('\n'),
  );
}
