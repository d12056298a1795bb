import type { ServiceProcess } from '../common/child-process.js';
import { rssKiB } from '../common/gateway-memory.js';
import { collectGarbage, evaluateIn } from '../common/inspector.js';
import { formatColumns } from '../common/report.js';

const MiB = 1024 * 1024;

/** One reading of one process. */
export interface MemorySample {
  /** Seconds since the load began (0: just before it). */
  atS: number;
  /** Turns answered by then. */
  turns: number;
  /** Resident memory as the process ran, before the collection (`VmRSS`). */
  rssBytes: number;
  /** `process.memoryUsage()` after two full collections: the heap, and memory outside it (buffers). */
  heapUsedBytes: number;
  externalBytes: number;
}

/**
 * A process's memory: its RSS as it runs under the load, then its heap after two full collections
 * asked through its inspector (as gateway-memory reads the gateway's), so that garbage not yet
 * collected is not read as growth.
 */
export async function readMemory(process: ServiceProcess): Promise<Omit<MemorySample, 'atS' | 'turns'>> {
  if (process.pid === undefined) throw new Error(`${process.name} has no process id`);
  const rssBytes = (await rssKiB(process.pid)) * 1024;
  await collectGarbage(process);
  await collectGarbage(process);
  const usage = await evaluateIn<{ heapUsed: number; external: number }>(process, 'process.memoryUsage()');
  return { rssBytes, heapUsedBytes: usage.heapUsed, externalBytes: usage.external };
}

/** Growth of the heap after the warm-up that still counts as flat: 8 MiB or 5 % of the heap then, whichever is larger. */
export const FLAT_BOUND = { bytes: 8 * MiB, share: 0.05 };
/** The share of the run that is warm-up: JIT, pools, caches and the conversations' rows filling. */
export const WARM_UP_SHARE = 1 / 6;

export interface FlatVerdict {
  process: string;
  /** The first sample at or after the warm-up, and the last one. */
  warmUpAtS: number;
  lastAtS: number;
  heapAfterWarmUpBytes: number;
  heapLastBytes: number;
  growthBytes: number;
  boundBytes: number;
  /** Least-squares slope of the heap over the samples from the warm-up on, in MiB an hour (reported, not judged). */
  slopeMiBPerHour: number;
  rssAfterWarmUpBytes: number;
  rssLastBytes: number;
  flat: boolean;
}

/** The first sample at or after the warm-up's end (`runS` × WARM_UP_SHARE), never the baseline before the load. */
export function warmUpIndex(samples: MemorySample[], runS: number): number {
  const index = samples.findIndex((sample) => sample.atS > 0 && sample.atS >= runS * WARM_UP_SHARE);
  return index < 0 ? samples.length - 1 : index;
}

function slope(points: Array<[number, number]>): number {
  if (points.length < 2) return 0;
  const meanX = points.reduce((sum, [x]) => sum + x, 0) / points.length;
  const meanY = points.reduce((sum, [, y]) => sum + y, 0) / points.length;
  const covariance = points.reduce((sum, [x, y]) => sum + (x - meanX) * (y - meanY), 0);
  const variance = points.reduce((sum, [x]) => sum + (x - meanX) ** 2, 0);
  return variance === 0 ? 0 : covariance / variance;
}

/** "Flat after warm-up": the heap's growth from the sample after the warm-up to the last one, within FLAT_BOUND. */
export function judgeFlat(processName: string, samples: MemorySample[], runS: number): FlatVerdict {
  const from = samples[warmUpIndex(samples, runS)];
  const last = samples.at(-1);
  if (!from || !last) throw new Error(`${processName}: no samples`);
  const growthBytes = last.heapUsedBytes - from.heapUsedBytes;
  const boundBytes = Math.max(FLAT_BOUND.bytes, FLAT_BOUND.share * from.heapUsedBytes);
  const after = samples.filter((sample) => sample.atS >= from.atS).map((sample): [number, number] => [sample.atS / 3600, sample.heapUsedBytes / MiB]);
  return {
    process: processName,
    warmUpAtS: from.atS,
    lastAtS: last.atS,
    heapAfterWarmUpBytes: from.heapUsedBytes,
    heapLastBytes: last.heapUsedBytes,
    growthBytes,
    boundBytes,
    slopeMiBPerHour: slope(after),
    rssAfterWarmUpBytes: from.rssBytes,
    rssLastBytes: last.rssBytes,
    flat: growthBytes <= boundBytes,
  };
}

const mib = (bytes: number) => (bytes / MiB).toFixed(1);
const signedMib = (bytes: number) => `${bytes >= 0 ? '+' : ''}${mib(bytes)}`;

/** One process's samples over time, the warm-up's marked. */
export function formatSamples(samples: MemorySample[], runS: number): string {
  const warmUp = warmUpIndex(samples, runS);
  const body = samples.map((sample, index) => [
    String(Math.round(sample.atS)),
    sample.turns.toLocaleString('en-US'),
    mib(sample.rssBytes),
    mib(sample.heapUsedBytes),
    mib(sample.externalBytes),
    index === 0 ? 'before the load' : index === warmUp ? 'after warm-up' : '',
  ]);
  return formatColumns(['t s', 'turns', 'RSS MiB', 'heap MiB', 'external MiB', ''], body, new Set([0, 1, 2, 3, 4]));
}

/** Each process's verdict in one table. */
export function formatVerdicts(verdicts: FlatVerdict[]): string {
  const body = verdicts.map((verdict) => [
    verdict.process,
    `${mib(verdict.heapAfterWarmUpBytes)} → ${mib(verdict.heapLastBytes)}`,
    signedMib(verdict.growthBytes),
    mib(verdict.boundBytes),
    verdict.slopeMiBPerHour.toFixed(1),
    `${mib(verdict.rssAfterWarmUpBytes)} → ${mib(verdict.rssLastBytes)}`,
    verdict.flat ? 'PASS' : 'FAIL',
  ]);
  return formatColumns(
    [
      'process',
      `heap MiB (${Math.round(verdicts[0]?.warmUpAtS ?? 0)} s → ${Math.round(verdicts[0]?.lastAtS ?? 0)} s)`,
      'growth MiB',
      'bound MiB',
      'trend MiB/h',
      'RSS MiB',
      'flat',
    ],
    body,
    new Set([2, 3, 4]),
  );
}
