import { describe, expect, it } from 'vitest';
import { runChatApiBench } from '../chat-api/bench.js';
import { percentile } from '../chat-api/load.js';
import { parseOptions } from '../chat-api/main.js';
import { checkTargets, formatCpu, formatIngestion, formatMarkdown, type RunRecord, stackCpuMsPerRequest, stackPerLoadGenerator } from '../chat-api/report.js';
import { CpuMeter } from '../common/cpu.js';
import { nodeFlags } from '../common/stack.js';

describe('npm run bench -- chat-api', () => {
  it('drives signed turns of both agents through the one-process platform without a single error', async () => {
    const log: string[] = [];
    const report = await runChatApiBench({
      modes: ['one-process'],
      agents: ['static', 'llm'],
      runtime: 'bundle',
      sessionsReplicas: 1,
      durationS: 1,
      warmupS: 0.3,
      concurrency: [2],
      breakdown: false,
      log: (line) => log.push(line),
    });

    // The llm agent's turns count only when they answer the fake LLM's reply, streamed through the runner.
    expect(report.runs.map((run) => run.agent)).toEqual(['static', 'llm']);
    for (const run of report.runs) {
      expect(run.errors, `${run.agent} errors: ${JSON.stringify(run.errorKinds)}\n${log.join('\n')}`).toBe(0);
      expect(run.request).toBe('turn');
      expect(run.perSecond).toBeGreaterThan(0);
      expect(run.ok).toBeGreaterThan(0);
      expect(run.latencyMs.p50).toBeGreaterThan(0);
      expect(run.latencyMs.p99).toBeGreaterThanOrEqual(run.latencyMs.p50);
    }
    expect(formatMarkdown(report.runs)).toContain('| one-process | static | 2 |');
    expect(formatMarkdown(report.runs)).toContain('| one-process | llm | 2 |');
    if (CpuMeter.available()) {
      // The fake LLM server is a part of its own, outside the stack's CPU per turn.
      const llm = report.runs[1]!;
      expect(Object.keys(llm.cpuCores ?? {})).toContain('fake LLM');
      expect(formatCpu(report.runs)).toContain('fake LLM');
      const withFake = stackCpuMsPerRequest({ ...llm, cpuCores: { ...llm.cpuCores, 'fake LLM': 0 } });
      expect(stackCpuMsPerRequest({ ...llm, cpuCores: { ...llm.cpuCores, 'fake LLM': 5 } })).toBe(withFake);
    }
  }, 90_000);

  it('drives the tool agent, each turn one call of the shop service, without a single error', async () => {
    const log: string[] = [];
    const report = await runChatApiBench({
      modes: ['one-process'],
      agents: ['tool'],
      runtime: 'bundle',
      sessionsReplicas: 1,
      durationS: 1,
      warmupS: 0.3,
      concurrency: [2],
      breakdown: false,
      log: (line) => log.push(line),
    });

    // A turn counts only when it answered the fake LLM's reply and reported one order_status call the shop answered.
    const [run, ...more] = report.runs;
    expect(more).toEqual([]);
    expect(run?.agent).toBe('tool');
    expect(run?.errors, `tool errors: ${JSON.stringify(run?.errorKinds)}\n${log.join('\n')}`).toBe(0);
    expect(run?.ok).toBeGreaterThan(0);
    // Every turn, warm-up included, made its call; the window's turns alone are a floor.
    expect(report.shopRequests).toBeGreaterThanOrEqual(run?.ok ?? Number.POSITIVE_INFINITY);
    expect(formatMarkdown(report.runs)).toContain('| one-process | tool | 2 |');
    if (CpuMeter.available()) {
      // The shop runs in the fake LLM's process: outside the stack's CPU per turn, which is still reported.
      expect(Object.keys(run?.cpuCores ?? {})).toContain('fake LLM');
      expect(stackCpuMsPerRequest(run!)).toBeGreaterThan(0);
    }
  }, 90_000);

  it('drives the knowledge agent, each turn a search of its base and a cited answer, and reads a PDF under load', async () => {
    const log: string[] = [];
    const report = await runChatApiBench({
      modes: ['one-process'],
      agents: ['knowledge'],
      runtime: 'bundle',
      sessionsReplicas: 1,
      durationS: 1,
      warmupS: 0.3,
      concurrency: [2],
      breakdown: false,
      knowledgeChunks: 500,
      ingestPdfMiB: 3,
      log: (line) => log.push(line),
    });

    // A turn counts only when its answer cited one passage: a search that found nothing fails it.
    const [run, ...more] = report.runs;
    expect(more).toEqual([]);
    expect(run?.errors, `knowledge errors: ${JSON.stringify(run?.errorKinds)}\n${log.join('\n')}`).toBe(0);
    expect(run?.ok).toBeGreaterThan(0);
    const [knowledge] = report.knowledge ?? [];
    expect(knowledge?.base.chunks).toBeGreaterThanOrEqual(500);
    expect(knowledge?.search.p99Ms).toBeGreaterThanOrEqual(knowledge?.search.p50Ms ?? Number.POSITIVE_INFINITY);
    // The PDF, as large as asked, was read at least once in each window that measured turns beside it.
    const [ingestion] = report.ingestion ?? [];
    expect(ingestion?.pdfBytes).toBeGreaterThan(2.5 * 1024 * 1024);
    expect(ingestion?.withIngestion).toHaveLength(2);
    expect(ingestion?.without).toHaveLength(2);
    expect(ingestion?.readyMs.length).toBeGreaterThanOrEqual(2);
    for (const window of [...(ingestion?.without ?? []), ...(ingestion?.withIngestion ?? [])]) expect(window.errors).toBe(0);
    expect(formatIngestion(report.ingestion ?? [])[0]).toMatch(/p99 .* ms against .* ms without \(×\d+\.\d\d\)/);
  }, 120_000);

  it('takes the documented options and refuses bad ones', () => {
    expect(parseOptions([])).toMatchObject({
      modes: ['real', 'one-process'],
      agents: ['static'],
      runtime: 'bundle',
      sessionsReplicas: 1,
      durationS: 5,
      warmupS: 10,
      concurrency: [1, 16, 64],
      breakdown: false,
      cpuProfile: false,
      perfMap: false,
    });
    expect(parseOptions(['--perf-map'])).toMatchObject({ perfMap: true });
    // The map's flag reaches every service process, with the CPU profile's when both are asked.
    const stack = { runtime: 'bundle', sessionsReplicas: 1, log: () => undefined } as const;
    expect(nodeFlags('sessions', { ...stack, perfMap: true })).toEqual(['--perf-basic-prof']);
    expect(nodeFlags('sessions', { ...stack, perfMap: true, cpuProfileDir: '/tmp/p' })).toEqual([
      '--cpu-prof',
      '--cpu-prof-dir',
      '/tmp/p/sessions',
      '--perf-basic-prof',
    ]);
    expect(nodeFlags('sessions', stack)).toEqual([]);
    expect(parseOptions(['--mode', 'real', '--duration', '2', '--concurrency', '4,8', '--runtime', 'tsx', '--sessions-replicas', '2'])).toMatchObject({
      modes: ['real'],
      durationS: 2,
      concurrency: [4, 8],
      runtime: 'tsx',
      sessionsReplicas: 2,
    });
    expect(parseOptions(['--agent', 'llm'])).toMatchObject({ agents: ['llm'] });
    expect(parseOptions(['--agent', 'static,llm'])).toMatchObject({ agents: ['static', 'llm'] });
    expect(parseOptions(['--agent', 'tool,static'])).toMatchObject({ agents: ['tool', 'static'] });
    expect(parseOptions(['--agent', 'knowledge', '--chunks', '2000', '--embeddings', '--ingest-pdf', '20'])).toMatchObject({
      agents: ['knowledge'],
      knowledgeChunks: 2000,
      embeddings: true,
      ingestPdfMiB: 20,
    });
    expect(parseOptions([])).toMatchObject({ knowledgeChunks: 10_000, embeddings: false, ingestPdfMiB: undefined });
    expect(() => parseOptions(['--chunks', 'many'])).toThrow(/--chunks/);
    expect(() => parseOptions(['--ingest-pdf', '-1'])).toThrow(/--ingest-pdf/);
    expect(() => parseOptions(['--agent', 'gpt'])).toThrow(/--agent/);
    expect(() => parseOptions(['--agent', 'static,'])).toThrow(/--agent/);
    expect(() => parseOptions(['--mode', 'cluster'])).toThrow(/--mode/);
    expect(() => parseOptions(['--runtime', 'deno'])).toThrow(/--runtime must be bundle or tsx/);
    expect(() => parseOptions(['--concurrency', '0'])).toThrow(/--concurrency/);
    expect(() => parseOptions(['--duration', 'soon'])).toThrow(/--duration/);
    expect(() => parseOptions(['--sessions-replicas', '0'])).toThrow(/--sessions-replicas/);
    expect(() => parseOptions(['--sessions-replicas', '1.5'])).toThrow(/--sessions-replicas/);
  });

  it('reports nearest-rank percentiles and judges the targets, failing any run with errors', () => {
    const sorted = Float64Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(sorted, 0.5)).toBe(50);
    expect(percentile(sorted, 0.99)).toBe(99);
    expect(percentile(Float64Array.from([7]), 0.99)).toBe(7);

    const run = (concurrency: number, perSecond: number, p50: number, p99: number, errors = 0): RunRecord => ({
      mode: 'real' as const,
      stack: 'test',
      durationS: 1,
      concurrency,
      request: 'turn',
      ok: perSecond,
      perSecond,
      latencyMs: { p50, p90: p99, p99, max: p99, mean: p50 },
      errors,
      errorKinds: errors > 0 ? { 'HTTP 503 unavailable': errors } : {},
      setupMs: 0,
    });
    const checks = checkTargets([
      { ...run(1, 400, 2, 9), cpuCores: { gateway: 0.5, sessions: 0.5 } },
      { ...run(64, 1700, 30, 70, 1), cpuCores: { gateway: 0.85, sessions: 0.85, 'load generator': 0.3 } },
    ]);
    expect(checks.map((c) => [c.target, c.verdict])).toEqual([
      // 1,700 turns/s would pass, but the run had errors.
      ['≥ 1,600 turns/s at 64 concurrent (real servers)', 'FAIL'],
      ['stack CPU ≤ 1.1 ms per turn at 64 concurrent (real servers)', 'FAIL'],
      ['p50 ≤ 2.5 ms at 1 concurrent (real servers)', 'PASS'],
      ['p99 ≤ 60 ms at 64 concurrent (real servers)', 'FAIL'],
    ]);
    expect(checks.filter((c) => c.flagged)).toHaveLength(3);
    // 1.7 cores of the stack over 1,700 turns/s: 1 ms a turn (the load generator's left out).
    expect(checks[1]?.measured).toBeCloseTo(1);
    // The same stack over its load generator's 0.3 cores, printed beside the ms per turn; none without that part.
    const measured = { ...run(64, 1700, 30, 70), cpuCores: { gateway: 0.85, sessions: 0.85, 'load generator': 0.3, idle: 0.3 } };
    expect(stackPerLoadGenerator(measured)).toBeCloseTo(1.7 / 0.3);
    expect(stackPerLoadGenerator({ ...measured, cpuCores: { gateway: 0.85 } })).toBeUndefined();
    const [header, , row] = formatCpu([measured]).split('\n');
    expect(header).toMatch(/stack CPU ms\/turn\s+stack ÷ load generator$/);
    expect(row?.trim().split(/\s+/).slice(-2)).toEqual(['1.00', '5.67']);
    const clean = checkTargets([{ ...run(64, 1700, 30, 55), cpuCores: { gateway: 0.85, sessions: 0.85 } }]);
    expect(clean.map((c) => c.verdict)).toEqual(['PASS', 'PASS', 'PASS']);

    // The llm agent is judged on its turns/s and on the stack's CPU per turn, the fake LLM's left out.
    const llmRun = {
      ...run(64, 400, 150, 200),
      agent: 'llm' as const,
      cpuCores: { gateway: 0.2, 'agent-runner': 0.4, 'fake LLM': 0.5, 'load generator': 0.3 },
    };
    const [throughput, cpu, ...more] = checkTargets([llmRun]);
    expect(more).toEqual([]);
    expect(throughput).toMatchObject({ target: '≥ 1,100 LLM turns/s at 64 concurrent (real servers)', verdict: 'FAIL' });
    expect(cpu).toMatchObject({ target: 'stack CPU ≤ 1.6 ms per LLM turn at 64 concurrent (real servers)', verdict: 'PASS' });
    expect(cpu?.measured).toBeCloseTo(1.5);
  });
});
