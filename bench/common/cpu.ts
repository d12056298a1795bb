import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import type { Stack } from './stack.js';

/**
 * Where the machine's CPU goes during a measured window, from /proc (Linux only): each process
 * of the stack with its descendants (embedded PostgreSQL belongs to the one-process platform),
 * the servers by name, the load generator itself, and everything else on the machine (other
 * work running at the same time makes the figures noisy – this column says how much there was).
 * Values are in cores: 1.0 is one core fully busy.
 */

interface ProcessTicks {
  ppid: number;
  comm: string;
  ticks: number;
}

interface Snapshot {
  processes: Map<number, ProcessTicks>;
  machineBusy: number;
  machineTotal: number;
  self: NodeJS.CpuUsage;
}

/** Servers on this machine the turn goes through, by process name. */
const SERVER_NAMES: Record<string, string> = { postgres: 'postgres', 'nats-server': 'nats', 'redis-server': 'redis' };

let clockTicks: number | undefined;
function ticksPerSecond(): number {
  if (clockTicks === undefined) {
    try {
      clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      clockTicks = 100;
    }
  }
  return clockTicks;
}

/** How many of /proc's files are read at once: a snapshot never holds the load generator's loop for long. */
const READS_AT_ONCE = 16;

/**
 * Every process's CPU ticks, read without blocking: the snapshot is taken in the load generator's
 * process, whose event loop times the requests in flight, and reading every /proc/<pid>/stat in
 * one go held that loop for 20 ms and more at the window's start (bench/README.md, "the load
 * generator's own pauses"). The reads span a few milliseconds of an 8-second window.
 */
async function readProcesses(): Promise<Map<number, ProcessTicks>> {
  const processes = new Map<number, ProcessTicks>();
  const pids = (await readdir('/proc')).filter((entry) => /^\d+$/.test(entry));
  const readOne = async (entry: string) => {
    let stat: string;
    try {
      stat = await readFile(`/proc/${entry}/stat`, 'utf8');
    } catch {
      return; // exited meanwhile
    }
    // "pid (comm) state ppid … utime stime …": comm may hold spaces and parentheses.
    const open = stat.indexOf('(');
    const close = stat.lastIndexOf(')');
    const fields = stat.slice(close + 2).split(' ');
    processes.set(Number(entry), {
      comm: stat.slice(open + 1, close),
      ppid: Number(fields[1]),
      ticks: Number(fields[11]) + Number(fields[12]),
    });
  };
  for (let at = 0; at < pids.length; at += READS_AT_ONCE) await Promise.all(pids.slice(at, at + READS_AT_ONCE).map(readOne));
  return processes;
}

function readMachine(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  const values = line.trim().split(/\s+/).slice(1).map(Number);
  const total = values.reduce((sum, value) => sum + value, 0);
  const idle = (values[3] ?? 0) + (values[4] ?? 0);
  return { busy: total - idle, total };
}

export class CpuMeter {
  private start: Promise<Snapshot> | undefined;

  constructor(
    private readonly stack: ReadonlyArray<{ name: string; pid: number | undefined }>,
    /**
     * `servers`: the machine's servers the stack uses (postgres, nats, redis), the rest of their
     * work is other work; `database`: the stack's database on that PostgreSQL, whose backends alone count.
     */
    private readonly options: { servers: readonly string[]; database?: string | undefined },
  ) {}

  static available(): boolean {
    return existsSync('/proc/stat');
  }

  begin(): void {
    this.start = this.snapshot();
  }

  /** Cores used per part since `begin()`. */
  async end(): Promise<Record<string, number> | undefined> {
    if (!this.start) return undefined;
    const finishing = this.snapshot();
    const [start, finish] = await Promise.all([this.start, finishing]);
    const seconds = (finish.machineTotal - start.machineTotal) / ticksPerSecond() / cpus().length;
    if (seconds <= 0) return undefined;
    const used = (pids: Iterable<number>) => {
      let ticks = 0;
      for (const pid of pids) ticks += (finish.processes.get(pid)?.ticks ?? 0) - (start.processes.get(pid)?.ticks ?? 0);
      return ticks / ticksPerSecond() / seconds;
    };

    const result: Record<string, number> = {};
    const accounted = new Set<number>([process.pid]);
    for (const part of this.stack) {
      if (part.pid === undefined) continue;
      const tree = descendants(part.pid, finish.processes);
      for (const pid of tree) accounted.add(pid);
      // A server the process started itself (embedded PostgreSQL) is shown apart from it.
      const started = [...tree].filter((pid) => pid !== part.pid && SERVER_NAMES[finish.processes.get(pid)?.comm ?? '']);
      for (const pid of started) tree.delete(pid);
      result[part.name] = used(tree);
      if (started.length > 0) result[`${part.name}'s ${SERVER_NAMES[finish.processes.get(started[0] ?? 0)?.comm ?? '']}`] = used(started);
    }
    const servers: Record<string, number[]> = {};
    for (const [pid, info] of finish.processes) {
      const server = SERVER_NAMES[info.comm];
      if (!server || !this.options.servers.includes(server) || accounted.has(pid)) continue;
      // The machine's PostgreSQL serves other databases too: their backends are not the stack's.
      if (server === 'postgres' && this.options.database !== undefined && servesOtherDatabase(pid, this.options.database)) continue;
      servers[server] = [...(servers[server] ?? []), pid];
      accounted.add(pid);
    }
    for (const name of this.options.servers) result[name] = used(servers[name] ?? []);
    const self = (finish.self.user - start.self.user + finish.self.system - start.self.system) / 1e6;
    result['load generator'] = self / seconds;
    const machine = (finish.machineBusy - start.machineBusy) / ticksPerSecond() / seconds;
    const parts = Object.values(result).reduce((sum, value) => sum + value, 0);
    result.other = Math.max(0, machine - parts);
    result.idle = Math.max(0, cpus().length - machine);
    return result;
  }

  /** The machine's and the load generator's own figures at once, then every process's as they are read. */
  private async snapshot(): Promise<Snapshot> {
    const machine = readMachine();
    const self = process.cpuUsage();
    return { processes: await readProcesses(), machineBusy: machine.busy, machineTotal: machine.total, self };
  }
}

/**
 * A PostgreSQL backend names its database in its title ("postgres: user database host(port) state");
 * the server's own processes (postmaster, WAL writer, checkpointer, …) name none and work for all.
 */
function servesOtherDatabase(pid: number, database: string): boolean {
  let title: string;
  try {
    title = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ').trim();
  } catch {
    return false;
  }
  // Debian-style servers put their cluster's name first: "postgres: 15/main: user database …".
  const backend = /^postgres: (?:[^ :]+: )?(\S+) (\S+) (\S+\(\d+\)|\[local\])/.exec(title);
  return backend !== null && backend[2] !== database;
}

function descendants(root: number, processes: Map<number, ProcessTicks>): Set<number> {
  const tree = new Set<number>([root]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, info] of processes) {
      if (!tree.has(pid) && tree.has(info.ppid)) {
        tree.add(pid);
        grew = true;
      }
    }
  }
  return tree;
}

/**
 * A meter of the stack's processes and servers, where /proc exists. `besides`: processes the
 * bench runs next to the stack (the fake LLM server), each shown as its own part.
 */
export function cpuMeterFor(stack: Stack, besides: ReadonlyArray<{ name: string; pid: number | undefined }> = []): CpuMeter | undefined {
  if (!CpuMeter.available()) return undefined;
  return new CpuMeter([...stack.processes.map((p) => ({ name: p.name, pid: p.pid })), ...besides], { servers: stack.servers, database: stack.database });
}
