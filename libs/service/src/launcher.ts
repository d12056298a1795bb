import { readFileSync } from 'node:fs';
import { basename } from 'node:path';

/** A process's parent pid and command line, from /proc (Linux); undefined where it cannot be read. */
function procEntry(pid: number): { ppid: number; argv: string[] } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 4 is the parent pid; the command name before it may hold spaces, so count from ')'.
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    return Number.isInteger(ppid) ? { ppid, argv } : undefined;
  } catch {
    return undefined;
  }
}

/** npm itself: it retitles its process `npm <command>` (one string), or runs as `node …/npm-cli.js`. */
function isNpm(argv: string[]): boolean {
  const program = (argv[0] ?? '').split(' ')[0] ?? '';
  return /^npm(\.cmd)?$/.test(basename(program)) || argv.some((arg) => /npm-cli\.js$/.test(arg));
}

/** How many ancestors up npm is looked for: npm → its script shell → this process. */
const LAUNCHER_DEPTH = 3;

/**
 * The links from this process up to the npm process that launched it, each `{pid, parent}` as
 * they are now: `npm start` runs `sh -c 'node …'`, so npm is the grandparent. Undefined when this
 * process was not started by an npm script (no `npm_lifecycle_event`), or npm is not found among
 * the nearest ancestors – then only the direct parent is watched.
 */
export function launcherChain(): Array<{ pid: number; parent: number }> | undefined {
  if (process.env.npm_lifecycle_event === undefined) return undefined;
  const chain = [{ pid: process.pid, parent: process.ppid }];
  for (let depth = 0; depth < LAUNCHER_DEPTH; depth++) {
    const link = chain.at(-1) as { pid: number; parent: number };
    const parent = procEntry(link.parent);
    if (!parent) return chain.slice(0, 1);
    if (isNpm(parent.argv)) return chain;
    chain.push({ pid: link.parent, parent: parent.ppid });
  }
  return chain.slice(0, 1);
}

/**
 * Calls `onExit` once when the npm process that launched this one exits: `npm start`'s npm
 * forwards SIGTERM and SIGINT to its script's shell only, and nothing at all when it is killed
 * with SIGKILL, so the platform would run on, re-parented, with its embedded PostgreSQL. Node has
 * no parent-death signal: each link up to npm is polled instead (a parent that exits hands its
 * children to another at once, so a changed parent pid means it is gone) – one getppid and a
 * /proc read per link per interval. Not started by an npm script: nothing is watched (a parent
 * that exits is then no stop request – `nohup`, a service manager). Answers how to stop watching.
 */
export function watchLauncher(onExit: (reason: string) => void, options: { intervalMs?: number } = {}): () => void {
  const chain = launcherChain();
  if (!chain) return () => {};
  const [own, ...above] = chain as [{ pid: number; parent: number }, ...Array<{ pid: number; parent: number }>];
  const timer = setInterval(() => {
    const gone = process.ppid !== own.parent || above.some((link) => procEntry(link.pid)?.ppid !== link.parent);
    if (!gone) return;
    clearInterval(timer);
    onExit('the npm process that started it exited');
  }, options.intervalMs ?? 1_000);
  // The watch alone never keeps the process alive.
  timer.unref();
  return () => clearInterval(timer);
}
