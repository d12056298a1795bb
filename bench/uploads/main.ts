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
import { startBareServer } from './bare-server.js';
import { sendUpload } from './upload-request.js';

export const USAGE = `npm run bench -- uploads [options]

A visitor's file streamed through the gateway's upload route (the real stack: gateway, links,
sessions, agent-runner as processes on this machine's PostgreSQL, NATS and Redis; a real link
that takes files and a real session), once into a folder (UPLOADS_DIR) and once into an S3
bucket (an s3rver process on loopback, as the upload store's tests start it).

After 6 warm-up uploads, per store:
- held while a file streams: each of --uploads files is paused at its start and at a quarter,
  half and three quarters of it; at each pause the gateway makes a full collection (asked
  through its inspector) and its heap and external memory (buffers) and RSS are read. A gateway
  holding the file would hold three quarters of it at the last pause.
- kept after: the same figures after the files are stored, against the gateway idle.
- RSS peak while streaming: as many files again, without pauses, the gateway's RSS read from
  /proc every 5 ms; the highest reading less the one as the file began. It counts buffers that
  wait for the next collection: a bare node:http server draining the same requests is measured
  alike, for reference.

  --uploads <n>       files per store for each measure (default 6, at most 7: a session holds 20)
  --mib <n>           each file's size in MiB (default 10)
  --store file|s3|file,s3   (default both)
  --runtime bundle|tsx  (default tsx)
  --help

Target: held while a file streams and kept after both under 2 MB (2,000,000 bytes), every file
stored.`;

export const TARGET_GROWTH_BYTES = 2_000_000;
const MiB = 1024 * 1024;
/** Uploads before the first full collection (compiled code, pools, caches filled), and after it before measuring. */
const WARM_UP_UPLOADS = 4;
const REWARM_UPLOADS = 2;
/** Where a file is paused for a look at what the gateway holds: a quarter, half and three quarters in (against its start). */
const CHECKPOINTS = [0.25, 0.5, 0.75];
const SAMPLE_MS = 5;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const mib = (bytes: number) => (bytes / MiB).toFixed(1);
const kib = (bytes: number) => `${bytes >= 0 ? '+' : ''}${(bytes / 1024).toFixed(0)} KiB`;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

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
  /** Each upload streamed without a pause, from its first byte sent to its answer read. */
  uploadMs: number[];
  /**
   * Held while a file streams, for each paused upload: the most the gateway's heap and external
   * memory (buffers), and its RSS, grew from the file's first byte to a quarter, half and three
   * quarters of it, each read after a full collection.
   */
  heldGrowthBytes: number[];
  heldRssGrowthBytes: number[];
  /** Transient, for each upload streamed without a pause: the highest RSS reading less the one as it began (garbage not yet collected included). */
  peakRssGrowthBytes: number[];
  /** Once the files are stored, after a full collection, against the idle figures: what stays. */
  retainedBytes: number;
  retainedRssBytes: number;
  heapBeforeBytes: number;
  heapAfterBytes: number;
  /** Files the store holds at the end (warm-up ones included). */
  storedFiles: number;
  pass: boolean;
}

export interface UploadsResult {
  runs: StoreRun[];
  /** The same transient reading for a bare node:http server draining the same requests (bare-server.ts). */
  bare: { peakRssGrowthBytes: number[] };
}

async function rssBytes(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) * 1024;
}

/** What the gateway holds after a full collection: heap and external memory (buffers included), heap alone, RSS. */
async function collected(gateway: ServiceProcess): Promise<{ held: number; heap: number; rss: number }> {
  await collectGarbage(gateway);
  await collectGarbage(gateway);
  const usage = await evaluateIn<{ heapUsed: number; external: number; rss: number }>(gateway, 'process.memoryUsage()');
  return { held: usage.heapUsed + usage.external, heap: usage.heapUsed, rss: usage.rss };
}

