import { mkdir } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { join } from 'node:path';
import { connectPlatformBus, type PlatformBus } from '@parley/bus';
import { type BenchAgentKind, type SeededAgent, seedBenchAgent } from '../common/bench-agent.js';
import { cpuMeterFor } from '../common/cpu.js';
import { type FakeLlmProcess, startFakeLlmProcess } from '../common/fake-llm-process.js';
import { monotonicUs, type ProfileSummary, summarizeProfiles, type Window } from '../common/profile.js';
import { FAKE_LLM_PART, loadAverageNow, machineInfo } from '../common/report.js';
import { quietLogger, startStack } from '../common/start-stack.js';
import type { Mode, Runtime } from '../common/stack.js';
import { type RequestKind, runLoad } from './load.js';
import { type ChatApiReport, checkTargets, type RunRecord } from './report.js';

export interface ChatApiOptions {
  modes: Mode[];
  /**
   * Which agents answer the turns, each measured at every level: `static` (no LLM), `llm` (a prompt
   * node, fake LLM server) and `tool` (a prompt node whose model calls the shop service's http tool once a turn).
   */
  agents: BenchAgentKind[];
  /** How the real mode's services run; the one-process mode always runs platform/src/main.ts through tsx. */
  runtime: Runtime;
  /** Real mode: sessions processes behind the one queue group. */
  sessionsReplicas: number;
  durationS: number;
  warmupS: number;
  concurrency: number[];
  /** Also measure the lighter requests at each level, to split a turn's cost into hops. */
  breakdown: boolean;
  /** What each level measures (default: the turn); `--breakdown` adds its own. */
  requests?: readonly RequestKind[];
  /** Write CPU profiles of the service processes under `profileDir` and summarise them. */
  profileDir?: string | undefined;
  log: (line: string) => void;
}

/** The turn first: it is the benchmark; the others only explain it. */
const HTTP_BREAKDOWN: readonly RequestKind[] = ['turn', 'status', 'healthz'];
/** Straight to the services over NATS, past the gateway: real mode only. */
const BUS_BREAKDOWN: readonly RequestKind[] = ['bus sessions.send', 'bus sessions.status', 'bus runner.turn'];

/** The agents that ask the fake LLM (and, for `tool`, call the shop beside it). */
const ASKS_LLM: ReadonlySet<BenchAgentKind> = new Set(['llm', 'tool']);

/**
 * The tool agent's runner: its tools may reach the shop on loopback, which the outbound guard
 * refuses otherwise, and one tenant's calls at once are not capped at the default 16 – every
 * session of a level is that one tenant's, and a refused call would be a failed turn here.
 */
const TOOL_RUNNER_ENV = { TOOLS_ALLOW_PRIVATE: 'true', TOOL_CALLS_PER_TENANT: '100000' };

/**
 * The Text Chat API benchmark: for each mode, start the stack (and, for the LLM and tool agents,
 * the fake LLM server with the shop service first, in a process of their own), seed the agents,
 * and drive each concurrency level with fresh sessions; then stop the stack and clean up.
 */
