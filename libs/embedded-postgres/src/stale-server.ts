import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '@parley/logger';

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Reads /proc (Linux); null where it is not available. */
async function procInfo(pid: number): Promise<{ cmdline: string; ppid: number } | null> {
  try {
    const cmdline = (await readFile(`/proc/${pid}/cmdline`, 'utf8')).split('\0').join(' ');
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    // Field 4 is the parent pid; the command name before it may hold spaces, so count from ')'.
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    return { cmdline, ppid };
  } catch {
    return null;
  }
}

async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true;
    await sleep(100);
  }
  return !isAlive(pid);
}

/**
 * Makes the data directory startable after an earlier run was killed. PostgreSQL refuses to start
 * while postmaster.pid names a live process, so:
 * - no live process (or a reused pid running something else): the file is stale and removed;
 * - a server on this data directory orphaned by its dead parent (re-parented to pid 1): it is
 *   shut down (fast shutdown, no data lost) so this run can own it;
 * - a server still owned by another live process: that run is using the data, so we refuse.
 */
export async function clearStaleServer(pgdata: string, logger: Logger): Promise<void> {
  const pidFile = join(pgdata, 'postmaster.pid');
  let content: string;
  try {
    content = await readFile(pidFile, 'utf8');
  } catch {
    return;
  }
  const pid = Number(content.split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) {
    logger.info({ pidFile }, 'removing stale postmaster.pid left by an earlier run');
    await rm(pidFile, { force: true });
    return;
  }
  const info = await procInfo(pid);
  if (info && !(info.cmdline.includes('postgres') && info.cmdline.includes(pgdata))) {
    logger.info({ pidFile, pid }, 'removing postmaster.pid whose pid now belongs to another program');
    await rm(pidFile, { force: true });
    return;
  }
  if (info?.ppid === 1) {
    logger.warn({ pid }, 'stopping the embedded PostgreSQL orphaned by an earlier run');
    process.kill(pid, 'SIGINT');
    if (await waitForExit(pid, 30_000)) {
      await rm(pidFile, { force: true });
      return;
    }
  }
  throw new Error(`embedded PostgreSQL: ${pgdata} is in use by PostgreSQL (pid ${pid}) – is another Parley running?`);
}
