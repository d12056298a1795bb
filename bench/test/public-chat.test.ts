import { describe, expect, it } from 'vitest';
import { checkTargets, formatMarkdown, type RunRecord } from '../common/report.js';
import { runPublicChatBench, TARGETS } from '../public-chat/bench.js';
import { parseOptions } from '../public-chat/main.js';

describe('npm run bench -- public-chat', () => {
  it("drives visitors' messages on a limited link through the one-process platform without a single error", async () => {
    const log: string[] = [];
    const report = await runPublicChatBench({
      modes: ['one-process'],
      runtime: 'bundle',
      durationS: 1,
      warmupS: 0.3,
      concurrency: [2],
      log: (line) => log.push(line),
    });

    expect(report.runs).toHaveLength(1);
    const run = report.runs[0]!;
    // Any refusal by a limit (429), a quota or the link would show here by kind.
    expect(run.errors, `errors: ${JSON.stringify(run.errorKinds)}\n${log.join('\n')}`).toBe(0);
    expect(run.perSecond).toBeGreaterThan(0);
    expect(run.ok).toBeGreaterThan(0);
    expect(run.latencyMs.p99).toBeGreaterThanOrEqual(run.latencyMs.p50);
    expect(formatMarkdown(report.runs)).toContain('| one-process | 2 |');
  }, 90_000);

  it("runs with the link's protections on: every message redacted on its way, none refused", async () => {
    const log: string[] = [];
    const report = await runPublicChatBench({
      modes: ['one-process'],
      runtime: 'bundle',
      durationS: 1,
      warmupS: 0.3,
      concurrency: [2],
      protections: ['on'],
      log: (line) => log.push(line),
    });
    const run = report.runs[0]!;
    expect(run.errors, `errors: ${JSON.stringify(run.errorKinds)}\n${log.join('\n')}`).toBe(0);
    expect(run.agent).toBe('protections on');
    // Each message carried an email and a phone number: the link's analytics counted the redactions.
    const hits = report.protectionHits[0]!;
    expect(hits.content_redacted).toBeGreaterThan(0);
    expect(hits.content_blocked).toBe(0);
  }, 90_000);

  it('takes the documented options and refuses bad ones', () => {
    expect(parseOptions([])).toMatchObject({ modes: ['real', 'one-process'], runtime: 'bundle', durationS: 5, warmupS: 1.5, concurrency: [1, 16, 64] });
    expect(parseOptions(['--mode', 'real', '--concurrency', '4,8', '--duration', '2'])).toMatchObject({ modes: ['real'], concurrency: [4, 8], durationS: 2 });
    expect(parseOptions(['--perf-map'])).toMatchObject({ perfMap: true });
    expect(parseOptions([])).toMatchObject({ perfMap: false });
    expect(() => parseOptions(['--mode', 'cluster'])).toThrow(/--mode/);
    expect(() => parseOptions(['--runtime', 'deno'])).toThrow(/--runtime must be bundle or tsx/);
    expect(() => parseOptions(['--concurrency', '0'])).toThrow(/--concurrency/);
    expect(() => parseOptions(['--sessions-replicas', '2'])).toThrow();
    expect(parseOptions([])).toMatchObject({ protections: ['off'] });
    expect(parseOptions(['--protections', 'off,on,moderation'])).toMatchObject({ protections: ['off', 'on', 'moderation'] });
    expect(() => parseOptions(['--protections', 'max'])).toThrow(/--protections takes off, on, moderation/);
  });

  it('judges 1,000 turns/s at 64 visitors on the real servers, failing a run with errors', () => {
    const run = (mode: 'real' | 'one-process', perSecond: number, errors = 0): RunRecord => ({
      mode,
      stack: 'test',
      durationS: 1,
      concurrency: 64,
      request: 'turn',
      ok: perSecond,
      perSecond,
      latencyMs: { p50: 40, p90: 50, p99: 60, max: 70, mean: 40 },
      errors,
      errorKinds: errors > 0 ? { 'HTTP 429 rate_limited': errors } : {},
      setupMs: 0,
    });
    expect(checkTargets([run('real', 1100), run('one-process', 100)], TARGETS).map((check) => [check.mode, check.verdict])).toEqual([['real', 'PASS']]);
    expect(checkTargets([run('real', 950)], TARGETS)[0]?.verdict).toBe('FAIL');
    expect(checkTargets([run('real', 1100, 1)], TARGETS)[0]?.verdict).toBe('FAIL');
  });
});
