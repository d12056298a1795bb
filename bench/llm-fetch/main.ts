import { parseArgs } from 'node:util';
import { fileStamp, positiveNumber, writeResult } from '../common/cli.js';
import { formatColumns, formatMarkdownColumns } from '../common/report.js';
import { runLlmFetchBench } from './bench.js';

export const USAGE = `npm run bench -- llm-fetch [options]

What one LLM call costs the caller's CPU through the openai SDK, with the fetch the agent-runner
gives it (libs/llm/src/llm-fetch.ts, undici's request API) against the runtime's global fetch.
The fake LLM server runs as a process of its own; a closed loop of calls, both variants in every
round (their order alternating), for a reply read whole and a streamed one.

  --calls <n>          calls measured per variant, shape and round (default 4000)
  --concurrency <n>    calls in flight (default 16)
  --rounds <n>         rounds (default 3); the report gives each variant's median round
  --help

Results: a table on stdout (plus Markdown), and bench/results/llm-fetch-<timestamp>.json.`;

export interface ParsedOptions {
  calls: number;
  concurrency: number;
  rounds: number;
}

export function parseOptions(args: string[]): ParsedOptions | 'help' {
  const { values } = parseArgs({
    args,
    options: {
      calls: { type: 'string', default: '4000' },
      concurrency: { type: 'string', default: '16' },
      rounds: { type: 'string', default: '3' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) return 'help';
  const whole = (flag: string, value: string) => {
    const parsed = positiveNumber(flag, value);
    if (!Number.isInteger(parsed)) throw new Error(`${flag} must be a whole number, got "${value}"`);
    return parsed;
  };
  return { calls: whole('--calls', values.calls), concurrency: whole('--concurrency', values.concurrency), rounds: whole('--rounds', values.rounds) };
}

export async function main(args: string[]): Promise<void> {
  const options = parseOptions(args);
  if (options === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const report = await runLlmFetchBench({ ...options, log: (line) => process.stderr.write(`${line}\n`) });
  const header = ['reply', 'fetch', 'CPU µs/call', 'calls/s'];
  const rows = report.medians.map((row) => [row.shape, row.variant, row.cpuUsPerCall.toFixed(0), row.callsPerSecond.toFixed(0)]);
  process.stdout.write(`\n${report.node}, ${options.calls} calls × ${options.rounds} rounds at ${options.concurrency} in flight (median round)\n`);
  process.stdout.write(`${formatColumns(header, rows)}\n\n${formatMarkdownColumns(header, rows)}\n`);
  const file = await writeResult('llm-fetch', fileStamp(), report);
  process.stdout.write(`\n${file}\n`);
}
