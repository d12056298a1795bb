import { mkdir } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { join } from 'node:path';
import { connectPlatformBus, type PlatformBus } from '@parley/bus';
import { seedBenchAgent } from '../common/bench-agent.js';
import { cpuMeterFor } from '../common/cpu.js';
import { monotonicUs, type ProfileSummary, summarizeProfiles, type Window } from '../common/profile.js';
import { loadAverageNow, machineInfo } from '../common/report.js';
import { quietLogger, startStack } from '../common/start-stack.js';
import type { Mode, Runtime } from '../common/stack.js';
import { type RequestKind, runLoad } from './load.js';
import { type ChatApiReport, checkTargets, type RunRecord } from './report.js';

export interface ChatApiOptions {
  modes: Mode[];
  /** How the real mode's services run; the one-process mode always runs platform/src/main.ts through tsx. */
  runtime: Runtime;
  /** Real mode: sessions processes behind the one queue group. */
  sessionsReplicas: number;
  durationS: number;
  warmupS: number;
  concurrency: number[];
  /** Also measure the lighter requests at each level, to split a turn's cost into hops. */
  breakdown: boolean;
  /** Write CPU profiles of the service processes under `profileDir` and summarise them. */
  profileDir?: string | undefined;
  log: (line: string) => void;
}

/** The turn first: it is the benchmark; the others only explain it. */
const HTTP_BREAKDOWN: readonly RequestKind[] = ['turn', 'status', 'healthz'];
/** Straight to the services over NATS, past the gateway: real mode only. */
const BUS_BREAKDOWN: readonly RequestKind[] = ['bus sessions.send', 'bus sessions.status', 'bus runner.turn'];

/**
 * The Text Chat API benchmark: for each mode, start the stack, seed the static-text agent, and
 * drive each concurrency level with fresh sessions; then stop the stack and clean up.
 */
export async function runChatApiBench(options: ChatApiOptions): Promise<ChatApiReport> {
  const startedAt = new Date().toISOString();
  const loadAverageAtStart = loadAverageNow();
  const runs: RunRecord[] = [];
  const profiles: ProfileSummary[] = [];
  const stacks: ChatApiReport['stacks'] = [];

  for (const mode of options.modes) {
    const cpuProfileDir = options.profileDir ? join(options.profileDir, mode) : undefined;
    if (cpuProfileDir) await mkdir(cpuProfileDir, { recursive: true });
    const windows: Window[] = [];
    const starting = performance.now();
    const stack = await startStack(mode, { runtime: options.runtime, sessionsReplicas: options.sessionsReplicas, cpuProfileDir, log: options.log });
    const startupS = Math.round((performance.now() - starting) / 100) / 10;
    stacks.push({ mode, description: stack.description, startupS });
    options.log(`${mode}: ready in ${startupS} s at ${stack.url}`);
    let bus: PlatformBus | undefined;
    try {
      const agent = await seedBenchAgent(stack.url, stack.adminApiKey);
      if (options.breakdown && stack.nats) {
        bus = await connectPlatformBus({ natsUrl: stack.nats.url, namespace: stack.nats.namespace, logger: quietLogger(), name: 'bench' });
      }
      const kinds: readonly RequestKind[] = options.breakdown ? [...HTTP_BREAKDOWN, ...(bus ? BUS_BREAKDOWN : [])] : ['turn'];
      for (const concurrency of options.concurrency) {
        for (const request of kinds) {
          const meter = cpuMeterFor(stack);
          let cpuCores: Record<string, number> | undefined;
          let windowStart = 0;
          options.log(`${mode}: ${concurrency} concurrent, ${request}, ${options.warmupS} s warm-up + ${options.durationS} s`);
          const result = await runLoad({
            url: stack.url,
            chatApiSecret: stack.chatApiSecret,
            agent,
            concurrency,
            request,
            bus,
            warmupMs: options.warmupS * 1000,
            durationMs: options.durationS * 1000,
            onWindowStart: () => {
              meter?.begin();
              windowStart = monotonicUs();
            },
            onWindowEnd: () => {
              cpuCores = meter?.end();
              // The profiles show where a turn's time goes: the other requests' windows stay out.
              if (request === 'turn') windows.push({ fromUs: windowStart, toUs: monotonicUs() });
            },
          });
          stack.assertRunning();
          runs.push({ mode, stack: stack.description, durationS: options.durationS, ...result, cpuCores });
          options.log(
            `  ${Math.round(result.perSecond)}/s, p50 ${result.latencyMs.p50.toFixed(2)} ms, p99 ${result.latencyMs.p99.toFixed(2)} ms, ${result.errors} errors`,
          );
        }
      }
    } finally {
      await bus?.drain();
      await stack.stop();
    }
    if (cpuProfileDir) profiles.push(...(await summarizeProfiles(cpuProfileDir, windows)));
  }

  return {
    benchmark: 'chat-api',
    startedAt,
    machine: machineInfo(loadAverageAtStart),
    options: {
      modes: options.modes,
      runtime: options.runtime,
      sessionsReplicas: options.sessionsReplicas,
      durationS: options.durationS,
      warmupS: options.warmupS,
      concurrency: options.concurrency,
      breakdown: options.breakdown,
    },
    stacks,
    runs,
    targets: checkTargets(runs),
    ...(options.profileDir ? { profiles } : {}),
  };
}
