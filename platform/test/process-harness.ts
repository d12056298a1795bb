import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

/** The monorepo root: every process runs from here, as a user would run it. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Variables the services read. A child starts from this test's environment without them, so only
 * what a test passes explicitly configures it (the runner exports DATABASE_URL, NATS_URL, REDIS_URL).
 */
const CONFIG_VARIABLES = [
  'DATABASE_URL',
  'NATS_URL',
  'REDIS_URL',
  'PORT',
  'HOST',
  'HEALTH_PORT',
  'DATA_DIR',
  'ADMIN_API_KEY',
  'CHAT_API_SECRET',
  'AUDIT_KEY',
  'VERIFICATION_KEY',
  'SECRETS_KEY',
  'PUBLIC_BASE_URL',
  'BUS_NAMESPACE',
  'LOG_LEVEL',
  'ACCESS_LOG',
  'SEED_DEMO',
  'OPENAI_API_KEY',
  'OPENAI_BASE_URL',
  'LLM_TIMEOUT_MS',
  'LLM_MAX_RETRIES',
  'RUNNER_ATTEMPTS',
  'SESSION_TIMEOUT_SECONDS',
  'CLEANUP_INTERVAL_MINUTES',
  'SHUTDOWN_DELAY_SECONDS',
  'SHUTDOWN_TIMEOUT_SECONDS',
  'CHAT_API_URL',
  'OTEL_EXPORTER_OTLP_ENDPOINT',
  'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT',
  'OTEL_SERVICE_NAME',
  'UPLOADS_DIR',
  'S3_BUCKET',
  'EMBEDDING_MODEL',
  'KNOWLEDGE_ALLOW_PRIVATE',
];

/** This process's environment without any service configuration, plus `vars`. */
export function childEnv(vars: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of CONFIG_VARIABLES) delete env[name];
  return { ...env, ...vars };
}

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** Every child still running, so they can be killed even if the test worker exits abruptly. */
const live = new Set<ManagedProcess>();
process.once('exit', () => {
  for (const proc of live) proc.killGroupNow();
});

/**
 * A child process with its output collected. It leads a process group of its own, so cleanup can
 * take anything it started along with it (the one-process mode's embedded PostgreSQL).
 */
export class ManagedProcess {
  stdout = '';
  stderr = '';
  exitInfo: ExitInfo | undefined;
  readonly exited: Promise<ExitInfo>;
  readonly startedAt = Date.now();
  private readonly child: ChildProcess;

  constructor(
    readonly name: string,
    args: string[],
    options: { env: NodeJS.ProcessEnv; cwd?: string; stdin?: string; command?: string },
  ) {
    // `node` (this one) unless told otherwise.
    this.child = spawn(options.command ?? process.execPath, args, {
      cwd: options.cwd ?? REPO_ROOT,
      env: options.env,
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true,
    });
    live.add(this);
    this.child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      this.stdout += chunk;
    });
    this.child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      this.stderr += chunk;
    });
    this.exited = new Promise<ExitInfo>((resolve) => {
      // 'close' comes after the output streams ended, so stdout and stderr are complete.
      this.child.once('close', (code, signal) => {
        this.exitInfo = { code, signal };
        live.delete(this);
        resolve(this.exitInfo);
      });
      this.child.once('error', (error) => {
        this.stderr += `spawn failed: ${error.message}\n`;
      });
    });
    if (options.stdin !== undefined) this.child.stdin?.end(options.stdin);
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  get running(): boolean {
    return this.exitInfo === undefined;
  }

  /** The last lines of both streams, for assertion messages. */
  describe(lines = 30): string {
    const tail = (text: string) => text.trimEnd().split('\n').slice(-lines).join('\n');
    const state = this.exitInfo ? `exited (code ${this.exitInfo.code}, signal ${this.exitInfo.signal})` : 'running';
    return `${this.name} [pid ${this.pid}, ${state}]\n--- stdout ---\n${tail(this.stdout)}\n--- stderr ---\n${tail(this.stderr)}`;
  }

  /** Sends a signal to this process only (not its group): it must stop what it started itself. */
  signal(signal: NodeJS.Signals): void {
    if (this.running) this.child.kill(signal);
  }

  /** Resolves with the exit, or rejects after `timeoutMs` (the process keeps running). */
  async waitForExit(timeoutMs: number): Promise<ExitInfo> {
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        this.exited,
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`${this.name} did not exit within ${timeoutMs} ms\n${this.describe()}`)), timeoutMs);
        }),
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Resolves with the first match of `pattern` in stdout; rejects if the process exits first or time runs out. */
  async waitForStdout(pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const match = this.stdout.match(pattern);
      if (match) return match;
      if (!this.running) throw new Error(`${this.name} exited before printing ${pattern}\n${this.describe()}`);
      if (Date.now() > deadline) throw new Error(`${this.name} printed no ${pattern} within ${timeoutMs} ms\n${this.describe()}`);
      await sleep(50);
    }
  }

  /** SIGKILL to the whole group, at once and synchronously. */
  killGroupNow(): void {
    if (!this.running || this.pid <= 0) return;
    try {
      process.kill(-this.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }

  /** SIGKILL to the whole group, then waits for the exit. */
  async kill(): Promise<ExitInfo> {
    this.killGroupNow();
    return this.exited;
  }

  /**
   * Stops it for good: SIGTERM and up to `graceMs` to exit, then SIGKILL to its group. For
   * cleanup; a test that checks graceful shutdown signals and waits itself.
   */
  async stop(graceMs = 10_000): Promise<ExitInfo> {
    if (!this.running) return this.exited;
    this.signal('SIGTERM');
    try {
      return await this.waitForExit(graceMs);
    } catch {
      return this.kill();
    }
  }
}

/** Runs `node <args>` from the repository root. */
export function spawnNode(name: string, args: string[], options: { env: NodeJS.ProcessEnv; stdin?: string }): ManagedProcess {
  return new ManagedProcess(name, args, options);
}

/** `node --import tsx services/<service>/src/main.ts`, as its own process. */
export function startService(service: string, vars: Record<string, string>, name = service): ManagedProcess {
  return spawnNode(name, ['--import', 'tsx', `services/${service}/src/main.ts`], { env: childEnv(vars) });
}

/** `node --import tsx platform/src/main.ts`: `npm start`, the one-process mode. */
export function startPlatformProcess(vars: Record<string, string>, name = 'platform'): ManagedProcess {
  return spawnNode(name, ['--import', 'tsx', 'platform/src/main.ts'], { env: childEnv(vars) });
}

/**
 * `npm start` itself, through npm: npm runs the script in a shell of its own, so the platform is
 * npm's grandchild (what a user who kills npm leaves behind).
 */
export function startNpmStart(vars: Record<string, string>, name = 'npm start'): ManagedProcess {
  return new ManagedProcess(name, ['start'], { env: childEnv(vars), command: 'npm' });
}

/** The parent pid of each process now (Linux /proc). */
function parentPids(): Map<number, number> {
  const parents = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // Gone meanwhile.
    }
  }
  return parents;
}

