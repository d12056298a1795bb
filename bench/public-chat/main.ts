import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fileStamp, parseConcurrency, parseModes, parseRuntime, positiveNumber, RESULTS_DIR, writeResult } from '../common/cli.js';
import { formatReport } from '../common/report.js';
import { PROTECTIONS, type Protections, type PublicChatOptions, runPublicChatBench } from './bench.js';

export const USAGE = `npm run bench -- public-chat [options]

Turns per second and latency per turn of public chat (POST /api/public/chat/{token} with the
visitor's session credential) through the whole stack, for a static-text agent (no LLM), with
the link's limits and quotas on (set, but too high to be reached) and the gateway's per-address,
per-session and per-email limits raised (still counted on every message).

  --mode real|one-process|both   which stack (default both), as in chat-api
  --duration <s>                 measured seconds per level (default 5)
  --warmup <s>                   warm-up seconds before each measurement (default 1.5)
  --concurrency <n,n,…>          concurrent visitors, one session and closed-loop worker each (default 1,16,64)
  --runtime bundle|tsx           real mode: tsdown bundles (default, what ships) or TypeScript via tsx
  --protections <l,l,…>          the link's protections per run: off, on (personal data redacted,
                                 block patterns, prompt-injection rules, a country deny list, token
                                 budgets, the global ceiling), moderation (on, with moderation
                                 flagging through the fake LLM's /moderations); default off. With
                                 any but off, every message carries an email and a phone number.
  --cpu-prof                     CPU-profile every service process (measured windows only) and
                                 summarise where the time goes, as in chat-api
  --perf-map                     start the service processes with --perf-basic-prof, for Linux
                                 perf, as in chat-api
  --help

Servers: DATABASE_URL (server-level; a database parley_bench_<id> is created and dropped),
NATS_URL, REDIS_URL; defaults are 127.0.0.1 with the standard ports.
Results: a table on stdout (plus Markdown), and bench/results/public-chat-<timestamp>.json.`;

export type CliOptions = Omit<PublicChatOptions, 'log' | 'profileDir'> & { cpuProfile: boolean };

export function parseOptions(args: string[]): CliOptions | 'help' {
  const { values } = parseArgs({
    args,
    options: {
      mode: { type: 'string', default: 'both' },
      duration: { type: 'string', default: '5' },
      warmup: { type: 'string', default: '1.5' },
      concurrency: { type: 'string', default: '1,16,64' },
      runtime: { type: 'string', default: 'bundle' },
      protections: { type: 'string', default: 'off' },
      'cpu-prof': { type: 'boolean', default: false },
      'perf-map': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) return 'help';
  return {
    modes: parseModes(values.mode),
    runtime: parseRuntime(values.runtime),
    durationS: positiveNumber('--duration', values.duration),
    warmupS: values.warmup === '0' ? 0 : positiveNumber('--warmup', values.warmup),
    concurrency: parseConcurrency(values.concurrency),
    protections: parseProtections(values.protections),
    cpuProfile: values['cpu-prof'],
    perfMap: values['perf-map'],
  };
}

function parseProtections(value: string): Protections[] {
  const levels = value.split(',').map((level) => level.trim());
  const unknown = levels.filter((level) => !(PROTECTIONS as readonly string[]).includes(level));
  if (unknown.length > 0 || levels.length === 0) throw new Error(`--protections takes ${PROTECTIONS.join(', ')} (comma-separated), not ${value}`);
  return levels as Protections[];
}

export async function main(args: string[]): Promise<void> {
  const parsed = parseOptions(args);
  if (parsed === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const stamp = fileStamp();
  const { cpuProfile, ...options } = parsed;
  const profileDir = cpuProfile ? join(RESULTS_DIR, `profiles-${stamp}`) : undefined;
  const report = await runPublicChatBench({ ...options, profileDir, log: (line) => process.stderr.write(`${line}\n`) });
  const file = await writeResult('public-chat', stamp, report);

  const { link } = report;
  const out = formatReport({
    ...report,
    title: 'Public chat, static-text agent',
    extraLines: [
      `  link: max_sessions ${link.max_sessions}, max_messages_per_session ${link.max_messages_per_session}, rate_limit_per_minute ${link.rate_limit_per_minute} (a fresh link per level)`,
    ],
    file,
  });
  process.stdout.write(out);
}