export async function runChatApiBench(options: ChatApiOptions): Promise<ChatApiReport> {
  const startedAt = new Date().toISOString();
  const loadAverageAtStart = loadAverageNow();
  const runs: RunRecord[] = [];
  const profiles: ProfileSummary[] = [];
  const stacks: ChatApiReport['stacks'] = [];
  const fakeLlm = options.agents.some((agent) => ASKS_LLM.has(agent)) ? await startFakeLlmProcess() : undefined;
  let shopRequests: number | undefined;
  try {
    for (const mode of options.modes) {
      const measured = await runMode(mode, options, fakeLlm);
      stacks.push(measured.stack);
      runs.push(...measured.runs);
      profiles.push(...measured.profiles);
    }
  } finally {
    shopRequests = (await fakeLlm?.stop())?.shopRequests;
  }

  return {
    benchmark: 'chat-api',
    startedAt,
    machine: machineInfo(loadAverageAtStart),
    options: {
      modes: options.modes,
      agents: options.agents,
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
    ...(options.agents.includes('tool') ? { shopRequests } : {}),
    ...(options.profileDir ? { profiles } : {}),
  };
}

/** One mode: its stack, every agent at every level, and the profiles of the turns' windows (per agent when more than one). */
async function runMode(
  mode: Mode,
  options: ChatApiOptions,
  fakeLlm: FakeLlmProcess | undefined,
): Promise<{ stack: ChatApiReport['stacks'][number]; runs: RunRecord[]; profiles: ProfileSummary[] }> {
  const runs: RunRecord[] = [];
  const cpuProfileDir = options.profileDir ? join(options.profileDir, mode) : undefined;
  if (cpuProfileDir) await mkdir(cpuProfileDir, { recursive: true });
  const windows = new Map<BenchAgentKind, Window[]>(options.agents.map((agent) => [agent, []]));
  // With more than one agent, each process's profile is summarised per agent.
  const named = options.agents.length > 1;
  const besides = fakeLlm ? [{ name: FAKE_LLM_PART, pid: fakeLlm.process.pid }] : [];
  const starting = performance.now();
  const stack = await startStack(mode, {
    runtime: options.runtime,
    sessionsReplicas: options.sessionsReplicas,
    cpuProfileDir,
    llmBaseUrl: fakeLlm?.url,
    runnerEnv: options.agents.includes('tool') ? TOOL_RUNNER_ENV : undefined,
    log: options.log,
  });
  const startupS = Math.round((performance.now() - starting) / 100) / 10;
  options.log(`${mode}: ready in ${startupS} s at ${stack.url}`);
  let bus: PlatformBus | undefined;
  try {
    const agents: SeededAgent[] = [];
    for (const kind of options.agents) agents.push(await seedBenchAgent(stack.url, stack.adminApiKey, `chat-api bench (${kind})`, kind, fakeLlm?.shopUrl));
    if (options.breakdown && stack.nats) {
      bus = await connectPlatformBus({ natsUrl: stack.nats.url, namespace: stack.nats.namespace, logger: quietLogger(), name: 'bench' });
    }
    const kinds: readonly RequestKind[] = options.breakdown ? [...HTTP_BREAKDOWN, ...(bus ? BUS_BREAKDOWN : [])] : (options.requests ?? ['turn']);
    for (const agent of agents) {
      for (const concurrency of options.concurrency) {
        for (const request of kinds) {
          const meter = cpuMeterFor(stack, besides);
          let cpuCores: Record<string, number> | undefined;
          let windowStart = 0;
          options.log(`${mode}: ${agent.kind} agent, ${concurrency} concurrent, ${request}, ${options.warmupS} s warm-up + ${options.durationS} s`);
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
              if (request === 'turn') windows.get(agent.kind)?.push({ fromUs: windowStart, toUs: monotonicUs() });
            },
          });
          stack.assertRunning();
          if (fakeLlm && !fakeLlm.process.running) throw fakeLlm.process.failure('died during the benchmark');
          runs.push({ mode, agent: agent.kind, stack: stack.description, durationS: options.durationS, ...result, cpuCores });
          options.log(
            `  ${Math.round(result.perSecond)}/s, p50 ${result.latencyMs.p50.toFixed(2)} ms, p99 ${result.latencyMs.p99.toFixed(2)} ms, ${result.errors} errors`,
          );
        }
      }
    }
  } finally {
    await bus?.drain();
    await stack.stop();
  }
  const profiles: ProfileSummary[] = [];
  if (cpuProfileDir) {
    for (const [agent, ofAgent] of windows) {
      const summaries = await summarizeProfiles(cpuProfileDir, ofAgent);
      profiles.push(...summaries.map((summary) => (named ? { ...summary, process: `${summary.process} (${agent} agent)` } : summary)));
    }
  }
  return { stack: { mode, description: stack.description, startupS }, runs, profiles };
}
