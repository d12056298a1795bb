import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runWebBench, TARGET_SCORE } from '../web/bench.js';
import { parseOptions } from '../web/main.js';

describe('npm run bench -- web', () => {
  it('runs Lighthouse once on the chat page of the one-process platform: two scores, and accessibility on target', async () => {
    const log: string[] = [];
    const report = await runWebBench({
      pages: ['chat'],
      runs: 1,
      mode: 'one-process',
      runtime: 'bundle',
      // web/dist as built (npm install builds it): rebuilding would empty it under other tests serving it.
      build: false,
      log: (line) => log.push(line),
    });

    const [chat] = report.pages;
    expect(chat?.runs).toHaveLength(1);
    for (const score of [chat?.median.performance, chat?.median.accessibility]) {
      expect(score).toBeTypeOf('number');
      expect(score).toBeGreaterThanOrEqual(0);
      expect(score).toBeLessThanOrEqual(100);
    }
    // Accessibility does not depend on the machine's load; performance does, so it is not judged here.
    expect(chat?.median.accessibility, `${JSON.stringify(chat?.runs[0]?.lost.accessibility)}\n${log.join('\n')}`).toBeGreaterThanOrEqual(TARGET_SCORE);
    expect(chat?.median.lcpMs).toBeGreaterThan(0);
    expect(chat?.median.pageBytes).toBeGreaterThan(0);
    expect(report.settings).toContain('mobile');
    for (const file of chat?.reports ?? []) expect(existsSync(file), file).toBe(true);
  }, 90_000);

  it('takes the documented options and refuses bad ones', () => {
    expect(parseOptions([])).toEqual({ runs: 3, pages: ['chat'], mode: 'one-process', runtime: 'bundle', build: true });
    expect(parseOptions(['--runs', '5', '--page', 'both', '--no-build'])).toMatchObject({ runs: 5, pages: ['chat', 'widget'], build: false });
    expect(() => parseOptions(['--runs', '0'])).toThrow(/--runs/);
    expect(() => parseOptions(['--runtime', 'deno'])).toThrow(/--runtime must be bundle or tsx/);
    expect(() => parseOptions(['--page', 'console'])).toThrow(/--page/);
    expect(() => parseOptions(['--mode', 'cluster'])).toThrow(/--mode/);
  });
});
