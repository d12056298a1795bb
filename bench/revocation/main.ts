import { parseArgs } from 'node:util';
import { fileStamp, parseRuntime, positiveNumber, writeResult } from '../common/cli.js';
import { formatColumns, formatMarkdownColumns } from '../common/report.js';
import { type KindReport, type RevocationBenchOptions, runRevocationBench, TARGET_MS } from './bench.js';

export const USAGE = `npm run bench -- revocation [options]

How long a revoked credential is still taken by another gateway. links, sessions, agent-runner and
two gateways (A and B) as processes on this machine's PostgreSQL, NATS and Redis. Each round, for
every kind of credential: make it on A, use it once on A and twice on B (both have it cached),
revoke it on A and, from the moment that request is sent, use it on B one request after another
until B answers 401.

  API key                    POST /api/keys (editor) · DELETE /api/keys/{id} · GET /api/agents
  Text Chat API secret       POST /api/chat-secrets · DELETE /api/chat-secrets/{id} · POST /api/chat/sessions signed with it
  member's console session   POST /api/members (editor), signed in through a test OpenID provider ·
                             DELETE /api/members/{id} · GET /api/agents with the session cookie

  --rounds <n>             rounds, each revoking one credential of every kind (default 30)
  --runtime bundle|tsx     tsdown bundles (default, what ships) or TypeScript via tsx
  --help

Figures per kind: time from the DELETE sent to B's first 401 (median, p95, max, rounds over 1 s),
and the DELETE's own latency. Target: every round refused within 1 s.
Servers: DATABASE_URL, NATS_URL, REDIS_URL (127.0.0.1 and the standard ports by default).
Results: a table on stdout (plus Markdown), and bench/results/revocation-<timestamp>.json.`;

export function parseOptions(args: string[]): Omit<RevocationBenchOptions, 'log'> | 'help' {
  const { values } = parseArgs({
    args,
    options: {
      rounds: { type: 'string', default: '30' },
      runtime: { type: 'string', default: 'bundle' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) return 'help';
  const rounds = positiveNumber('--rounds', values.rounds);
  if (!Number.isInteger(rounds)) throw new Error(`--rounds must be a whole number, got "${values.rounds}"`);
  return { rounds, runtime: parseRuntime(values.runtime) };
}

const ms = (value: number) => (Number.isNaN(value) ? '–' : value.toFixed(1));

/** One row per kind of credential; the numeric columns right-aligned. */
export function formatKinds(kinds: KindReport[], markdown: boolean): string {
  const header = [
    'credential',
    'rounds',
    'refused',
    'median ms',
    'p95 ms',
    'max ms',
    `over ${TARGET_MS / 1000} s`,
    'DELETE median ms',
    'DELETE p95 ms',
    'DELETE max ms',
    'ms per request to B',
  ];
  const body = kinds.map((k) => [
    k.label,
    String(k.rounds.length),
    String(k.refused),
    ms(k.refusedMs.median),
    ms(k.refusedMs.p95),
    ms(k.refusedMs.max),
    String(k.overTarget),
    ms(k.revokeMs.median),
    ms(k.revokeMs.p95),
    ms(k.revokeMs.max),
    ms(k.pollMs),
  ]);
  const numeric = new Set([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  return markdown ? formatMarkdownColumns(header, body, numeric) : formatColumns(header, body, numeric);
}

/** PASS when every round of the kind was refused within the target. */
export function verdicts(kinds: KindReport[]): string[] {
  return kinds.map(
    (k) =>
      `${k.overTarget === 0 ? 'PASS' : 'FAIL'} ${k.kind}: ${k.refused} of ${k.rounds.length} rounds refused, ${k.overTarget} after more than ${TARGET_MS} ms or never (max ${ms(k.refusedMs.max)} ms)`,
  );
}

export async function main(args: string[]): Promise<void> {
  const options = parseOptions(args);
  if (options === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const stamp = fileStamp();
  const report = await runRevocationBench({ ...options, log: (line) => process.stderr.write(`${line}\n`) });
  const file = await writeResult('revocation', stamp, report);
  process.stdout.write(
    [
      `revocation: ${report.rounds} rounds – ${report.stack}; load average at start ${report.machine.loadAverageAtStart.join(', ')}`,
      '',
      formatKinds(report.kinds, false),
      '',
      ...verdicts(report.kinds),
      '',
      formatKinds(report.kinds, true),
      `results: ${file}`,
      '',
    ].join('\n'),
  );
}
