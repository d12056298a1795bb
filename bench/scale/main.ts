import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { signRequest } from '@parley/auth';
import { connectPlatformBus } from '@parley/bus';
import { createLogger } from '@parley/logger';
import { greetThenAskLlmAgent, startFakeLlm } from '@parley/testing';
import { fileStamp, parseRuntime, positiveNumber, writeResult } from '../common/cli.js';
import { closedLoop, type Measurement, overHttp } from '../common/closed-loop.js';
import { LeanHttpClient } from '../common/lean-http.js';
import { formatColumns, formatMarkdownColumns, loadAverageNow, machineInfo } from '../common/report.js';
import type { Runtime } from '../common/stack.js';
import { type ScaleProcess, ScaleStack } from './stack.js';

export const USAGE = `npm run bench -- scale [options]

How turns/s grows with the number of agent-runner processes. Gateway, links and sessions stay
fixed; 1, 2 and 4 runners with RUNNER_MAX_IN_FLIGHT=8 take turns (from the queue once it holds
any); an LLM that answers every request after 1 s (so the runners' capacity, not this machine's
CPU, is what limits); 48 concurrent sessions in closed loops. Then the same with 2 gateways and
2 sessions processes.

  --runners <n,n,…>        runner counts to step through (default 1,2,4)
  --sessions <n>           concurrent sessions (default 48)
  --max-in-flight <n>      RUNNER_MAX_IN_FLIGHT of each runner (default 8)
  --llm-ms <ms>            how long the fake LLM takes per answer (default 1000)
  --warmup <s>             seconds before each measured window (default 8: one full cycle of the queue)
  --duration <s>           measured seconds per step (default 15)
  --layouts <a,b>          single (1 gateway, 1 sessions) and/or double (2 of each) (default single,double)
  --runtime bundle|tsx     tsdown bundles (default, what ships) or TypeScript via tsx
  --help

Servers: DATABASE_URL, NATS_URL, REDIS_URL (127.0.0.1 and the standard ports by default).
Results: a table on stdout (plus Markdown), and bench/results/scale-<timestamp>.json.`;

const REPLY = 'Noted.';

/** A static greeting, then every message answered by the LLM. */
const agentConfig = greetThenAskLlmAgent('Hello.', 'bench-model');

export interface Step {
  layout: string;
  runners: number;
  measurement: Measurement;
  /** Sampled every 250 ms through the window. */
  queueDepth: { mean: number; max: number };
  /** What the runners' parley_turn_queue_wait_seconds saw in the window. */
  queueWaitMs: { mean: number };
}

function signed(secret: string, method: 'POST', path: string, payload: unknown) {
  const body = JSON.stringify(payload);
  return { method, path, body, headers: { 'content-type': 'application/json', ...signRequest(secret, method, path, body, Date.now(), { fractional: true }) } };
}

async function admin(url: string, key: string, path: string, payload: unknown, tenantId?: string): Promise<any> {
  const response = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...(tenantId ? { 'x-tenant-id': tenantId } : {}) },
    body: JSON.stringify(payload),
  });
  const body = await response.json();
  if (response.status !== 201) throw new Error(`${path}: ${response.status} ${JSON.stringify(body)}`);
  return body;
}

/** Sum of a metric's series (optionally one suffix: _sum, _count) across processes. */
async function metricSum(processes: ScaleProcess[], name: string): Promise<number> {
  let total = 0;
  for (const p of processes) {
    const text = await (await fetch(`${p.healthUrl}/metrics`)).text();
    for (const line of text.split('\n')) {
      if (line.startsWith(`${name} `) || line.startsWith(`${name}{`)) total += Number(line.slice(line.lastIndexOf(' ') + 1));
    }
  }
  return total;
}

