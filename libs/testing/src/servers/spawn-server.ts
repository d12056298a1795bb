import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../free-port.js';

export interface SpawnedServer {
  url: string;
  stop(): Promise<void>;
}

/** A server a test can crash and bring back, on the same port and directory (what it stored survives). */
export interface RestartableServer extends SpawnedServer {
  /** Kills it with SIGKILL, as in a crash, and starts it again on the same port and directory, resolving once it is ready. */
  restart(): Promise<void>;
}

export interface SpawnServerOptions {
  command: string;
  /** Arguments for a given port and a fresh temporary directory of its own. */
  args(port: number, dir: string): string[];
  /** Output line that says the server accepts connections. */
  ready: RegExp;
  url(port: number): string;
  timeoutMs?: number;
}

const ATTEMPTS = 3;

/** Starts the server once; resolves with the running child, or with what it printed when it did not get ready. */
export async function launch(options: SpawnServerOptions, port: number, dir: string): Promise<{ child: ChildProcess } | { failure: string }> {
  const child = spawn(options.command, options.args(port, dir), { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const started = await new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), options.timeoutMs ?? 15_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (options.ready.test(output)) {
        clearTimeout(timer);
        resolve(true);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('error', (error) => {
      output += String(error);
      clearTimeout(timer);
      resolve(false);
    });
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(false);
    });
  });
  if (!started) {
    await killed(child);
    return { failure: output.trim().split('\n').slice(-2).join(' | ') };
  }
  // Keep draining its output (unrecorded) so a chatty server never blocks on a full pipe.
  child.stdout?.removeAllListeners('data').resume();
  child.stderr?.removeAllListeners('data').resume();
  return { child };
}

const running = (child: ChildProcess) => child.exitCode === null && child.signalCode === null;

/** SIGKILL, as in a crash; resolves once the process is gone. */
export async function killed(child: ChildProcess): Promise<void> {
  if (!running(child)) return;
  const exited = once(child, 'exit');
  child.kill('SIGKILL');
  await exited;
}

async function terminated(child: ChildProcess): Promise<void> {
  if (!running(child)) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/**
 * Runs a server binary on a free loopback port with a temporary directory, resolving once it
 * prints its ready line. Retried on a new port when another program takes the first one.
 */
export async function spawnServer(options: SpawnServerOptions): Promise<RestartableServer> {
  const failures: string[] = [];
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const port = await freePort();
    const dir = await mkdtemp(join(tmpdir(), 'parley-test-server-'));
    const first = await launch(options, port, dir);
    if ('failure' in first) {
      await rm(dir, { recursive: true, force: true });
      failures.push(first.failure);
      continue;
    }
    let child = first.child;
    let stopping: Promise<void> | undefined;
    return {
      url: options.url(port),
      restart: async () => {
        await killed(child);
        const again = await launch(options, port, dir);
        if ('failure' in again) throw new Error(`${options.command} did not start again: ${again.failure}`);
        child = again.child;
      },
      stop: () => {
        stopping ??= (async () => {
          await terminated(child);
          await rm(dir, { recursive: true, force: true });
        })();
        return stopping;
      },
    };
  }
  throw new Error(`${options.command} did not start: ${failures.join(' / ')}`);
}