/** Runs `send` once per upload while a process's RSS is read every few milliseconds: each upload's highest reading less the one as it began. */
async function peakGrowths(pid: number, uploads: number, send: (index: number) => Promise<number>, times: number[] = []): Promise<number[]> {
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
  const growths: number[] = [];
  try {
    for (let i = 0; i < uploads; i++) {
      const atStart = await rssBytes(pid);
      peak = atStart;
      times.push(await send(i));
      const atEnd = await rssBytes(pid);
      peak = Math.max(peak, atEnd);
      growths.push(peak - atStart);
    }
  } finally {
    sampling = false;
    await sampler;
  }
  return growths;
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
    const stack = await startRealStack({
      runtime: options.runtime,
      sessionsReplicas: 1,
      log: options.log,
      logger,
      inspectGateway: true,
      gatewayEnv: { ...GATEWAY_LIMITS, ...storeEnv },
    });
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
      const upload = async (label: string, pause?: Parameters<typeof sendUpload>[4]) => {
        const answer = await sendUpload(stack.url, link.token, session, file, pause);
        const body = answer.status === 201 ? (JSON.parse(answer.body) as { bytes: number; type: string }) : undefined;
        if (!body || body.bytes !== options.fileBytes || body.type !== 'application/pdf') {
          throw new Error(`${store}: ${label} answered ${answer.status}: ${answer.body.slice(0, 300)}`);
        }
        return answer.ms;
      };
      for (let i = 0; i < WARM_UP_UPLOADS; i++) await upload(`warm-up upload ${i + 1}`);
      const idle = await collected(gateway);
      options.log(`${store}: idle after ${WARM_UP_UPLOADS} warm-up uploads, collected: heap and buffers ${mib(idle.held)} MiB, RSS ${mib(idle.rss)} MiB`);
      // A full collection shrinks the heap below what a busy gateway keeps: busy again before measuring.
      for (let i = 0; i < REWARM_UPLOADS; i++) await upload(`warm-up upload ${WARM_UP_UPLOADS + i + 1}`);

      const uploadMs: number[] = [];
      const peakRssGrowthBytes = await peakGrowths(pid, options.uploads, (i) => upload(`upload ${i + 1}`), uploadMs);

      const heldGrowthBytes: number[] = [];
      const heldRssGrowthBytes: number[] = [];
      for (let i = 0; i < options.uploads; i++) {
        let atStart: { held: number; rss: number } | undefined;
        let held = Number.NEGATIVE_INFINITY;
        let heldRss = Number.NEGATIVE_INFINITY;
        await upload(`paused upload ${i + 1}`, {
          offsets: [0, ...CHECKPOINTS].map((share) => Math.floor(share * options.fileBytes)),
          reached: async (offset) => {
            // What was sent has reached the gateway and gone on to the store.
            await sleep(200);
            const now = await collected(gateway);
            if (offset === 0) {
              atStart = now;
              return;
            }
            held = Math.max(held, now.held - (atStart?.held ?? now.held));
            heldRss = Math.max(heldRss, now.rss - (atStart?.rss ?? now.rss));
          },
        });
        heldGrowthBytes.push(held);
        heldRssGrowthBytes.push(heldRss);
      }
      stack.assertRunning();
      const after = await collected(gateway);
      const storedFiles = s3
        ? (await s3.listKeys()).length
        : (await readdir(folder, { recursive: true, withFileTypes: true })).filter((entry) => entry.isFile()).length;
      options.log(
        `${store}: ${options.uploads} × ${mib(options.fileBytes)} MiB in ${uploadMs.map((ms) => ms.toFixed(0)).join(', ')} ms; held mid-file ${heldGrowthBytes.map(kib).join(', ')}; RSS peak ${peakRssGrowthBytes.map(kib).join(', ')}`,
      );
      const retainedBytes = after.held - idle.held;
      const heldMax = Math.max(...heldGrowthBytes, ...heldRssGrowthBytes);
      return {
        store,
        uploads: options.uploads,
        fileBytes: options.fileBytes,
        uploadMs,
        heldGrowthBytes,
        heldRssGrowthBytes,
        peakRssGrowthBytes,
        retainedBytes,
        retainedRssBytes: after.rss - idle.rss,
        heapBeforeBytes: idle.heap,
        heapAfterBytes: after.heap,
        storedFiles,
        pass: heldMax < TARGET_GROWTH_BYTES && retainedBytes < TARGET_GROWTH_BYTES && storedFiles === WARM_UP_UPLOADS + REWARM_UPLOADS + 2 * options.uploads,
      };
    } finally {
      await stack.stop();
    }
  } finally {
    await s3?.close();
    await rm(folder, { recursive: true, force: true });
  }
}

