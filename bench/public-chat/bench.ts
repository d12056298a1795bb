import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { BENCH_AGENT_NAME, managementPost, seedBenchAgent } from '../common/bench-agent.js';
import { cpuMeterFor } from '../common/cpu.js';
import { type FakeLlmProcess, startFakeLlmProcess } from '../common/fake-llm-process.js';
import { type LoopDelay, loopDelaysOf } from '../common/loop-delay.js';
import { metricsWindowFor } from '../common/metrics-window.js';
import { monotonicUs, type ProfileSummary, summarizeProfiles, type Window } from '../common/profile.js';
import {
  checkTargets,
  loadAverageNow,
  type MachineInfo,
  machineInfo,
  type RunRecord,
  type Target,
  type TargetCheck,
  turnsPerSecondTarget,
} from '../common/report.js';
import type { Mode, Runtime } from '../common/stack.js';
import { startStack } from '../common/start-stack.js';
import { runVisitorLoad } from './load.js';

/**
 * Which of the link's protections a run has on (docs/public-chat-api.md "Content rules", "Country rules"; docs/management-api.md "Cost guards"; docs/api.md "Rate limits"): `off` none; `on` personal data redacted, block patterns, the
 * prompt-injection rules, a country deny list, token budgets and the global ceiling (all set so
 * the load never trips them, and every message pays their checks); `moderation` the same with
 * moderation flagging, which asks the (fake) LLM's /moderations once per message.
 */
export type Protections = 'off' | 'on' | 'moderation';
export const PROTECTIONS: readonly Protections[] = ['off', 'on', 'moderation'];

/** A run's row name (its report's `agent`) when runs are compared by protections. */
export const protectionsRow = (level: Protections): string => `protections ${level}`;

const contentRules = (moderation: 'off' | 'flag') => ({
  block_patterns: ['(?i)\\bfree\\s+bitcoin\\b', '(?i)\\bbuy\\s+followers\\b', '(?i)casino\\s+bonus'],
  pii: 'redact',
  moderation,
  prompt_injection: 'block',
});
const guarded = {
  country_deny: ['KP', 'IR'],
  budget: { tokens_per_day: 1_000_000_000_000, tokens_per_visitor_per_day: 1_000_000_000_000 },
};
export const PROTECTION_SETTINGS: Record<Protections, Record<string, unknown>> = {
  off: {},
  on: { ...guarded, content_rules: contentRules('off') },
  moderation: { ...guarded, content_rules: contentRules('flag') },
};

export interface PublicChatOptions {
  modes: Mode[];
  /** Default `["off"]`: the link's limits only, and messages without personal data. */
  protections?: Protections[];
  /** Write CPU profiles of the service processes under `profileDir` and summarise them (per stack). */
  profileDir?: string | undefined;
  /** Start the service processes with `--perf-basic-prof`, for Linux `perf` (StackOptions.perfMap). */
  perfMap?: boolean | undefined;
  runtime: Runtime;
  durationS: number;
  warmupS: number;
  concurrency: number[];
  log: (line: string) => void;
}

/**
 * The link's limits: all set, so every message pays their checks (the link's rate counter, the
 * atomic session and message quotas), and all high enough never to be reached by a run. The rate
 * limit and the message quota are the largest the API accepts; each level gets a link of its own,
 * so a level may send up to 100,000 messages within a minute before its link's rate limit refuses.
 */
export const LINK_LIMITS = { max_sessions: 1_000_000, max_messages_per_session: 100_000, rate_limit_per_minute: 100_000 } as const;

/**
 * The gateway's per-address, per-session and per-email limits, raised: the load comes from one
 * address, which the defaults (30 messages a minute) would refuse after the first second. They
 * are still counted on every message.
 */
export const GATEWAY_LIMITS = {
  PUBLIC_RATE_LIMIT_PER_IP_PER_MINUTE: '100000000',
  PUBLIC_RATE_LIMIT_PER_SESSION_PER_MINUTE: '100000000',
  PUBLIC_RATE_LIMIT_PER_EMAIL_PER_MINUTE: '100000000',
};

