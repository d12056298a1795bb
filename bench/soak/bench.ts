import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { samplePng } from '@parley/uploads/test-files';
import { runLoad } from '../chat-api/load.js';
import { managementPost, seedBenchAgent } from '../common/bench-agent.js';
import { type Measurement, percentile } from '../common/closed-loop.js';
import { startFakeLlmProcess } from '../common/fake-llm-process.js';
import { inspectorUrl } from '../common/inspector.js';
import { startRealStack } from '../common/real-stack.js';
import { loadAverageNow, type MachineInfo, machineInfo } from '../common/report.js';
import type { Runtime } from '../common/stack.js';
import { quietLogger } from '../common/start-stack.js';
import { fuzzTarget } from '../gateway-memory/fuzz-traffic.js';
import { MIX, SoakLoad } from './load.js';
import { type FlatVerdict, judgeFlat, type MemorySample, readMemory } from './memory.js';

/** The capacity run: Text Chat API turns of the soak's agent in a closed loop, warm-up then measured (about 20 s). */
const CAPACITY = { concurrency: 32, warmupMs: 5_000, durationMs: 15_000 };

/**
 * One address sends everything, so every limit per address, session and credential is raised:
 * the fuzzer's unknown routes and link tokens alone would otherwise have the gateway refuse the
 * visitors (docs/api.md, "Rate limits").
 */
const RAISED_LIMITS = {
  PUBLIC_RATE_LIMIT_PER_IP_PER_MINUTE: '100000000',
  PUBLIC_RATE_LIMIT_PER_SESSION_PER_MINUTE: '100000000',
  PUBLIC_RATE_LIMIT_PER_EMAIL_PER_MINUTE: '100000000',
  PUBLIC_INVALID_TOKENS_PER_IP_PER_MINUTE: '100000000',
  MANAGEMENT_RATE_LIMIT_PER_MINUTE: '100000000',
  NOT_FOUND_RATE_LIMIT_PER_MINUTE: '100000000',
  LIVE_STREAMS_PER_SESSION: '100000000',
  LIVE_STREAMS_PER_ADDRESS: '100000000',
};

/**
 * Routes the fuzzer leaves out: the stack runs no memory service, so the visitors' export and
 * erasure and the knowledge bases answer 503 (docs/api.md), which the soak would count as the
 * platform failing.
 */
const NEEDS_MEMORY_SERVICE = /^\/api\/(visitors|knowledge)(\/|\?|$)/;

export interface SoakOptions {
  minutes: number;
  /** Turns per second; unset: half the capacity. */
  rate?: number | undefined;
  /** Turns per second the stack manages, instead of measuring it (unused when `rate` is set). */
  capacity?: number | undefined;
  sampleSeconds: number;
  runtime: Runtime;
  log: (line: string) => void;
}

interface Distribution {
  p50: number;
  p99: number;
  max: number;
}

export interface SoakReport {
  benchmark: 'soak';
  startedAt: string;
  machine: MachineInfo;
  options: { minutes: number; sampleSeconds: number; runtime: Runtime };
  stack: string;
  /** Turns per second the stack manages, given or measured (the capacity run); the rate is half of it. Unset: the rate was given. */
  capacity: { source: 'given' | 'measured'; turnsPerSecond: number; run?: Measurement } | undefined;
  rate: { turnsPerSecond: number; apiPerSecond: number; visitorsPerSecond: number; fuzzPerSecond: number };
  /** How long the load ran: from its start to the end of its drain, after the last sample. */
  durationS: number;
  traffic: {
    turns: number;
    turnsPerSecond: number;
    apiTurns: number;
    publicTurns: number;
    escalationsAnswered: number;
    fuzzRequests: number;
    /** Requests sent, by what they were. */
    requests: Record<string, number>;
    /** Slots of the rate no worker was free to take. */
    missedSlots: number;
  };
  latencyMs: { apiTurn: Distribution; publicTurn: Distribution; escalation: Distribution };
  errors: {
    total: number;
    /** Answers with a 5xx status, fuzzed requests included. */
    serverErrors: number;
    timeouts: number;
    byKind: Record<string, number>;
  };
  statuses: Record<number, number>;
  fuzzStatuses: Record<number, number>;
  processes: Array<{ name: string; samples: MemorySample[] }>;
  verdicts: FlatVerdict[];
  /** Every process flat after warm-up. */
  flat: boolean;
}

const distribution = (values: number[]): Distribution => {
  const sorted = Float64Array.from(values).sort();
  return { p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99), max: sorted.at(-1) ?? Number.NaN };
};
const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(1);

/**
 * The soak: the real stack with every service's inspector open, the fake LLM, a tenant with the
 * LLM agent and a public link that takes images, the operator's key and the fuzzer's own tenant;
 * the capacity measured if need be; then the mixed load for the run's length, each process's
 * memory read every `sampleSeconds` (and once before the load), and the verdicts.
 */
