import { readFileSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '@parley/logger';

/** A zombie (Z) or dead (X) process, by /proc (Linux); false where it cannot be read. */
function exited(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return /^[ZX]/.test(stat.slice(stat.lastIndexOf(')') + 2));
  } catch {
    return false;
  }
}

/**
 * Whether the process runs. One that exited is not, though its pid exists until its parent reaps
 * it: an orphan's new parent (a container's init) may never do so.
 */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  return !exited(pid);
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

/** The pid recorded in the owner file, if there is one. */
async function recordedOwner(ownerFile: string | undefined): Promise<number | undefined> {
  if (ownerFile === undefined) return undefined;
  try {
    const pid = Number((await readFile(ownerFile, 'utf8')).trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Makes the data directory startable after an earlier run was killed. PostgreSQL refuses to start
 * while postmaster.pid names a live process, so:
 * - no live process (or a reused pid running something else): the file is stale and removed;
 * - a server on this data directory orphaned by its dead parent: it is shut down (fast shutdown,
 *   no data lost) so this run can own it. Orphaned means its parent is no longer the process that
 *   started it (`ownerFile` records that one's pid; a parent that dies hands its children to pid 1
 *   or to a subreaper – a container's init, a service manager – at once); without a record, its
 *   parent is pid 1;
 * - a server still owned by another live process: that run is using the data, so we refuse.
 */
export async function clearStaleServer(pgdata: string, logger: Logger, ownerFile?: string): Promise<void> {
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
  const owner = await recordedOwner(ownerFile);
  const orphaned = info !== null && (owner === undefined ? info.ppid === 1 : info.ppid !== owner);
  if (orphaned) {
    logger.warn({ pid }, 'stopping the embedded PostgreSQL orphaned by an earlier run');
    process.kill(pid, 'SIGINT');
    if (await waitForExit(pid, 30_000)) {
      await rm(pidFile, { force: true });
      return;
    }
  }
  throw new Error(`embedded PostgreSQL: ${pgdata} is in use by PostgreSQL (pid ${pid}) – is another Parley running?`);
}
