import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createLogger } from '@parley/logger';
import { samplePdf } from '@parley/uploads/test-files';
import { startS3Server } from '@parley/uploads/test-s3-server';
import { BENCH_AGENT_NAME, managementPost, seedBenchAgent } from '../common/bench-agent.js';
import type { ServiceProcess } from '../common/child-process.js';
import { collectGarbage, evaluateIn } from '../common/inspector.js';
import { startRealStack } from '../common/real-stack.js';
import { repoRoot } from '../common/stack.js';
import { sendUpload } from './upload-request.js';

export const USAGE = `npm run bench -- uploads [options]

A visitor's file streamed through the gateway's upload route (the real stack: gateway, links,
sessions, agent-runner as processes on this machine's PostgreSQL, NATS and Redis; a real link
that takes files and a real session), once into a folder (UPLOADS_DIR) and once into an S3
bucket (an s3rver process on loopback, as the upload store's tests start it).

Four warm-up uploads, a full collection (heap and RSS read), two more uploads, then the measured
ones, one after the other. The gateway's resident memory is read from /proc every 5 ms: an
upload's growth is the highest reading while it streams less the reading as it begins (a gateway
that held the file would grow by its size). At the end, a full collection again: what stays.

  --uploads <n>       measured uploads per store, after the 6 warm-up ones (default 8, at most 14)
  --mib <n>           each file's size in MiB (default 10)
  --store file|s3|file,s3   (default both)
  --runtime bundle|tsx  (default tsx)
  --help

Target: the gateway's RSS grows by less than 2 MB (2,000,000 bytes) while any one file streams,
and every file is stored.`;

export const TARGET_GROWTH_BYTES = 2_000_000;
const MiB = 1024 * 1024;
/** Uploads before the collection that the heap is measured after (compiled code, pools, caches filled). */
const WARM_UP_UPLOADS = 4;
/** Uploads after that collection, before the measured ones. */
const REWARM_UPLOADS = 2;
const SAMPLE_MS = 5;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const mib = (bytes: number) => (bytes / MiB).toFixed(1);

export type StoreKind = 'file' | 's3';

/** One address sends everything, at once: the per-address and per-session limits would refuse it. */
const GATEWAY_LIMITS = {
  PUBLIC_RATE_LIMIT_PER_IP_PER_MINUTE: '100000000',
  PUBLIC_RATE_LIMIT_PER_SESSION_PER_MINUTE: '100000000',
};

export interface StoreRun {
  store: StoreKind;
  uploads: number;
  fileBytes: number;
  /** Each measured upload, from its first byte sent to its answer read. */
  uploadMs: number[];
  /** For each measured upload: the highest RSS reading while it streamed, less the reading as it began. */
  rssGrowthBytes: number[];
  rssMaxGrowthBytes: number;
  /** The highest reading over all measured uploads, less the reading before the first: whether the growth adds up. */
  rssSeriesGrowthBytes: number;
  /** RSS after a full collection, after the warm-up and at the end: what stays. */
  rssCollectedBeforeBytes: number;
  rssCollectedAfterBytes: number;
  /** Heap used after a full collection, after the warm-up and at the end. */
  heapBeforeBytes: number;
  heapAfterBytes: number;
  /** Files the store holds at the end (warm-up ones included) and their bytes. */
  storedFiles: number;
  pass: boolean;
}

async function rssBytes(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) * 1024;
}

/** RSS and heap after a full collection and a second of quiet. */
async function settled(gateway: ServiceProcess, pid: number): Promise<{ rss: number; heap: number }> {
  await collectGarbage(gateway);
  await collectGarbage(gateway);
  await sleep(1_000);
  const { heapUsed } = await evaluateIn<{ heapUsed: number }>(gateway, 'process.memoryUsage()');
  return { rss: await rssBytes(pid), heap: heapUsed };
}