export const TARGETS: Target[] = [turnsPerSecondTarget('≥ 1,000 turns/s at 64 concurrent visitors (real servers)', 64, 1000)];

export interface PublicChatReport {
  benchmark: 'public-chat';
  startedAt: string;
  machine: MachineInfo;
  options: { modes: Mode[]; runtime: string; durationS: number; warmupS: number; concurrency: number[] };
  protections: Protections[];
  /** What each protected run's rules did, from its link's analytics. */
  protectionHits: Array<{ mode: Mode; concurrency: number; protections: Protections } & ProtectionHits>;
  link: typeof LINK_LIMITS;
  profiles?: ProfileSummary[];
  stacks: Array<{ mode: Mode; description: string; startupS: number }>;
  runs: RunRecord[];
  targets: TargetCheck[];
}

interface ProtectionHits {
  content_redacted: number;
  content_flagged: number;
  content_blocked: number;
}

/**
 * The content-rule hits the link's analytics counted, once they stop growing: the analytics
 * consumer applies events in batches a moment after the run.
 */
async function protectionHits(url: string, adminKey: string, tenantId: string, linkId: string): Promise<ProtectionHits> {
  let last: ProtectionHits = { content_redacted: 0, content_flagged: 0, content_blocked: 0 };
  for (let attempt = 0; attempt < 20; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    const response = await fetch(`${url}/api/links/${linkId}/analytics?bucket=hour&from=${new Date(Date.now() - 3_600_000).toISOString()}`, {
      headers: { authorization: `Bearer ${adminKey}`, 'x-tenant-id': tenantId },
    });
    if (response.status !== 200) throw new Error(`link analytics answered ${response.status}: ${await response.text()}`);
    const { security_events: events } = (await response.json()) as { security_events: ProtectionHits };
    const now = { content_redacted: events.content_redacted, content_flagged: events.content_flagged, content_blocked: events.content_blocked };
    if (now.content_redacted > 0 && now.content_redacted === last.content_redacted) return now;
    last = now;
  }
  return last;
}

/** A message with personal data in it, so a run with `pii: "redact"` redacts on every message. */
const personalContent = (sequence: number, visitor: number) =>
  `message ${sequence} from visitor ${visitor}: write to visitor${visitor}@example.com or call +1 415 555 0${String(100 + (visitor % 900)).padStart(3, '0')}`;

/**
 * The public chat benchmark: for each mode, start the stack with the gateway's public limits
 * raised, seed the static-text agent, and at each concurrency level give a fresh link's visitors
 * their sessions and drive them; then stop the stack and clean up.
 */
