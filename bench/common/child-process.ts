import { type ChildProcess, spawn } from 'node:child_process';
import { readdir, readFile, readlink } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';

/** Variables of the platform that the bench always sets itself, so the caller's shell cannot leak in. */
const PLATFORM_VARIABLES = [
  'DATABASE_URL',
  'NATS_URL',
  'REDIS_URL',
  'BUS_NAMESPACE',
  'PORT',
  'HOST',
  'HEALTH_PORT',
  'DATA_DIR',
  'SEED_DEMO',
  'ADMIN_API_KEY',
  'CHAT_API_SECRET',
  'AUDIT_KEY',
  'VERIFICATION_KEY',
  'SECRETS_KEY',
  'PUBLIC_BASE_URL',
  'MANAGEMENT_RATE_LIMIT_PER_MINUTE',
  'PUBLIC_RATE_LIMIT_PER_IP_PER_MINUTE',
  'PUBLIC_RATE_LIMIT_PER_SESSION_PER_MINUTE',
  'PUBLIC_RATE_LIMIT_PER_EMAIL_PER_MINUTE',
  'LIVE_STREAMS_PER_SESSION',
  'LIVE_STREAMS_PER_ADDRESS',
  'OIDC_ISSUER_URL',
  'OIDC_CLIENT_ID',
  'OIDC_CLIENT_SECRET',
  'OPENAI_API_KEY',
  'OPENAI_BASE_URL',
  'TOOLS_ALLOW_PRIVATE',
  'TOOL_CALLS_PER_TENANT',
  'LOG_LEVEL',
  'NODE_OPTIONS',
  'UPLOADS_DIR',
  'S3_BUCKET',
  'S3_ENDPOINT',
  'S3_REGION',
  'S3_ACCESS_KEY_ID',
  'S3_SECRET_ACCESS_KEY',
  'S3_FORCE_PATH_STYLE',
];

/**
 * Runs a command to its end (a build, a benchmark in another checkout), its standard output and
 * error kept together in the order they came: its exit code and that output.
 */
export async function runToEnd(
  command: string,
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv },
): Promise<{ code: number | null; output: string }> {
  const output: string[] = [];
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.once('error', reject);
    child.once('close', resolve);
  });
  return { code, output: output.join('') };
}

/** The caller's environment without the platform's variables, plus `own`. */
export function childEnv(own: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of PLATFORM_VARIABLES) delete env[name];
  return { ...env, ...own };
}

const TAIL_LINES = 40;

/** A service process of the stack under test: its output is kept (last lines) for error messages. */
export class ServiceProcess {
  readonly child: ChildProcess;
  private readonly tail: string[] = [];
  private readonly listeners = new Set<(line: string) => void>();
  private exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  private readonly exit: Promise<void>;

  constructor(
    readonly name: string,
    args: string[],
    options: { cwd: string; env: NodeJS.ProcessEnv },
  ) {
    this.child = spawn(process.execPath, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.exit = new Promise((resolve) => {
      this.child.once('exit', (code, signal) => {
        this.exited = { code, signal };
        resolve();
      });
      // A spawn failure (no such binary) emits error and no exit.
      this.child.once('error', (error) => {
        this.exited ??= { code: null, signal: null };
        this.remember(`spawn failed: ${error.message}`);
        resolve();
      });
    });
    for (const stream of [this.child.stdout, this.child.stderr]) {
      let partial = '';
      stream?.setEncoding('utf8');
      stream?.on('data', (chunk: string) => {
        const lines = (partial + chunk).split('\n');
        partial = lines.pop() ?? '';
        for (const line of lines) this.remember(line);
      });
    }
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get running(): boolean {
    return this.exited === undefined;
  }

  /** The last lines the process printed, for a failure message. */
  output(): string {
    return this.tail.join('\n');
  }

  /** Resolves with the first output line matching `pattern`; rejects if the process exits first or time runs out. */
  async waitForLine(pattern: RegExp, timeoutMs: number): Promise<RegExpExecArray> {
    const seen = this.tail.map((line) => pattern.exec(line)).find((match) => match !== null);
    if (seen) return seen;
    let listener: ((line: string) => void) | undefined;
    try {
      return await new Promise<RegExpExecArray>((resolve, reject) => {
        listener = (line) => {
          const match = pattern.exec(line);
          if (match) resolve(match);
        };
        this.listeners.add(listener);
        void this.exit.then(() => reject(this.failure('exited before it was ready')));
        void sleep(timeoutMs, undefined, { ref: false }).then(() => reject(this.failure(`was not ready within ${timeoutMs} ms`)));
      });
    } finally {
      if (listener) this.listeners.delete(listener);
    }
  }

  /**
   * Polls `url` until this process answers it 200. A port found free may be taken by another
   * test's process before this one listens on it: that one's 200 is not this one's (this process
   * then exits saying the port is in use), so the listening socket must be this process's own.
   */
  async waitForHttp(url: string, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const port = Number(new URL(url).port);
    for (;;) {
      if (!this.running) throw this.failure('exited before it was ready');
      const ok = await fetch(url, { signal: AbortSignal.timeout(2_000) })
        .then((response) => response.ok)
        .catch(() => false);
      if (ok && this.child.pid !== undefined && (await listensOn(this.child.pid, port))) return;
      if (Date.now() > deadline) throw this.failure(`${url} did not answer 200 within ${timeoutMs} ms`);
      await sleep(100);
    }
  }

  failure(what: string): Error {
    const how = this.exited ? ` (exit code ${this.exited.code}, signal ${this.exited.signal})` : '';
    return new Error(`${this.name} ${what}${how}; its last output:\n${this.output()}`);
  }

  /** SIGTERM (graceful: drains, and writes --cpu-prof profiles), SIGKILL after `graceMs`. */
  async stop(graceMs = 15_000): Promise<void> {
    if (!this.running) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await this.exit;
    clearTimeout(timer);
  }

  /** Last resort when the bench itself is exiting: no waiting. */
  killNow(): void {
    if (this.running) this.child.kill('SIGKILL');
  }

  private remember(line: string): void {
    this.tail.push(line);
    if (this.tail.length > TAIL_LINES) this.tail.shift();
    for (const listener of this.listeners) listener(line);
  }
}

/**
 * Whether process `pid` holds the socket listening on TCP `port` (Linux: the socket's inode in
 * /proc/net/tcp and tcp6 among the process's open files). Elsewhere: assumed so.
 */
async function listensOn(pid: number, port: number): Promise<boolean> {
  const hex = port.toString(16).toUpperCase().padStart(4, '0');
  const listening = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    const text = await readFile(table, 'utf8').catch(() => undefined);
    if (text === undefined) return true;
    for (const line of text.split('\n').slice(1)) {
      // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode
      const fields = line.trim().split(/\s+/);
      if (fields[1]?.endsWith(`:${hex}`) && fields[3] === '0A' && fields[9]) listening.add(`socket:[${fields[9]}]`);
    }
  }
  const fds = await readdir(`/proc/${pid}/fd`).catch(() => [] as string[]);
  for (const fd of fds) if (listening.has(await readlink(`/proc/${pid}/fd/${fd}`).catch(() => ''))) return true;
  return false;
}

const everyProcess = new Set<ServiceProcess>();
let exitHookInstalled = false;

/** Starts a node process of the stack; it is killed if the bench exits without stopping it. */
export function startService(name: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }): ServiceProcess {
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once('exit', () => {
      for (const service of everyProcess) service.killNow();
    });
  }
  const service = new ServiceProcess(name, args, options);
  everyProcess.add(service);
  service.child.once('exit', () => everyProcess.delete(service));
  return service;
}