/** The bare node:http server's transient RSS growth under the same uploads (see bare-server.ts). */
async function runBare(options: { uploads: number; fileBytes: number }): Promise<number[]> {
  const bare = await startBareServer();
  try {
    const file = { name: 'statement.pdf', size: options.fileBytes, head: samplePdf() };
    const send = async () => {
      const answer = await sendUpload(bare.url, '', '', file);
      if (answer.status !== 201) throw new Error(`the bare server answered ${answer.status}`);
      return answer.ms;
    };
    for (let i = 0; i < WARM_UP_UPLOADS + REWARM_UPLOADS; i++) await send();
    return await peakGrowths(bare.pid, options.uploads, send);
  } finally {
    await bare.stop();
  }
}

export async function runUploadsBench(options: {
  stores: StoreKind[];
  uploads: number;
  fileBytes: number;
  runtime: 'bundle' | 'tsx';
  log: (line: string) => void;
}): Promise<UploadsResult> {
  const runs: StoreRun[] = [];
  for (const store of options.stores) runs.push(await runStore(store, options));
  const bare = await runBare(options);
  options.log(`bare node:http server: RSS peak ${bare.map(kib).join(', ')}`);
  return { runs, bare: { peakRssGrowthBytes: bare } };
}

/** The table of a run, in Markdown (what bench/README.md shows). */
export function uploadsTable({ runs, bare }: UploadsResult): string {
  const rows = runs.map(
    (run) =>
      `| ${run.store === 's3' ? 'S3 (s3rver)' : 'folder (UPLOADS_DIR)'} | ${run.uploads} + ${run.uploads} × ${mib(run.fileBytes)} MiB | ${median(run.uploadMs).toFixed(0)} ms | ${kib(Math.max(...run.heldGrowthBytes))} | ${kib(Math.max(...run.heldRssGrowthBytes))} | ${kib(run.retainedBytes)} | ${kib(median(run.peakRssGrowthBytes))} / ${kib(Math.max(...run.peakRssGrowthBytes))} | ${run.pass ? 'PASS' : 'FAIL'} |`,
  );
  return [
    '| store | files | upload (median) | held mid-file: heap + buffers (max) | held mid-file: RSS (max) | kept after | RSS peak while streaming (median / max) | < 2 MB |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows,
    `| bare node:http server, for reference | ${bare.peakRssGrowthBytes.length} × ${mib(runs[0]?.fileBytes ?? 0)} MiB | | | | | ${kib(median(bare.peakRssGrowthBytes))} / ${kib(Math.max(...bare.peakRssGrowthBytes))} | |`,
  ].join('\n');
}

export async function main(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: { uploads: { type: 'string' }, mib: { type: 'string' }, store: { type: 'string' }, runtime: { type: 'string' }, help: { type: 'boolean' } },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const uploads = Number(values.uploads ?? '6');
  if (!Number.isInteger(uploads) || uploads < 1 || uploads > 7)
    throw new Error(`--uploads takes a whole number from 1 to 7 (a session holds 20 files), got "${values.uploads}"`);
  const mibs = Number(values.mib ?? '10');
  if (!Number.isInteger(mibs) || mibs < 1 || mibs > 50)
    throw new Error(`--mib takes a whole number from 1 to 50 (a link's largest max_bytes), got "${values.mib}"`);
  const stores = (values.store ?? 'file,s3').split(',').map((store) => store.trim());
  for (const store of stores) if (store !== 'file' && store !== 's3') throw new Error(`--store takes file, s3 or both, got "${store}"`);
  const runtime = values.runtime === 'bundle' ? 'bundle' : 'tsx';
  const result = await runUploadsBench({
    stores: stores as StoreKind[],
    uploads,
    fileBytes: mibs * MiB,
    runtime,
    log: (line) => process.stderr.write(`${line}\n`),
  });
  const verdicts = result.runs.map(
    (run) =>
      `[${run.pass ? 'PASS' : 'FAIL'} ${run.store}: held while a file streams at most ${(Math.max(...run.heldGrowthBytes, ...run.heldRssGrowthBytes) / 1e6).toFixed(2)} MB, kept after ${(run.retainedBytes / 1e6).toFixed(2)} MB, both < 2 MB; every file stored]`,
  );
  process.stdout.write(`${uploadsTable(result)}\n\n${verdicts.join('\n')}\n`);
  const dir = join(repoRoot, 'bench', 'results');
  await mkdir(dir, { recursive: true });
  await writeFile(
    join(dir, `uploads-${new Date().toISOString().replaceAll(':', '-').replaceAll('.', '-')}.json`),
    `${JSON.stringify({ runtime, ...result }, null, 2)}\n`,
  );
}
