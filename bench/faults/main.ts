import { parseArgs } from 'node:util';
import { fileStamp, parseRuntime, positiveNumber, writeResult } from '../common/cli.js';
import { formatColumns, formatMarkdownColumns, loadAverageNow, machineInfo } from '../common/report.js';
import { FAULT_NAMES, FAULTS, type FaultName, type FaultRow, type FaultsOptions, type FaultsReport, runFaultsBench } from './bench.js';

export const USAGE = `npm run bench -- faults [options]

Faults under load. gateway, links, sessions and two agent-runners, each its own process, on
servers of the run's own: a nats-server with JetStream and a redis-server on free ports (never
the machine's), and PostgreSQL (a fresh database) through a TCP proxy of the run. 16 Text Chat
API clients (every message with an Idempotency-Key, retried with it) and 8 public visitors in
closed loops, an LLM agent whose fake LLM answers after --llm-ms. Then one fault after another,
each between a steady phase and a recovery phase:

${FAULT_NAMES.map((name) => `  ${name.padEnd(16)} ${FAULTS[name]}`).join('\n')}

At the end every message answered 2xx is looked up in PostgreSQL. Per fault: requests, failures
by status, max latency, recovery time, lost, duplicated and hung requests. Exits non-zero when
any message was lost or duplicated or any request hung.

  --faults <a,b,…>         which faults, in this order (default: all, as listed)
  --steady <s>             load before each fault (default 6)
  --recovery <s>           load after each fault has ended (default 12)
  --settle <s>             then up to this much longer, until the turns/s are back to 80 % of
                           the first steady phase's (default 40)
  --down <s>               how long NATS and Redis stay down (default 3)
  --pg-refuse <s>          how long PostgreSQL refuses connections (default 5)
  --freeze <s>             how long sessions stays frozen (default 5)
  --api-clients <n>        Text Chat API clients (default 16)
  --visitors <n>           public chat visitors (default 8)
  --llm-ms <ms>            the fake LLM's time per answer (default 100)
  --timeout <s>            a request with no answer by then is hung (default 30)
  --runtime bundle|tsx     tsdown bundles (default, what ships) or TypeScript via tsx
  --help

Servers: DATABASE_URL (a server-level URL: the run creates and drops its database there);
nats-server and redis-server on PATH.
Results: the table on stdout (plus Markdown), and bench/results/faults-<timestamp>.json.`;

