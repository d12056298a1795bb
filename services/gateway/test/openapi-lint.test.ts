import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayHarness, startGatewayHarness } from './gateway-harness.js';

const root = (path: string) => fileURLToPath(new URL(`../../../${path}`, import.meta.url));
/** Redocly's CLI is one bundled file without a Node API: it runs as a process and reports JSON. */
const REDOCLY = root('node_modules/@redocly/cli/bin/cli.js');
const CONFIG = root('redocly.yaml');

interface Problem {
  ruleId: string;
  severity: 'error' | 'warn';
  message: string;
  location: Array<{ pointer?: string }>;
}

/** The warnings the document keeps, each where it is and why it is not a fault. */
const EXPLAINED: Array<{ rule: string; pointer: string; why: string }> = [
  {
    rule: 'no-ambiguous-paths',
    pointer: '#/paths/~1api~1visitors~1users~1{user_id}',
    why: '/api/visitors/{email}/export is GET only and /api/visitors/users/{user_id} DELETE only: no request matches both, and an email has an @',
  },
  {
    rule: 'no-ambiguous-paths',
    pointer: '#/paths/~1api~1visitors~1phones~1{phone}',
    why: '/api/visitors/{email}/export is GET only and /api/visitors/phones/{phone} DELETE only: no request matches both, and an email has an @',
  },
  {
    rule: 'operation-2xx-response',
    pointer: '#/paths/~1api~1public~1ws~1{token}/get/responses',
    why: "the widget's WebSocket answers 101 Switching Protocols when it upgrades, never a 2xx",
  },
];

const explained = (problem: Problem) =>
  problem.severity === 'warn' && EXPLAINED.some((entry) => entry.rule === problem.ruleId && problem.location.some((at) => at.pointer === entry.pointer));

/** Lints a document with the repository's redocly.yaml; the CLI exits non-zero on errors, its report is the same. */
async function lint(file: string): Promise<Problem[]> {
  const args = [REDOCLY, 'lint', file, '--format=json', `--config=${CONFIG}`];
  // No telemetry and no update check: tests do not reach the network.
  const env = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' };
  const stdout = await promisify(execFile)(process.execPath, args, { env, maxBuffer: 64 * 1024 * 1024 })
    .then((result) => result.stdout)
    .catch((error: { stdout?: string }) => error.stdout ?? '');
  const report = JSON.parse(stdout) as { problems: Problem[] };
  return report.problems;
}

const describeProblem = (problem: Problem) => `${problem.severity} ${problem.ruleId} at ${problem.location[0]?.pointer}: ${problem.message}`;

describe('the OpenAPI document, linted by redocly', () => {
  let h: GatewayHarness;
  let dir: string;
  let spec: any;

  beforeAll(async () => {
    h = await startGatewayHarness();
    spec = (await h.inject({ method: 'GET', url: '/openapi.json' })).body;
    dir = await mkdtemp(join(tmpdir(), 'parley-openapi-'));
  });
  afterAll(async () => {
    await h?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('has no error and no warning but the explained ones', async () => {
    const file = join(dir, 'openapi.json');
    await writeFile(file, JSON.stringify(spec));
    const problems = await lint(file);
    expect(problems.filter((problem) => !explained(problem)).map(describeProblem)).toEqual([]);
    // An explanation whose warning is gone goes too.
    const stale = EXPLAINED.filter(
      (entry) => !problems.some((problem) => problem.ruleId === entry.rule && problem.location.some((at) => at.pointer === entry.pointer)),
    );
    expect(stale).toEqual([]);
  });

  it('fails a document that breaks the rules: the lint can fail', async () => {
    const broken = structuredClone(spec);
    const [path, item] = Object.entries(broken.paths as Record<string, Record<string, any>>)[0] as [string, Record<string, any>];
    const [method, operation] = Object.entries(item)[0] as [string, any];
    delete operation.operationId;
    operation.tags = ['Not declared'];
    const file = join(dir, 'broken.json');
    await writeFile(file, JSON.stringify(broken));
    const problems = (await lint(file)).filter((problem) => problem.severity === 'error');
    const at = `#/paths/${path.replaceAll('/', '~1')}/${method}`;
    expect(problems.map((problem) => problem.ruleId)).toEqual(expect.arrayContaining(['operation-operationId', 'operation-tag-defined']));
    expect(problems.every((problem) => problem.location[0]?.pointer?.startsWith(at))).toBe(true);
  });
});