async function runLayout(
  layout: 'single' | 'double',
  options: { runners: number[]; sessions: number; maxInFlight: number; warmupMs: number; durationMs: number; runtime: Runtime; llmUrl: string },
  log: (line: string) => void,
): Promise<Step[]> {
  const logger = createLogger({ service: 'bench-scale', level: 'warn' });
  const stack = await ScaleStack.create({
    runtime: options.runtime,
    logger,
    log,
    runnerEnv: { RUNNER_MAX_IN_FLIGHT: String(options.maxInFlight), OPENAI_BASE_URL: options.llmUrl, OPENAI_API_KEY: 'bench', LLM_MAX_RETRIES: '0' },
  });
  const pools: LeanHttpClient[] = [];
  const bus = await connectPlatformBus({ natsUrl: stack.natsUrl, namespace: stack.namespace, logger, name: 'bench-scale' });
  try {
    const replicas = layout === 'double' ? 2 : 1;
    log(`${layout}: starting ${replicas} gateway(s), ${replicas} sessions, 1 links`);
    await stack.add('links');
    await stack.add('sessions', replicas);
    await stack.add('gateway', replicas);
    const gateways = stack.gateways.map((g) => g.publicUrl ?? '');
    const first = gateways[0] ?? '';
    const tenant = await admin(first, stack.adminApiKey, '/api/tenants', { name: 'scale' });
    const agent = await admin(first, stack.adminApiKey, '/api/agents', { name: 'llm', config: agentConfig }, tenant.id);

    // Each session's turns go to one gateway, the sessions spread evenly over the gateways.
    for (const url of gateways) pools.push(new LeanHttpClient(url, Math.ceil(options.sessions / gateways.length)));
    const steps: Step[] = [];
    let sessionIds: string[] = [];
    for (const runners of options.runners) {
      const more = runners - stack.runners().length;
      if (more > 0) {
        log(`${layout}: ${runners} runner(s)`);
        await stack.add('agent-runner', more);
      }
      if (sessionIds.length === 0) {
        sessionIds = await Promise.all(
          Array.from({ length: options.sessions }, async (_, i) => {
            const pool = pools[i % pools.length] as LeanHttpClient;
            const response = await pool.request(
              signed(stack.chatApiSecret, 'POST', '/api/chat/sessions', { tenant_id: tenant.id, agent_id: agent.id, metadata: { i } }),
            );
            const body = JSON.parse(response.text) as { session_id: string };
            if (response.statusCode !== 201) throw new Error(`session: ${response.statusCode} ${JSON.stringify(body)}`);
            return body.session_id;
          }),
        );
      }
      const depths: number[] = [];
      let sampling = false;
      let waitSum = 0;
      let waitCount = 0;
      const sampler = (async () => {
        while (sampling || depths.length === 0) {
          if (sampling) depths.push((await bus.queueStats('runner.turn')).waiting);
          await sleep(250);
          if (!sampling && depths.length > 0) break;
        }
      })();
      const workers = sessionIds.map((sessionId, i) => {
        const pool = pools[i % pools.length] as LeanHttpClient;
        return (sequence: number) =>
          overHttp(
            pool,
            signed(stack.chatApiSecret, 'POST', `/api/chat/sessions/${sessionId}/messages`, { content: `step ${runners} worker ${i} message ${sequence}` }),
            (text) => text.includes(REPLY),
          );
      });
      let windowStart: Promise<[number, number]> | undefined;
      let windowEnd: Promise<[number, number]> | undefined;
      const waits = () =>
        Promise.all([metricSum(stack.runners(), 'parley_turn_queue_wait_seconds_sum'), metricSum(stack.runners(), 'parley_turn_queue_wait_seconds_count')]);
      const measurement = await closedLoop({
        workers,
        warmupMs: options.warmupMs,
        durationMs: options.durationMs,
        onWindowStart: () => {
          sampling = true;
          windowStart = waits();
        },
        onWindowEnd: () => {
          sampling = false;
          windowEnd = waits();
        },
      });
      await sampler;
      const [startSum, startCount] = (await windowStart) ?? [0, 0];
      const [endSum, endCount] = (await windowEnd) ?? [0, 0];
      waitSum = endSum - startSum;
      waitCount = endCount - startCount;
      stack.assertRunning();
      const step: Step = {
        layout,
        runners,
        measurement,
        queueDepth: { mean: depths.reduce((a, b) => a + b, 0) / Math.max(1, depths.length), max: Math.max(0, ...depths) },
        queueWaitMs: { mean: waitCount > 0 ? (waitSum / waitCount) * 1000 : 0 },
      };
      steps.push(step);
      log(
        `${layout} ${runners} runner(s): ${measurement.perSecond.toFixed(1)} turns/s, p50 ${measurement.latencyMs.p50.toFixed(0)} ms, ` +
          `queue depth ${step.queueDepth.mean.toFixed(1)} (max ${step.queueDepth.max}), wait ${step.queueWaitMs.mean.toFixed(0)} ms, ${measurement.errors} failed` +
          (measurement.errors > 0 ? ` (${JSON.stringify(measurement.errorKinds)})` : ''),
      );
    }
    return steps;
  } finally {
    await Promise.all(pools.map((pool) => pool.close()));
    await bus.drain();
    await stack.stop();
  }
}

