import { parseArgs } from 'node:util';
import { fileStamp, parseRuntime, positiveNumber, writeResult } from '../common/cli.js';
import { runSoakBench, type SoakReport } from './bench.js';
import { FLAT_BOUND, formatSamples, formatVerdicts, WARM_UP_SHARE } from './memory.js';

export const USAGE = `npm run bench -- soak [options]

Mixed load on the real stack (gateway, links, sessions, agent-runner as processes on this
machine's PostgreSQL, NATS and Redis, each with its inspector on loopback; the LLM agent answered
by the fake LLM server in a process of its own) for a set time at a set rate, and each process's
memory over time:

- Text Chat API clients: signed messages, each with an Idempotency-Key (one per conversation
  sent again: the first answer back, no second turn), 10 to a conversation, then a new one;
- visitors of a public link: a session, its live event stream open (every message sent must
  come on it), 5 messages each with an Idempotency-Key, the second with a small image uploaded
  first; every tenth visitor asks for a person after its first message instead;
- an operator: the inbox's event stream open all along, each escalation it announces claimed,
  answered and closed (the visitor waits for the answer and the end on its stream);
- fuzzed requests (gateway-memory's fuzzer, on a tenant of its own), round and round.
Half the turns are the Text Chat API's, half the visitors'; fuzzed requests come at half the
turns' rate. Every --sample-seconds, and once before the load, each service process's RSS is
read from /proc (as it runs) and its heap after two full collections through its inspector.

  --minutes <m>          how long the load runs (default 30)
  --rate <n>             turns per second (default: half the capacity)
  --capacity <n>         the stack's capacity in turns per second, to take half of; without it
                         (and without --rate) it is measured first: Text Chat API turns of the
                         same agent, 32 in a closed loop, 5 s warm-up + 15 s measured
  --sample-seconds <s>   between memory readings (default 30)
  --runtime bundle|tsx   tsdown bundles (default, what ships) or TypeScript via tsx
  --help

Verdict: "flat after warm-up" – per process, the heap's growth from the first sample after the
warm-up (${Math.round(WARM_UP_SHARE * 100)} % of the run) to the last within ${FLAT_BOUND.bytes / 2 ** 20} MiB or ${FLAT_BOUND.share * 100} % of the heap then, whichever is
larger. Errors are counted apart: any answer but the expected one to the bench's own requests, a
message its stream did not carry, an escalation not answered within 15 s, and 5xx or no answer
to a fuzzed request (their 4xx are expected). Results: tables on stdout, and
bench/results/soak-<timestamp>.json.`;

export interface CliOptions {
  minutes: number;
  rate?: number | undefined;
  capacity?: number | undefined;
  sampleSeconds: number;
  runtime: 'bundle' | 'tsx';
}

export function parseOptions(args: string[]): CliOptions | 'help' {
  const { values } = parseArgs({
    args,
    options: {
      minutes: { type: 'string', default: '30' },
      rate: { type: 'string' },
      capacity: { type: 'string' },
      'sample-seconds': { type: 'string', default: '30' },
      runtime: { type: 'string', default: 'bundle' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return 'help';
  const minutes = positiveNumber('--minutes', values.minutes);
  const sampleSeconds = positiveNumber('--sample-seconds', values['sample-seconds']);
  // The verdict compares a sample after the warm-up with a later one.
  if (sampleSeconds > minutes * 60 * (1 - WARM_UP_SHARE)) {
    throw new Error(`--sample-seconds ${sampleSeconds} leaves no sample between the warm-up and the end of ${minutes} min`);
  }
  return {
    minutes,
    rate: values.rate === undefined ? undefined : positiveNumber('--rate', values.rate),
    capacity: values.capacity === undefined ? undefined : positiveNumber('--capacity', values.capacity),
    sampleSeconds,
    runtime: parseRuntime(values.runtime),
  };
}

const whole = (n: number) => Math.round(n).toLocaleString('en-US');
const ms = (n: number) => (Number.isNaN(n) ? '–' : n.toFixed(1));
const counts = (record: Record<string, number>) =>
  Object.entries(record)
    .map(([kind, n]) => `${kind}: ${whole(n)}`)
    .join(', ') || 'none';

/** The stdout report: what ran, the traffic and its errors, each process's samples, the verdicts. */
export function formatSoak(report: SoakReport, file: string): string {
  const { machine, traffic, latencyMs, errors } = report;
  const runS = report.options.minutes * 60;
  const capacity = report.capacity ? `half the ${report.capacity.source} capacity of ${report.capacity.turnsPerSecond.toFixed(1)} turns/s` : 'the rate given';
  return [
    '',
    `soak: ${report.options.minutes} min at ${report.rate.turnsPerSecond.toFixed(1)} turns/s (${capacity}); ` +
      `${machine.cpus} × ${machine.cpuModel}, node ${machine.node}, load average at start ${machine.loadAverageAtStart.join(' ')}`,
    `  ${report.stack}`,
    '',
    `traffic over ${report.durationS.toFixed(0)} s: ${whole(traffic.turns)} turns (${whole(traffic.apiTurns)} Text Chat API, ${whole(traffic.publicTurns)} visitors'), ` +
      `${traffic.turnsPerSecond.toFixed(1)} turns/s; ${whole(traffic.requests.upload ?? 0)} files uploaded, ${whole(traffic.escalationsAnswered)} escalations answered, ` +
      `${whole(traffic.fuzzRequests)} fuzzed requests; ${whole(traffic.missedSlots)} slots missed (every worker busy)`,
    `requests: ${counts(traffic.requests)}`,
    `latency ms (p50 / p99 / max): Text Chat API turn ${ms(latencyMs.apiTurn.p50)} / ${ms(latencyMs.apiTurn.p99)} / ${ms(latencyMs.apiTurn.max)}; ` +
      `visitor's turn ${ms(latencyMs.publicTurn.p50)} / ${ms(latencyMs.publicTurn.p99)} / ${ms(latencyMs.publicTurn.max)}; ` +
      `escalation to the operator's answer on the stream ${ms(latencyMs.escalation.p50)} / ${ms(latencyMs.escalation.p99)} / ${ms(latencyMs.escalation.max)}`,
    `errors: ${whole(errors.total)} (5xx: ${whole(errors.serverErrors)}, timeouts: ${whole(errors.timeouts)})${errors.total > 0 ? ` – ${counts(errors.byKind)}` : ''}`,
    `fuzzed requests by status: ${counts(report.fuzzStatuses)}`,
    '',
    'Memory per process (RSS as it runs; heap and external memory after two full collections):',
    ...report.processes.flatMap((service) => ['', service.name, formatSamples(service.samples, runS)]),
    '',
    `Flat after warm-up: the heap's growth from the first sample after ${Math.round(WARM_UP_SHARE * 100)} % of the run to the last, within ${FLAT_BOUND.bytes / 2 ** 20} MiB or ${FLAT_BOUND.share * 100} % of it:`,
    formatVerdicts(report.verdicts),
    '',
    `[${report.flat ? 'PASS' : 'FAIL'} every process flat after warm-up]  [${errors.total === 0 ? 'PASS' : 'FAIL'} no errors]`,
    '',
    `Written to ${file}`,
    '',
  ].join('\n');
}

export async function main(args: string[]): Promise<void> {
  const options = parseOptions(args);
  if (options === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const stamp = fileStamp();
  const report = await runSoakBench({ ...options, log: (line) => process.stderr.write(`${line}\n`) });
  const file = await writeResult('soak', stamp, report);
  process.stdout.write(formatSoak(report, file));
}
