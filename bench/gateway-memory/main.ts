import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createLogger } from '@parley/logger';
import { collectGarbage, evaluateIn, inspectorUrl } from '../common/inspector.js';
import { startRealStack } from '../common/real-stack.js';
import { repoRoot } from '../common/stack.js';
import { fuzzTarget, sendFuzz } from './fuzz-traffic.js';

export const USAGE = `npm run bench -- gateway-memory [options]

The gateway's heap under a fuzzer (the real stack: gateway, links, sessions, agent-runner as
processes on this machine's PostgreSQL, NATS and Redis): every route of the OpenAPI document
sent malformed JSON, bad strings and numbers in each field, bad path values, query strings and
methods, and raw requests the HTTP parser refuses, the same pass again and again. The heap is
read after a full collection (asked through the gateway's inspector) before any request, after
the first pass (warm-up: compiled code, caches filled) and after the last: what stays is what
the gateway keeps of requests it has answered.

  --passes <n>        passes after the warm-up one (default 5)
  --snapshots <dir>   also write a heap snapshot after the warm-up and after the last pass there
  --runtime bundle|tsx  (default tsx)
  --help

Target: the heap after the last pass within 4 MiB of the heap after the warm-up (a leak of
300 bytes a request is 4 MiB in 14,000 requests), no 500 and every request answered (the
stack runs no memory service: the privacy routes' 503s are expected).`;

/** One address sends everything: the limits per address would refuse most of it. */
const RAISED_LIMITS = {
  PUBLIC_RATE_LIMIT_PER_IP_PER_MINUTE: '100000000',
  PUBLIC_RATE_LIMIT_PER_SESSION_PER_MINUTE: '100000000',
  MANAGEMENT_RATE_LIMIT_PER_MINUTE: '100000000',
  NOT_FOUND_RATE_LIMIT_PER_MINUTE: '100000000',
};

export const TARGET_GROWTH_BYTES = 4 * 1024 * 1024;

/**
 * Requests answered 500 or not at all. A 503 is no fault here: the bench stack runs no memory
 * service, so privacy routes that ask it answer `unavailable`, as they should.
 */
export function faults(statuses: Record<number, number>): number {
  return (statuses[500] ?? 0) + (statuses[0] ?? 0);
}

export interface GatewayMemoryResult {
  requestsPerPass: number;
  passes: number;
  /** Heap used after a full collection: before any fuzzed request, after the warm-up pass and after the last one. */
  heapAtStartBytes: number;
  heapAfterWarmUpBytes: number;
  heapAfterBytes: number;
  /** After each pass (the warm-up first). */
  heapByPassBytes: number[];
  growthBytes: number;
  bytesPerRequest: number;
  rssAtStartBytes: number;
  rssAfterWarmUpBytes: number;
  rssAfterBytes: number;
  /** How the requests were answered, by status (0: no answer). */
  statuses: Record<number, number>;
}

