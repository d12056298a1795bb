import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ServiceProcess } from './child-process.js';

/** The monorepo's root: services are started from here so their relative imports resolve. */
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

export type Mode = 'real' | 'one-process';
export const MODES: readonly Mode[] = ['real', 'one-process'];

/** How the services' code runs: tsdown bundles (what the Dockerfile ships) or TypeScript through tsx. */
export type Runtime = 'bundle' | 'tsx';

export interface StackOptions {
  runtime: Runtime;
  /** Real mode: how many sessions processes share the turns (NATS hands each request to one at random). */
  sessionsReplicas: number;
  /**
   * Variables for the process that serves HTTP (the gateway; the platform in one-process mode), on
   * top of the stack's own, e.g. raised public rate limits so one load address is not refused.
   */
  gatewayEnv?: Record<string, string> | undefined;
  /**
   * An OpenAI-compatible endpoint (the bench's fake LLM server) for the process that runs the
   * workflow (the agent-runner; the platform in one-process mode), as OPENAI_BASE_URL. Without
   * it no LLM is configured, as the static-text agent needs none.
   */
  llmBaseUrl?: string | undefined;
  /**
   * Variables for that same process (the agent-runner; the platform in one-process mode), e.g.
   * TOOLS_ALLOW_PRIVATE for tools that reach a service on loopback.
   */
  runnerEnv?: Record<string, string> | undefined;
  /** Real mode: run the memory service too (knowledge bases and their search); the one-process platform always has it. */
  withMemory?: boolean | undefined;
  /** Variables for the memory service (the platform in one-process mode), e.g. KNOWLEDGE_INGEST_CONCURRENCY. */
  memoryEnv?: Record<string, string> | undefined;
  /** Write a V8 CPU profile of every service process here (`--cpu-prof`). */
  cpuProfileDir?: string | undefined;
  /**
   * Each service process writes /tmp/perf-<pid>.map (`--perf-basic-prof`), so Linux `perf` names its
   * JavaScript functions: real CPU by function, where a V8 profile samples wall time.
   */
  perfMap?: boolean | undefined;
  /** Open the gateway's inspector on loopback, so a benchmark can ask it for a full collection (see collectGarbage). */
  inspectGateway?: boolean | undefined;
  /** Open every service process's inspector on loopback, each on a free port (the soak reads every heap). */
  inspectEveryService?: boolean | undefined;
  /** Variables for every service process (the platform in one-process mode), e.g. the upload store's folder. */
  serviceEnv?: Record<string, string> | undefined;
  /** Progress lines. */
  log: (line: string) => void;
}

/** A running platform under test, reachable over HTTP. */
export interface Stack {
  mode: Mode;
  /** What runs, e.g. "gateway, links, sessions, agent-runner as 4 processes (tsdown bundles)". */
  description: string;
  url: string;
  adminApiKey: string;
  chatApiSecret: string;
  processes: ServiceProcess[];
  /** The machine's servers the stack uses (real mode: postgres, nats, redis), for the CPU table. */
  servers: readonly string[];
  /** The stack's own database on the machine's PostgreSQL (real mode), to tell its backends from others'. */
  database?: string;
  /** Each service process's /metrics (real mode), read just before each window and at its end (metrics-window.ts). */
  metricsUrls?: ReadonlyArray<{ name: string; url: string }>;
  /** The stack's NATS and namespace (real mode), for the load generator to ask the services directly. */
  nats?: { url: string; namespace: string };
  /** Throws (with the process's last output) if a process of the stack has died. */
  assertRunning(): void;
  /** Stops every process and removes everything the stack created. */
  stop(): Promise<void>;
}

/**
 * Node's flags for a service process: its inspector, and CPU profiling, when asked – profiles into a
 * folder per process (under tsx the module loader runs on a thread of its own that writes a profile too).
 */
export function nodeFlags(name: string, options: StackOptions): string[] {
  return [
    // Port 0: the process takes a free port and prints its address (see inspectorUrl).
    ...(options.inspectEveryService || (options.inspectGateway && name === 'gateway') ? ['--inspect=127.0.0.1:0'] : []),
    ...(options.cpuProfileDir ? ['--cpu-prof', '--cpu-prof-dir', join(options.cpuProfileDir, name)] : []),
    ...(options.perfMap ? ['--perf-basic-prof'] : []),
  ];
}

/** Runs cleanup steps in reverse order, each even if an earlier one failed; throws the failures together. */
export class Cleanups {
  private readonly steps: Array<{ what: string; run: () => Promise<unknown> }> = [];

  add(what: string, run: () => Promise<unknown>): void {
    this.steps.push({ what, run });
  }

  async runAll(): Promise<void> {
    const failures: Error[] = [];
    for (const step of this.steps.reverse()) {
      try {
        await step.run();
      } catch (error) {
        failures.push(new Error(`${step.what}: ${error instanceof Error ? error.message : String(error)}`));
      }
    }
    this.steps.length = 0;
    if (failures.length > 0) throw new AggregateError(failures, `cleanup failed: ${failures.map((f) => f.message).join('; ')}`);
  }
}