export async function runPublicChatBench(options: PublicChatOptions): Promise<PublicChatReport> {
  const startedAt = new Date().toISOString();
  const loadAverageAtStart = loadAverageNow();
  const runs: RunRecord[] = [];
  const stacks: PublicChatReport['stacks'] = [];
  const hitsByRun: PublicChatReport['protectionHits'] = [];
  const profiles: ProfileSummary[] = [];

  const protections = options.protections ?? ['off'];
  // Compared runs send the same words: each message carries an email and a phone number to redact.
  const compared = protections.some((level) => level !== 'off');
  const fakeLlm: FakeLlmProcess | undefined = protections.includes('moderation') ? await startFakeLlmProcess() : undefined;
  try {
    for (const mode of options.modes) {
      for (const level of protections) await runStack(mode, level);
    }
  } finally {
    await fakeLlm?.stop();
  }

  async function runStack(mode: Mode, level: Protections): Promise<void> {
    const starting = performance.now();
    // The global ceiling is on (and never reached) when the protections are.
    const gatewayEnv = level === 'off' ? GATEWAY_LIMITS : { ...GATEWAY_LIMITS, PUBLIC_GLOBAL_RATE_LIMIT_PER_SECOND: '100000000' };
    const cpuProfileDir = options.profileDir ? join(options.profileDir, `${mode}-${level}`) : undefined;
    if (cpuProfileDir) await mkdir(cpuProfileDir, { recursive: true });
    const windows: Window[] = [];
    const stack = await startStack(mode, {
      runtime: options.runtime,
      sessionsReplicas: 1,
      cpuProfileDir,
      perfMap: options.perfMap,
      gatewayEnv,
      log: options.log,
      ...(fakeLlm ? { llmBaseUrl: fakeLlm.url } : {}),
    });
    const startupS = Math.round((performance.now() - starting) / 100) / 10;
    stacks.push({ mode, description: stack.description, startupS });
    options.log(`${mode}: ready in ${startupS} s at ${stack.url}`);
    try {
      const agent = await seedBenchAgent(stack.url, stack.adminApiKey, 'public-chat bench');
      for (const concurrency of options.concurrency) {
        const link = await managementPost(
          stack.url,
          stack.adminApiKey,
          `/api/agents/${BENCH_AGENT_NAME}/public-links`,
          { title: `public-chat bench, ${concurrency} visitors`, ...LINK_LIMITS, ...PROTECTION_SETTINGS[level] },
          agent.tenantId,
        );
        const meter = cpuMeterFor(stack);
        const metrics = metricsWindowFor(stack);
        let cpuCores: Promise<Record<string, number> | undefined> | undefined;
        let loopDelays: Promise<Record<string, LoopDelay>> | undefined;
        options.log(`${mode}: ${concurrency} concurrent visitors, ${options.warmupS} s warm-up + ${options.durationS} s`);
        const result = await runVisitorLoad({
          url: stack.url,
          token: link.token,
          concurrency,
          warmupMs: options.warmupS * 1000,
          durationMs: options.durationS * 1000,
          // Read ahead of the window: rendering /metrics holds each service's loop (common/closed-loop.ts).
          onWindowAhead: () => metrics?.begin(),
          onWindowStart: () => {
            meter?.begin();
            windows.push({ fromUs: monotonicUs(), toUs: Number.POSITIVE_INFINITY });
          },
          onWindowEnd: () => {
            cpuCores = meter?.end();
            loopDelays = metrics?.end().then(loopDelaysOf);
            const window = windows.at(-1);
            if (window) window.toUs = monotonicUs();
          },
          ...(compared ? { content: personalContent } : {}),
        });
        stack.assertRunning();
        runs.push({
          mode,
          ...(compared ? { agent: protectionsRow(level) } : {}),
          stack: stack.description,
          durationS: options.durationS,
          ...result,
          cpuCores: await cpuCores,
          loopDelayMs: await loopDelays,
        });
        if (level !== 'off') {
          // Proof the rules ran: the link's analytics count what they redacted and flagged.
          const hits = await protectionHits(stack.url, stack.adminApiKey, agent.tenantId, link.id);
          hitsByRun.push({ mode, concurrency, protections: level, ...hits });
          options.log(`  protections ${level}: ${hits.content_redacted} messages redacted, ${hits.content_flagged} flagged, ${hits.content_blocked} blocked`);
        }
        options.log(
          `  ${Math.round(result.perSecond)}/s, p50 ${result.latencyMs.p50.toFixed(2)} ms, p99 ${result.latencyMs.p99.toFixed(2)} ms, ${result.errors} errors`,
        );
      }
    } finally {
      await stack.stop();
    }
    if (cpuProfileDir) {
      const named = protections.length > 1;
      const summaries = await summarizeProfiles(cpuProfileDir, windows);
      profiles.push(...summaries.map((summary) => (named ? { ...summary, process: `${summary.process} (protections ${level})` } : summary)));
    }
  }

  return {
    benchmark: 'public-chat',
    protections,
    protectionHits: hitsByRun,
    startedAt,
    machine: machineInfo(loadAverageAtStart),
    options: { modes: options.modes, runtime: options.runtime, durationS: options.durationS, warmupS: options.warmupS, concurrency: options.concurrency },
    link: LINK_LIMITS,
    ...(options.profileDir ? { profiles } : {}),
    stacks,
    runs,
    targets: checkTargets(runs, TARGETS),
  };
}
