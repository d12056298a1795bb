import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { repoRoot } from './stack.js';

/** A V8 .cpuprofile, as `node --cpu-prof` writes it. */
interface CpuProfile {
  nodes: Array<{
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
    children?: number[];
  }>;
  samples: number[];
  timeDeltas: number[];
  /** Microseconds on the monotonic clock, the one `process.hrtime` reads in every process. */
  startTime: number;
}

/** A measured window, in microseconds of `process.hrtime.bigint() / 1000n`. */
export interface Window {
  fromUs: number;
  toUs: number;
}

/** Now on the clock the profiles' timestamps use. */
export function monotonicUs(): number {
  return Number(process.hrtime.bigint() / 1000n);
}

export interface ProfileSummary {
  process: string;
  file: string;
  /** Whether only samples within the measured windows count (start-up and set-up left out). */
  windowsOnly: boolean;
  /** Sampled time the process was running JavaScript, GC or native code (idle excluded). */
  busyMs: number;
  idleMs: number;
  /** Functions by self time. */
  topFunctions: Array<{ name: string; where: string; ms: number; percent: number }>;
  /** Self time by where the code comes from (npm package, node internals, the platform's code, GC). */
  selfByOrigin: Array<{ origin: string; ms: number; percent: number }>;
  /** Time with the origin anywhere on the stack: what a package costs including what it calls. */
  inclusiveByOrigin: Array<{ origin: string; ms: number; percent: number }>;
}

const SPECIAL = new Set(['(idle)', '(program)', '(garbage collector)', '(root)']);

function shortUrl(url: string): string {
  const path = url.replace(/^file:\/\//, '');
  const modules = path.lastIndexOf('/node_modules/');
  if (modules >= 0) return path.slice(modules + '/node_modules/'.length);
  return path.startsWith(repoRoot) ? path.slice(repoRoot.length) : path;
}

/** Where a frame's code comes from. */
function origin(functionName: string, url: string): string {
  if (SPECIAL.has(functionName)) return functionName;
  if (url === '') return '(native)';
  if (url.startsWith('node:')) return 'node internals';
  const path = url.replace(/^file:\/\//, '');
  if (path.includes('/node_modules/.cache/parley-bench/')) return 'parley (bundle)';
  const modules = path.lastIndexOf('/node_modules/');
  if (modules >= 0) {
    const rest = path.slice(modules + '/node_modules/'.length).split('/');
    return rest[0]?.startsWith('@') ? `${rest[0]}/${rest[1]}` : (rest[0] ?? path);
  }
  if (path.startsWith(repoRoot)) {
    const [group, name] = path.slice(repoRoot.length).split('/');
    return group === 'libs' || group === 'services' ? `parley ${group}/${name}` : `parley ${group}`;
  }
  return path;
}

function ranked<T extends { ms: number }>(entries: Map<string, T>, busyMs: number, top: number): Array<T & { percent: number }> {
  return [...entries.values()]
    .sort((a, b) => b.ms - a.ms)
    .slice(0, top)
    .map((entry) => ({ ...entry, ms: Math.round(entry.ms), percent: Math.round((entry.ms / busyMs) * 1000) / 10 }));
}

export function summarizeProfile(processName: string, file: string, profile: CpuProfile, windows: Window[] = [], top = 15): ProfileSummary {
  // Each sample's timestamp is the profile's start plus the deltas so far.
  const stamps: number[] = [];
  let clock = profile.startTime;
  for (const delta of profile.timeDeltas) {
    clock += delta;
    stamps.push(clock);
  }
  const inWindow = (index: number) => windows.some((w) => (stamps[index] ?? 0) >= w.fromUs && (stamps[index] ?? 0) <= w.toUs);
  const windowsOnly = windows.length > 0 && profile.samples.some((_, index) => inWindow(index));

  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

  const functions = new Map<string, { name: string; where: string; ms: number }>();
  const self = new Map<string, { origin: string; ms: number }>();
  const inclusive = new Map<string, { origin: string; ms: number }>();
  let idleMs = 0;
  let busyMs = 0;
  profile.samples.forEach((id, index) => {
    const ms = (profile.timeDeltas[index] ?? 0) / 1000;
    const node = byId.get(id);
    if (!node || ms <= 0 || (windowsOnly && !inWindow(index))) return;
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === '(idle)') {
      idleMs += ms;
      return;
    }
    busyMs += ms;
    const where = url ? `${shortUrl(url)}:${lineNumber + 1}` : '';
    const key = `${functionName} ${where}`;
    const fn = functions.get(key) ?? { name: functionName || '(anonymous)', where, ms: 0 };
    fn.ms += ms;
    functions.set(key, fn);
    const own = origin(functionName, url);
    const entry = self.get(own) ?? { origin: own, ms: 0 };
    entry.ms += ms;
    self.set(own, entry);
    const onStack = new Set<string>();
    for (let current: number | undefined = id; current !== undefined; current = parent.get(current)) {
      const frame = byId.get(current)?.callFrame;
      if (frame && frame.functionName !== '(root)') onStack.add(origin(frame.functionName, frame.url));
    }
    for (const name of onStack) {
      const total = inclusive.get(name) ?? { origin: name, ms: 0 };
      total.ms += ms;
      inclusive.set(name, total);
    }
  });
  return {
    process: processName,
    file,
    windowsOnly,
    busyMs: Math.round(busyMs),
    idleMs: Math.round(idleMs),
    topFunctions: ranked(functions, busyMs, top),
    selfByOrigin: ranked(self, busyMs, top),
    inclusiveByOrigin: ranked(inclusive, busyMs, top),
  };
}

/**
 * One summary per process folder of `dir` (`<dir>/<process>/*.cpuprofile`): of the profiles a
 * process wrote (one per thread), the busiest, i.e. its main thread's.
 */
export async function summarizeProfiles(dir: string, windows: Window[] = []): Promise<ProfileSummary[]> {
  const summaries: ProfileSummary[] = [];
  const processes = (await readdir(dir, { withFileTypes: true })).filter((entry) => entry.isDirectory()).map((entry) => entry.name);
  for (const name of processes.sort()) {
    let busiest: ProfileSummary | undefined;
    for (const file of (await readdir(join(dir, name))).filter((file) => file.endsWith('.cpuprofile'))) {
      const path = join(dir, name, file);
      const summary = summarizeProfile(name, path, JSON.parse(await readFile(path, 'utf8')) as CpuProfile, windows);
      if (!busiest || summary.busyMs > busiest.busyMs) busiest = summary;
    }
    if (busiest) summaries.push(busiest);
  }
  return summaries;
}

export function formatProfiles(summaries: ProfileSummary[]): string {
  const pct = (value: number) => `${value.toFixed(1).padStart(5)}%`;
  return summaries
    .map((summary) =>
      [
        `${summary.process}: ${(summary.busyMs / 1000).toFixed(1)} s busy, ${(summary.idleMs / 1000).toFixed(1)} s idle ` +
          `${summary.windowsOnly ? 'within the measured windows' : 'over its whole life'} (${summary.file})`,
        '  self time by origin:',
        ...summary.selfByOrigin.map((entry) => `    ${pct(entry.percent)}  ${entry.origin}`),
        '  time with the origin on the stack:',
        ...summary.inclusiveByOrigin.map((entry) => `    ${pct(entry.percent)}  ${entry.origin}`),
        '  top functions by self time:',
        ...summary.topFunctions.map((entry) => `    ${pct(entry.percent)}  ${entry.name}  ${entry.where}`),
      ].join('\n'),
    )
    .join('\n\n');
}