/** The pids of every process below `pid` now: its children, theirs, and so on. */
export function descendantsOf(pid: number): number[] {
  const parents = parentPids();
  const found: number[] = [];
  let level = [pid];
  while (level.length > 0) {
    const next = [...parents].filter(([, parent]) => level.includes(parent)).map(([child]) => child);
    found.push(...next);
    level = next;
  }
  return found;
}

/** Whether a process with this pid runs: one that exited is not, even while its zombie waits for its parent to reap it. */
export function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 3, the state: Z (zombie) and X (dead) are gone.
    return !/^[ZX]/.test(stat.slice(stat.lastIndexOf(')') + 2));
  } catch {
    return false;
  }
}

/** Polls every 50 ms until none of `pids` runs; rejects naming those left after `timeoutMs`. */
export async function waitForExitOf(pids: number[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const left = pids.filter(isRunning);
    if (left.length === 0) return;
    if (Date.now() > deadline) throw new Error(`still running after ${timeoutMs} ms: ${left.join(', ')}`);
    await sleep(50);
  }
}

/**
 * How long a process started from TypeScript may take to answer its first request: several load at
 * once beside the suite's other process tests on two cores. A deadline for a hang, not a measure
 * of start-up (npm-start.test.ts prints the first start's; the bench measures it).
 */
export const PROCESS_READY_MS = 90_000;

/**
 * Polls `url` until it answers `status` (200 by default). Fails at once, with the process's output,
 * if `proc` exits meanwhile.
 */
export async function waitForHttp(url: string, proc: ManagedProcess, options: { timeoutMs?: number; status?: number } = {}): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 20_000;
  const wanted = options.status ?? 200;
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  for (;;) {
    if (!proc.running) throw new Error(`${proc.name} exited before ${url} answered ${wanted}\n${proc.describe()}`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      last = `${response.status} ${await response.text()}`;
      if (response.status === wanted) return;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer ${wanted} within ${timeoutMs} ms (last: ${last})\n${proc.describe()}`);
    await sleep(100);
  }
}

/**
 * The sum of every series of a Prometheus counter in a /metrics text whose labels include all of
 * `labels`; 0 when it has no series yet.
 */
export function metricSum(text: string, name: string, labels: Record<string, string> = {}): number {
  let sum = 0;
  for (const line of text.split('\n')) {
    const match = line.match(/^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})?\s+(\S+)/);
    if (!match || match[1] !== name) continue;
    const labelText = match[2] ?? '';
    if (Object.entries(labels).every(([key, value]) => labelText.includes(`${key}="${value}"`))) sum += Number(match[3]);
  }
  return sum;
}

/** Fetches `url` (a /metrics endpoint) and sums the counter as `metricSum` does. */
export async function readMetric(url: string, name: string, labels: Record<string, string> = {}): Promise<number> {
  const response = await fetch(url);
  if (response.status !== 200) throw new Error(`${url}: ${response.status}`);
  return metricSum(await response.text(), name, labels);
}

/** Pids of the processes whose command line contains every one of `parts` (Linux /proc). */
export function processesMatching(...parts: string[]): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let cmdline: string;
    try {
      cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').join(' ');
    } catch {
      continue;
    }
    if (parts.every((part) => cmdline.includes(part))) pids.push(Number(entry));
  }
  return pids.filter((pid) => pid !== process.pid);
}