export function parseOptions(args: string[]): Omit<FaultsOptions, 'log'> | 'help' {
  const { values } = parseArgs({
    args,
    options: {
      faults: { type: 'string', default: FAULT_NAMES.join(',') },
      steady: { type: 'string', default: '6' },
      recovery: { type: 'string', default: '12' },
      settle: { type: 'string', default: '40' },
      down: { type: 'string', default: '3' },
      'pg-refuse': { type: 'string', default: '5' },
      freeze: { type: 'string', default: '5' },
      'api-clients': { type: 'string', default: '16' },
      visitors: { type: 'string', default: '8' },
      'llm-ms': { type: 'string', default: '100' },
      timeout: { type: 'string', default: '30' },
      runtime: { type: 'string', default: 'bundle' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) return 'help';
  const faults = values.faults.split(',').map((name): FaultName => {
    const trimmed = name.trim();
    if (!(trimmed in FAULTS)) throw new Error(`--faults takes ${FAULT_NAMES.join(', ')}; got "${trimmed}"`);
    return trimmed as FaultName;
  });
  const whole = (flag: string, value: string) => {
    const n = positiveNumber(flag, value);
    if (!Number.isInteger(n)) throw new Error(`${flag} must be a whole number, got "${value}"`);
    return n;
  };
  return {
    faults,
    steadyS: positiveNumber('--steady', values.steady),
    recoveryS: positiveNumber('--recovery', values.recovery),
    settleS: positiveNumber('--settle', values.settle),
    downS: positiveNumber('--down', values.down),
    pgRefuseS: positiveNumber('--pg-refuse', values['pg-refuse']),
    freezeS: positiveNumber('--freeze', values.freeze),
    apiClients: whole('--api-clients', values['api-clients']),
    visitors: whole('--visitors', values.visitors),
    llmMs: positiveNumber('--llm-ms', values['llm-ms']),
    clientTimeoutS: positiveNumber('--timeout', values.timeout),
    runtime: parseRuntime(values.runtime),
  };
}

const seconds = (ms: number | null) => (ms === null ? '–' : (ms / 1000).toFixed(1));

export function formatRows(rows: FaultRow[], markdown: boolean): string {
  const header = [
    'fault',
    'lasted s',
    'requests',
    'answered',
    'failed by status',
    'max latency ms',
    'first success s',
    'steady s',
    'lost',
    'duplicated',
    'hung',
  ];
  const body = rows.map((r) => [
    r.fault,
    r.fault === 'all' ? '' : seconds(r.lastedMs),
    String(r.requests),
    String(r.answered),
    Object.entries(r.failed)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([outcome, n]) => `${outcome}: ${n}`)
      .join(', ') || '0',
    r.maxLatencyMs.toFixed(0),
    r.fault === 'all' ? '' : seconds(r.recoveryMs.firstSuccess),
    r.fault === 'all' ? '' : seconds(r.recoveryMs.steady),
    String(r.lost),
    String(r.duplicated),
    String(r.hung),
  ]);
  const numeric = new Set([1, 2, 3, 5, 6, 7, 8, 9, 10]);
  return markdown ? formatMarkdownColumns(header, body, numeric) : formatColumns(header, body, numeric);
}

/** The findings, a line each (the first `limit`), for whoever has to fix them. */
export function formatFindings(report: FaultsReport, limit = 30): string {
  const lines = report.findings.slice(0, limit).map((f) => {
    const m = f.message;
    return `${f.what.toUpperCase()} during ${f.fault}: ${m.kind} client ${m.client}, "${m.content}"${m.key ? ` (key ${m.key})` : ''}, conversation ${m.conversationId}: ${f.detail}; attempts: ${m.outcomes.join(' → ')}`;
  });
  if (report.findings.length > limit) lines.push(`… and ${report.findings.length - limit} more in the JSON`);
  return lines.join('\n');
}

export async function main(args: string[]): Promise<void> {
  const parsed = parseOptions(args);
  if (parsed === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const loadAverage = loadAverageNow();
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const report = await runFaultsBench({ ...parsed, log });
  const lines = [
    `faults: ${parsed.apiClients} Text Chat API clients (Idempotency-Key) and ${parsed.visitors} visitors` +
      ` (${report.publicIdempotencyKey ? 'with' : 'without'} Idempotency-Key), LLM ${parsed.llmMs} ms, ${parsed.runtime};` +
      ` steady ${report.baselinePerSecond.toFixed(1)} turns/s`,
    '',
    formatRows(report.rows, false),
    '',
    `messages never answered 2xx (given up): ${report.unanswered.length}`,
    ...report.unanswered
      .slice(0, 10)
      .map((m) => `  during ${m.fault}: ${m.kind} client ${m.client}, "${m.content}": ${m.gaveUp}; attempts: ${m.outcomes.join(' → ')}`),
    ...report.unexpectedExits.map((e) => `${e.process} exited by itself during ${e.fault} (at ${(e.atMs / 1000).toFixed(1)} s) and was started again`),
    ...(report.findings.length > 0 ? ['', formatFindings(report)] : []),
    '',
    report.verdict.pass ? 'PASS nothing lost, duplicated or hung' : `FAIL ${report.verdict.reasons.join('; ')}`,
    '',
    formatRows(report.rows, true),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  const file = await writeResult('faults', fileStamp(), { ...report, machine: machineInfo(loadAverage) });
  log(`results: ${file}`);
  if (!report.verdict.pass) {
    process.stderr.write(`faults: ${report.verdict.reasons.join('; ')}\n`);
    process.exitCode = 1;
  }
}
