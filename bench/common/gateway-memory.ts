import { readFile } from 'node:fs/promises';
import type { ServiceProcess } from './child-process.js';
import { collectGarbage } from './inspector.js';

/** A process's resident memory as the kernel counts it (`VmRSS` of /proc/<pid>/status), in KiB. */
export async function rssKiB(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
}

/**
 * A process's resident memory after a full garbage collection (asked through its inspector):
 * right after a burst the heap still holds garbage V8 has not collected yet, which says nothing
 * about what an idle connection costs.
 */
export async function collectedRssKiB(process: ServiceProcess): Promise<number> {
  await collectGarbage(process);
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  if (process.pid === undefined) throw new Error(`no ${process.name} process`);
  return rssKiB(process.pid);
}