async function runStore(
  store: StoreKind,
  options: { uploads: number; fileBytes: number; runtime: 'bundle' | 'tsx'; log: (line: string) => void },
): Promise<StoreRun> {
  const logger = createLogger({ service: 'bench', level: 'silent' });
  const folder = await mkdtemp(join(tmpdir(), 'parley-bench-uploads-'));
  const s3 = store === 's3' ? await startS3Server() : undefined;
  try {
    const storeEnv = s3 ? s3.env : { UPLOADS_DIR: folder };
    const stack = await startRealStack({ runtime: options.runtime, sessionsReplicas: 1, log: options.log, logger, inspectGateway: true, gatewayEnv: { ...GATEWAY_LIMITS, ...storeEnv } });
    try {
      const gateway = stack.processes.find((p) => p.name === 'gateway');
      if (!gateway?.pid) throw new Error('no gateway process');
      const pid = gateway.pid;
      const agent = await seedBenchAgent(stack.url, stack.adminApiKey, 'uploads bench');
      const link = await managementPost(
        stack.url,
        stack.adminApiKey,
        `/api/agents/${BENCH_AGENT_NAME}/public-links`,
        { title: 'uploads bench', rate_limit_per_minute: 100_000, uploads: { enabled: true, max_bytes: options.fileBytes, types: ['application/pdf'] } },
        agent.tenantId,
      );
      const started = await fetch(`${stack.url}/api/public/chat/${link.token}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ content: 'I have a file for you' }),
      });
      if (started.status !== 200) throw new Error(`starting a session answered ${started.status}: ${await started.text()}`);
      const { session } = (await started.json()) as { session: string };

      const file = { name: 'statement.pdf', size: options.fileBytes, head: samplePdf() };
      const upload = async (label: string) => {
        const answer = await sendUpload(stack.url, link.token, session, file);
        const body = answer.status === 201 ? (JSON.parse(answer.body) as { bytes: number; type: string }) : undefined;
        if (!body || body.bytes !== options.fileBytes || body.type !== 'application/pdf') {
          throw new Error(`${store}: ${label} answered ${answer.status}: ${answer.body.slice(0, 300)}`);
        }
        return answer.ms;
      };
      for (let i = 0; i < WARM_UP_UPLOADS; i++) await upload(`warm-up upload ${i + 1}`);
      const before = await settled(gateway, pid);
      // A full collection shrinks the heap below what a busy gateway keeps: busy again before measuring.
      for (let i = 0; i < REWARM_UPLOADS; i++) await upload(`warm-up upload ${WARM_UP_UPLOADS + i + 1}`);
      options.log(`${store}: after ${WARM_UP_UPLOADS} warm-up uploads and a full collection: RSS ${mib(before.rss)} MiB, heap ${mib(before.heap)} MiB`);

      let peak = 0;
      let sampling = true;
      const sampler = (async () => {
        while (sampling) {
          // Read, then compare: the peak may have been reset for the next upload meanwhile.
          const reading = await rssBytes(pid);
          peak = Math.max(peak, reading);
          await sleep(SAMPLE_MS);
        }
      })();
      const uploadMs: number[] = [];
      const growthBytes: number[] = [];
      const rssAtFirst = await rssBytes(pid);
      let seriesPeak = rssAtFirst;
      try {
        for (let i = 0; i < options.uploads; i++) {
          const atStart = await rssBytes(pid);
          peak = atStart;
          uploadMs.push(await upload(`upload ${i + 1}`));
          const atEnd = await rssBytes(pid);
          peak = Math.max(peak, atEnd);
          growthBytes.push(peak - atStart);
          seriesPeak = Math.max(seriesPeak, peak);
        }
      } finally {
        sampling = false;
        await sampler;
      }
      stack.assertRunning();
      const after = await settled(gateway, pid);
      const storedFiles = s3 ? (await s3.listKeys()).length : (await readdir(folder, { recursive: true, withFileTypes: true })).filter((entry) => entry.isFile()).length;
      const maxGrowth = Math.max(...growthBytes);
      options.log(
        `${store}: ${options.uploads} × ${mib(options.fileBytes)} MiB in ${uploadMs.map((ms) => ms.toFixed(0)).join(', ')} ms; RSS growth per upload ${growthBytes.map((bytes) => (bytes / 1024).toFixed(0)).join(', ')} KiB`,
      );
      return {
        store,
        uploads: options.uploads,
        fileBytes: options.fileBytes,
        uploadMs,
        rssGrowthBytes: growthBytes,
        rssMaxGrowthBytes: maxGrowth,
        rssSeriesGrowthBytes: seriesPeak - rssAtFirst,
        rssCollectedBeforeBytes: before.rss,
        rssCollectedAfterBytes: after.rss,
        heapBeforeBytes: before.heap,
        heapAfterBytes: after.heap,
        storedFiles,
        pass: maxGrowth < TARGET_GROWTH_BYTES && storedFiles === WARM_UP_UPLOADS + REWARM_UPLOADS + options.uploads,
      };
    } finally {
      await stack.stop();
    }
  } finally {
    await s3?.close();
    await rm(folder, { recursive: true, force: true });
  }
}

export async function runUploadsBench(options: {
  stores: StoreKind[];
  uploads: number;
  fileBytes: number;
  runtime: 'bundle' | 'tsx';
  log: (line: string) => void;
}): Promise<StoreRun[]> {
  const runs: StoreRun[] = [];
  for (const store of options.stores) runs.push(await runStore(store, options));
  return runs;
}

/** The table of a run, in Markdown (what bench/README.md shows). */
export function uploadsTable(runs: StoreRun[]): string {
  const kib = (bytes: number) => `${bytes >= 0 ? '+' : ''}${(bytes / 1024).toFixed(0)} KiB`;
  const rows = runs.map((run) => {
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
    return `| ${run.store === 's3' ? 'S3 (s3rver)' : 'folder (UPLOADS_DIR)'} | ${run.uploads} × ${mib(run.fileBytes)} MiB | ${median(run.uploadMs).toFixed(0)} ms | ${kib(median(run.rssGrowthBytes))} | ${kib(run.rssMaxGrowthBytes)} | ${kib(run.rssSeriesGrowthBytes)} | ${kib(run.rssCollectedAfterBytes - run.rssCollectedBeforeBytes)} | ${mib(run.heapBeforeBytes)} → ${mib(run.heapAfterBytes)} MiB | ${run.pass ? 'PASS' : 'FAIL'} |`;
  });
  return [
    '| store | files | upload (median) | RSS growth per upload (median) | (max) | over the series | RSS, collected | heap, collected | max < 2 MB |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}

export async function main(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { uploads: { type: 'string' }, mib: { type: 'string' }, store: { type: 'string' }, runtime: { type: 'string' }, help: { type: 'boolean' } } });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const uploads = Number(values.uploads ?? '8');
  if (!Number.isInteger(uploads) || uploads < 1 || uploads > 14) throw new Error(`--uploads takes a whole number from 1 to 14 (a session holds 20 files), got "${values.uploads}"`);
  const mibs = Number(values.mib ?? '10');
  if (!Number.isInteger(mibs) || mibs < 1 || mibs > 50) throw new Error(`--mib takes a whole number from 1 to 50 (a link's largest max_bytes), got "${values.mib}"`);
  const stores = (values.store ?? 'file,s3').split(',').map((store) => store.trim());
  for (const store of stores) if (store !== 'file' && store !== 's3') throw new Error(`--store takes file, s3 or both, got "${store}"`);
  const runtime = values.runtime === 'bundle' ? 'bundle' : 'tsx';
  const runs = await runUploadsBench({ stores: stores as StoreKind[], uploads, fileBytes: mibs * MiB, runtime, log: (line) => process.stderr.write(`${line}\n`) });
  process.stdout.write(`${uploadsTable(runs)}\n\n${runs.map((run) => `[${run.pass ? 'PASS' : 'FAIL'} ${run.store}: gateway RSS growth while a file streams, at most ${(run.rssMaxGrowthBytes / 1e6).toFixed(2)} MB < 2 MB; every file stored]`).join('\n')}\n`);
  const dir = join(repoRoot, 'bench', 'results');
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, `uploads-${new Date().toISOString().replaceAll(':', '-').replaceAll('.', '-')}.json`), `${JSON.stringify({ runtime, runs }, null, 2)}\n`);
}