export async function runGatewayMemoryBench(options: {
  passes: number;
  runtime: 'bundle' | 'tsx';
  snapshotDir?: string | undefined;
  log: (line: string) => void;
}): Promise<GatewayMemoryResult> {
  const logger = createLogger({ service: 'bench', level: 'silent' });
  const stack = await startRealStack({
    runtime: options.runtime,
    sessionsReplicas: 1,
    log: options.log,
    logger,
    inspectGateway: true,
    gatewayEnv: RAISED_LIMITS,
  });
  try {
    const gateway = stack.processes.find((p) => p.name === 'gateway');
    if (!gateway) throw new Error('no gateway process');
    // Read now: the gateway's logs of the fuzzed requests push the line out of its kept output.
    await inspectorUrl(gateway);
    const { requests, credentials } = await fuzzTarget(stack, 'gateway-memory bench');
    const statuses: Record<number, number> = {};
    const measure = async (label: string) => {
      await collectGarbage(gateway);
      await collectGarbage(gateway);
      const usage = await evaluateIn<{ heapUsed: number; rss: number; external: number }>(gateway, 'process.memoryUsage()');
      if (options.snapshotDir) {
        const file = join(options.snapshotDir, `gateway-${label}.heapsnapshot`);
        await evaluateIn(gateway, `process.getBuiltinModule('v8').writeHeapSnapshot(${JSON.stringify(file)})`);
        options.log(`heap snapshot: ${file}`);
      }
      return usage;
    };
    const atStart = await measure('start');
    options.log(`before any fuzzed request: heap ${(atStart.heapUsed / 2 ** 20).toFixed(1)} MiB, RSS ${(atStart.rss / 2 ** 20).toFixed(1)} MiB`);
    const heapByPass: number[] = [];
    let warmUp = { heapUsed: 0, rss: 0, external: 0 };
    let last = warmUp;
    for (let pass = 0; pass <= options.passes; pass++) {
      const started = Date.now();
      for (const [status, count] of Object.entries(await sendFuzz(stack.url, requests, credentials)))
        statuses[Number(status)] = (statuses[Number(status)] ?? 0) + count;
      stack.assertRunning();
      last = await measure(pass === 0 ? 'warm-up' : pass === options.passes ? 'last' : `pass-${pass}`);
      if (pass === 0) warmUp = last;
      heapByPass.push(last.heapUsed);
      options.log(
        `${pass === 0 ? 'warm-up' : `pass ${pass}`}: ${requests.length} requests in ${Date.now() - started} ms, heap ${(last.heapUsed / 2 ** 20).toFixed(1)} MiB, external ${(last.external / 2 ** 20).toFixed(1)} MiB, RSS ${(last.rss / 2 ** 20).toFixed(1)} MiB`,
      );
    }
    const growth = last.heapUsed - warmUp.heapUsed;
    return {
      requestsPerPass: requests.length,
      passes: options.passes,
      heapAtStartBytes: atStart.heapUsed,
      heapAfterWarmUpBytes: warmUp.heapUsed,
      heapAfterBytes: last.heapUsed,
      heapByPassBytes: heapByPass,
      growthBytes: growth,
      bytesPerRequest: growth / Math.max(1, requests.length * options.passes),
      rssAtStartBytes: atStart.rss,
      rssAfterWarmUpBytes: warmUp.rss,
      rssAfterBytes: last.rss,
      statuses,
    };
  } finally {
    await stack.stop();
  }
}

export async function main(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: { passes: { type: 'string' }, snapshots: { type: 'string' }, runtime: { type: 'string' }, help: { type: 'boolean' } },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const passes = Number(values.passes ?? '5');
  if (!Number.isInteger(passes) || passes < 1) throw new Error(`--passes takes a whole number ≥ 1, got "${values.passes}"`);
  const runtime = values.runtime === 'bundle' ? 'bundle' : 'tsx';
  if (values.snapshots) await mkdir(values.snapshots, { recursive: true });
  const result = await runGatewayMemoryBench({ passes, runtime, snapshotDir: values.snapshots, log: (line) => process.stderr.write(`${line}\n`) });
  const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
  const ok = result.growthBytes <= TARGET_GROWTH_BYTES && faults(result.statuses) === 0;
  process.stdout.write(
    [
      `gateway memory: ${result.passes} passes of ${result.requestsPerPass} fuzzed requests after a warm-up pass`,
      `heap after a full collection ${mib(result.heapAtStartBytes)} at start, ${mib(result.heapAfterWarmUpBytes)} → ${mib(result.heapAfterBytes)} (${result.growthBytes >= 0 ? '+' : ''}${(result.growthBytes / 1024).toFixed(0)} KiB, ${result.bytesPerRequest.toFixed(1)} bytes a request); RSS ${mib(result.rssAtStartBytes)}, ${mib(result.rssAfterWarmUpBytes)} → ${mib(result.rssAfterBytes)}`,
      `statuses: ${JSON.stringify(result.statuses)}`,
      `[${ok ? 'PASS' : 'FAIL'} heap growth ≤ 4 MiB, no 500, every request answered]`,
      '',
    ].join('\n'),
  );
  const dir = join(repoRoot, 'bench', 'results');
  await mkdir(dir, { recursive: true });
  await writeFile(
    join(dir, `gateway-memory-${new Date().toISOString().replaceAll(':', '-').replaceAll('.', '-')}.json`),
    `${JSON.stringify(result, null, 2)}\n`,
  );
}
