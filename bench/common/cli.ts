import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MODES, type Mode, type Runtime, repoRoot } from './stack.js';

/** Where every benchmark writes its JSON (git-ignored). */
export const RESULTS_DIR = join(repoRoot, 'bench', 'results');

/** A timestamp usable in a file name. */
export function fileStamp(date = new Date()): string {
  return date.toISOString().replace(/[:.]/g, '-');
}

/** Writes `bench/results/<name>-<stamp>.json`; answers its path. */
export async function writeResult(name: string, stamp: string, report: unknown): Promise<string> {
  await mkdir(RESULTS_DIR, { recursive: true });
  const file = join(RESULTS_DIR, `${name}-${stamp}.json`);
  await writeFile(file, `${JSON.stringify(report, null, 2)}\n`);
  return file;
}

export function positiveNumber(flag: string, value: string): number {
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed <= 0) throw new Error(`${flag} must be a positive number, got "${value}"`);
  return parsed;
}

/** `--runtime bundle|tsx`: how the services run (tsdown bundles, as shipped, or TypeScript through tsx). */
export function parseRuntime(value: string): Runtime {
  if (value !== 'bundle' && value !== 'tsx') throw new Error(`--runtime must be bundle or tsx, got "${value}"`);
  return value;
}

/** `--mode real|one-process|both`. */
export function parseModes(value: string): Mode[] {
  const modes = value === 'both' ? [...MODES] : [value as Mode];
  if (!modes.every((mode) => MODES.includes(mode))) throw new Error(`--mode must be real, one-process or both, got "${value}"`);
  return modes;
}

/** `--concurrency 1,16,64`. */
export function parseConcurrency(value: string): number[] {
  return value.split(',').map((part) => {
    const n = Number(part.trim());
    if (!Number.isInteger(n) || n < 1) throw new Error(`--concurrency takes whole numbers ≥ 1 separated by commas, got "${value}"`);
    return n;
  });
}
