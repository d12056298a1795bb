import { parseArgs } from 'node:util';
import { createParleyClient } from '@parley/client';
import type { TestRun } from '@parley/contracts';
import { DEFAULT_URL } from './options.js';

/** `parley test`: runs an agent's tests on a version (docs/evaluations.md "From the command line"). */
export const TEST_USAGE = `Usage: parley test --agent <name> --agent-version <n> [--url <base>] [--timeout <seconds>]

Runs every test of the agent on the version, prints each failure, and exits 1 if any test failed.

Options:
  -a, --agent <name>         the agent's name (required)
      --agent-version <n>    the version to test, a draft included (required)
      --url <base>           API base URL (default: $PARLEY_URL or ${DEFAULT_URL})
      --timeout <seconds>    how long to wait for the run (default: 600)
  -h, --help                 show this help

Environment:
  PARLEY_API_KEY             a management key of the agent's tenant, editor or above (required)
  PARLEY_URL                 default for --url

Exit codes: 0 every test passed, 1 a test failed, 2 usage, 3 the run could not be started or read.`;

export interface TestOptions {
  agent: string;
  version: number;
  url: string;
  key: string;
  timeoutMs: number;
}

export type ParsedTestOptions = { kind: 'run'; options: TestOptions } | { kind: 'help' } | { kind: 'usage-error'; message: string };

export function parseTestOptions(argv: readonly string[], env: { PARLEY_API_KEY?: string | undefined; PARLEY_URL?: string | undefined }): ParsedTestOptions {
  let values: { agent?: string; 'agent-version'?: string; url?: string; timeout?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        agent: { type: 'string', short: 'a' },
        'agent-version': { type: 'string' },
        url: { type: 'string' },
        timeout: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    return { kind: 'usage-error', message: error instanceof Error ? (error.message.split('\n')[0] ?? error.message) : String(error) };
  }
  if (values.help) return { kind: 'help' };
  const usage = (message: string) => ({ kind: 'usage-error' as const, message });
  if (!values.agent) return usage('missing --agent <name>');
  const version = Number(values['agent-version']);
  if (values['agent-version'] === undefined) return usage('missing --agent-version <n>');
  if (!/^\d+$/.test(values['agent-version']) || !Number.isSafeInteger(version) || version < 1) {
    return usage(`--agent-version must be a whole number of at least 1, got "${values['agent-version']}"`);
  }
  const timeout = values.timeout === undefined ? 600 : Number(values.timeout);
  if (!Number.isFinite(timeout) || timeout <= 0) return usage(`--timeout must be a number of seconds, got "${values.timeout}"`);
  const url = values.url ?? (env.PARLEY_URL || DEFAULT_URL);
  if (!/^https?:\/\/[^\s]+$/i.test(url)) return usage(`${values.url === undefined ? 'PARLEY_URL' : '--url'} must be an http(s) URL, got "${url}"`);
  const key = env.PARLEY_API_KEY?.trim();
  if (!key) return usage('PARLEY_API_KEY is not set: export a management key of the agent’s tenant');
  return { kind: 'run', options: { agent: values.agent, version, url, key, timeoutMs: timeout * 1000 } };
}

interface Output {
  write(text: string): void;
}

/** Starts the run, waits for it, prints each failure; the exit code. */
export async function runTests(options: TestOptions, out: Output, err: Output, pollMs = 500): Promise<number> {
  const client = createParleyClient({ baseUrl: options.url, auth: { kind: 'key', key: options.key }, timeoutMs: 30_000 });
  const name = options.agent;
  let run: TestRun;
  try {
    const started = await client.POST('/api/agents/{name}/versions/{version}/test-runs', { path: { name, version: options.version } });
    out.write(`Running the tests of ${name} on version ${options.version} (run ${started.id})…\n`);
    const deadline = Date.now() + options.timeoutMs;
    for (;;) {
      run = await client.GET('/api/agents/{name}/test-runs/{id}', { path: { name, id: started.id } });
      if (run.status !== 'running') break;
      if (Date.now() > deadline) {
        err.write(`parley: the run ${started.id} had not finished after ${options.timeoutMs / 1000} s\n`);
        return 3;
      }
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
  } catch (error) {
    err.write(`parley: ${error instanceof Error ? error.message : String(error)}\n`);
    return 3;
  }
  for (const result of run.results) {
    out.write(`${result.passed ? 'PASS' : 'FAIL'} ${result.name}\n`);
    for (const turn of result.turns) for (const failure of turn.failures) out.write(`     ${failure}\n`);
  }
  out.write(`${run.passed} passed, ${run.failed} failed (${run.duration_ms ?? 0} ms)\n`);
  return run.failed > 0 || run.status === 'failed' ? 1 : 0;
}