export async function runSoakBench(options: SoakOptions): Promise<SoakReport> {
  const startedAt = new Date().toISOString();
  const loadAverageAtStart = loadAverageNow();
  const uploadsDir = await mkdtemp(join(tmpdir(), 'parley-bench-soak-'));
  const fakeLlm = await startFakeLlmProcess();
  try {
    const stack = await startRealStack({
      runtime: options.runtime,
      sessionsReplicas: 1,
      log: options.log,
      logger: quietLogger(),
      inspectEveryService: true,
      gatewayEnv: RAISED_LIMITS,
      // The gateway stores the visitors' files, the agent-runner reads the images for the LLM, sessions erases them.
      serviceEnv: { UPLOADS_DIR: uploadsDir },
      llmBaseUrl: fakeLlm.url,
    });
    try {
      // Read now: the services' logs under load push the line out of their kept output.
      for (const service of stack.processes) await inspectorUrl(service);
      const agent = await seedBenchAgent(stack.url, stack.adminApiKey, 'soak bench', 'llm');
      const file = { name: 'photo.png', size: samplePng().length, head: samplePng() };
      const link = await managementPost(
        stack.url,
        stack.adminApiKey,
        `/api/agents/${agent.name}/public-links`,
        { title: 'soak bench', rate_limit_per_minute: 100_000, uploads: { enabled: true, max_bytes: 64 * 1024, types: ['image/png'] } },
        agent.tenantId,
      );
      const operatorKey = (await managementPost(stack.url, stack.adminApiKey, `/api/tenants/${agent.tenantId}/keys`, { name: 'Soak operator' })).key;
      const fuzz = await fuzzTarget(stack, 'soak fuzz');
      fuzz.requests = fuzz.requests.filter((request) => !NEEDS_MEMORY_SERVICE.test(request.url));

      let capacity: SoakReport['capacity'];
      if (options.rate === undefined && options.capacity !== undefined) capacity = { source: 'given', turnsPerSecond: options.capacity };
      if (options.rate === undefined && options.capacity === undefined) {
        options.log(
          `measuring the capacity: Text Chat API turns, ${CAPACITY.concurrency} in a closed loop, ${(CAPACITY.warmupMs + CAPACITY.durationMs) / 1000} s`,
        );
        const run = await runLoad({ url: stack.url, chatApiSecret: stack.chatApiSecret, agent, ...CAPACITY });
        capacity = { source: 'measured', turnsPerSecond: run.perSecond, run };
        options.log(`  ${run.perSecond.toFixed(0)} turns/s, ${run.errors} errors`);
      }
      const rate = options.rate ?? (capacity?.turnsPerSecond ?? 0) / 2;
      if (!(rate > 0)) throw new Error(`no rate to run at: the capacity measured ${capacity?.turnsPerSecond} turns/s`);

      const load = new SoakLoad({
        url: stack.url,
        rate,
        chatApiSecret: stack.chatApiSecret,
        agent,
        token: link.token,
        file,
        operatorKey,
        fuzz,
        keyPrefix: `soak-${randomBytes(4).toString('hex')}`,
      });
      const samples = new Map<string, MemorySample[]>(stack.processes.map((service) => [service.name, []]));
      const sampleAll = async (atS: number) => {
        const turns = load.tally.turns;
        for (const service of stack.processes) samples.get(service.name)?.push({ atS, turns, ...(await readMemory(service)) });
      };
      await sampleAll(0);
      options.log(`soak: ${rate.toFixed(1)} turns/s for ${options.minutes} min, memory every ${options.sampleSeconds} s`);
      const runMs = options.minutes * 60_000;
      const began = performance.now();
      await load.start();
      try {
        for (let k = 1; ; k++) {
          const dueMs = Math.min(k * options.sampleSeconds * 1000, runMs);
          await sleep(Math.max(0, dueMs - (performance.now() - began)));
          stack.assertRunning();
          if (!fakeLlm.process.running) throw fakeLlm.process.failure('died during the benchmark');
          const atS = (performance.now() - began) / 1000;
          await sampleAll(atS);
          const heaps = [...samples].map(([name, of]) => `${name} ${mib(of.at(-1)?.heapUsedBytes ?? 0)}`).join(', ');
          const { tally } = load;
          options.log(`${Math.round(atS)} s: ${tally.turns} turns, ${tally.errorCount} errors, ${load.missedSlots} slots missed; heap MiB ${heaps}`);
          if (dueMs >= runMs) break;
        }
      } finally {
        await load.stop();
      }
      const durationS = (performance.now() - began) / 1000;
      stack.assertRunning();

      const { tally } = load;
      const processes = [...samples].map(([name, of]) => ({ name, samples: of }));
      const verdicts = processes.map(({ name, samples: of }) => judgeFlat(name, of, options.minutes * 60));
      const fuzzRequests = Object.values(tally.fuzzStatuses).reduce((sum, n) => sum + n, 0);
      return {
        benchmark: 'soak',
        startedAt,
        machine: machineInfo(loadAverageAtStart),
        options: { minutes: options.minutes, sampleSeconds: options.sampleSeconds, runtime: options.runtime },
        stack: `${stack.description}; the fake LLM in a process of its own`,
        capacity,
        rate: { turnsPerSecond: rate, apiPerSecond: rate * MIX.api, visitorsPerSecond: rate * MIX.visitors, fuzzPerSecond: rate * MIX.fuzz },
        durationS,
        traffic: {
          turns: tally.turns,
          turnsPerSecond: tally.turns / durationS,
          apiTurns: tally.latencyMs.apiTurn.length,
          publicTurns: tally.latencyMs.publicTurn.length,
          escalationsAnswered: tally.latencyMs.escalation.length,
          fuzzRequests,
          requests: { ...tally.requests, fuzz: fuzzRequests },
          missedSlots: load.missedSlots,
        },
        latencyMs: {
          apiTurn: distribution(tally.latencyMs.apiTurn),
          publicTurn: distribution(tally.latencyMs.publicTurn),
          escalation: distribution(tally.latencyMs.escalation),
        },
        errors: { total: tally.errorCount, serverErrors: tally.serverErrors, timeouts: tally.timeouts, byKind: tally.errors },
        statuses: tally.statuses,
        fuzzStatuses: tally.fuzzStatuses,
        processes,
        verdicts,
        flat: verdicts.every((verdict) => verdict.flat),
      };
    } finally {
      await stack.stop();
    }
  } finally {
    await fakeLlm.stop();
    await rm(uploadsDir, { recursive: true, force: true });
  }
}