function table(steps: Step[], markdown: boolean): string {
  const base = new Map<string, number>();
  for (const step of steps)
    if (step.runners === Math.min(...steps.filter((s) => s.layout === step.layout).map((s) => s.runners))) base.set(step.layout, step.measurement.perSecond);
  const header = ['layout', 'runners', 'turns/s', 'vs first', 'p50 ms', 'p99 ms', 'queue depth', 'max depth', 'queue wait ms', 'failed'];
  const body = steps.map((s) => [
    s.layout,
    String(s.runners),
    s.measurement.perSecond.toFixed(1),
    `${(s.measurement.perSecond / (base.get(s.layout) ?? 1)).toFixed(2)}×`,
    s.measurement.latencyMs.p50.toFixed(0),
    s.measurement.latencyMs.p99.toFixed(0),
    s.queueDepth.mean.toFixed(1),
    String(s.queueDepth.max),
    s.queueWaitMs.mean.toFixed(0),
    String(s.measurement.errors),
  ]);
  const numeric = new Set([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  return markdown ? formatMarkdownColumns(header, body, numeric) : formatColumns(header, body, numeric);
}

export interface ScaleOptions {
  runners: number[];
  layouts: Array<'single' | 'double'>;
  sessions: number;
  maxInFlight: number;
  llmMs: number;
  warmupMs: number;
  durationMs: number;
  runtime: Runtime;
}

/** Every step of every layout, against an LLM (in this process) that answers after `llmMs`. */
export async function runScaleBench(options: ScaleOptions, log: (line: string) => void): Promise<Step[]> {
  const llm = await startFakeLlm();
  llm.setHandler(async () => {
    await sleep(options.llmMs);
    return { content: REPLY };
  });
  const steps: Step[] = [];
  try {
    for (const layout of options.layouts) steps.push(...(await runLayout(layout, { ...options, llmUrl: llm.url }, log)));
  } finally {
    await llm.close();
  }
  return steps;
}

export async function main(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      runners: { type: 'string', default: '1,2,4' },
      sessions: { type: 'string', default: '48' },
      'max-in-flight': { type: 'string', default: '8' },
      'llm-ms': { type: 'string', default: '1000' },
      warmup: { type: 'string', default: '8' },
      duration: { type: 'string', default: '15' },
      layouts: { type: 'string', default: 'single,double' },
      runtime: { type: 'string', default: 'bundle' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const runners = values.runners.split(',').map((n) => positiveNumber('--runners', n));
  const layouts = values.layouts.split(',').map((layout): 'single' | 'double' => {
    if (layout !== 'single' && layout !== 'double') throw new Error(`--layouts takes single and/or double, got "${layout}"`);
    return layout;
  });
  const llmMs = positiveNumber('--llm-ms', values['llm-ms']);
  const loadAverage = loadAverageNow();
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const options: ScaleOptions = {
    runners,
    layouts,
    sessions: positiveNumber('--sessions', values.sessions),
    maxInFlight: positiveNumber('--max-in-flight', values['max-in-flight']),
    llmMs,
    warmupMs: positiveNumber('--warmup', values.warmup) * 1000,
    durationMs: positiveNumber('--duration', values.duration) * 1000,
    runtime: parseRuntime(values.runtime),
  };
  const steps = await runScaleBench(options, log);
  const failed = steps.reduce((total, s) => total + s.measurement.errors, 0);
  const checks = layouts.map((layout) => {
    const own = steps.filter((s) => s.layout === layout);
    const first = own[0];
    const last = own.at(-1);
    const ratio = first && last ? last.measurement.perSecond / first.measurement.perSecond : Number.NaN;
    const wanted = first && last ? 0.9 * (last.runners / first.runners) : Number.NaN;
    return `${ratio >= wanted ? 'PASS' : 'FAIL'} ${layout}: ${last?.runners} runners give ${ratio.toFixed(2)}× the turns/s of ${first?.runners} (target ≥ ${wanted.toFixed(2)}×)`;
  });
  checks.push(`${failed === 0 ? 'PASS' : 'FAIL'} failed requests: ${failed}`);
  const report = [
    `scale: ${options.sessions} sessions, RUNNER_MAX_IN_FLIGHT=${options.maxInFlight}, LLM ${options.llmMs} ms, ${options.runtime}`,
    '',
    table(steps, false),
    '',
    ...checks,
    '',
    table(steps, true),
  ].join('\n');
  process.stdout.write(`${report}\n`);
  const stamp = fileStamp();
  const file = await writeResult('scale', stamp, { options, machine: machineInfo(loadAverage), steps, checks });
  log(`results: ${file}`);
}
