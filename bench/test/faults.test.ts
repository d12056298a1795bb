import { describe, expect, it } from 'vitest';
import { runFaultsBench } from '../faults/bench.js';
import { formatRows, parseOptions } from '../faults/main.js';

describe('npm run bench -- faults', () => {
  it('kills a runner and makes PostgreSQL refuse connections under load on servers of its own, and finds every acknowledged message stored', async () => {
    const log: string[] = [];
    const report = await runFaultsBench({
      faults: ['runner-kill', 'postgres-refuse'],
      steadyS: 2,
      recoveryS: 3,
      settleS: 10,
      downS: 1,
      pgRefuseS: 1,
      freezeS: 1,
      apiClients: 3,
      visitors: 2,
      llmMs: 50,
      clientTimeoutS: 20,
      runtime: 'tsx',
      log: (line) => log.push(line),
    });
    const why = `${JSON.stringify(report.findings.slice(0, 5), null, 1)}\n${log.join('\n')}`;
    expect(report.rows.map((row) => row.fault)).toEqual(['runner-kill', 'postgres-refuse', 'all']);
    const total = report.rows.at(-1)!;
    expect(total.answered, why).toBeGreaterThan(0);
    expect(report.baselinePerSecond, why).toBeGreaterThan(0);
    // The PostgreSQL outage is felt: requests fail while the proxy refuses, then succeed again.
    const outage = report.rows[1]!;
    expect(outage.lastedMs).toBeGreaterThanOrEqual(1_000);
    expect(outage.recoveryMs.firstSuccess, why).not.toBeNull();
    expect(total.lost, why).toBe(0);
    expect(total.hung, why).toBe(0);
    expect(formatRows(report.rows, true)).toContain('| runner-kill |');
  }, 240_000);

  it('takes the documented options and refuses bad ones', () => {
    expect(parseOptions([])).toMatchObject({ steadyS: 6, recoveryS: 12, apiClients: 16, visitors: 8, clientTimeoutS: 30, runtime: 'bundle' });
    expect(parseOptions(['--faults', 'nats-restart,gateway-restart', '--steady', '2'])).toMatchObject({
      faults: ['nats-restart', 'gateway-restart'],
      steadyS: 2,
    });
    expect(parseOptions(['--help'])).toBe('help');
    expect(() => parseOptions(['--faults', 'disk-full'])).toThrow(/--faults/);
    expect(() => parseOptions(['--api-clients', '1.5'])).toThrow(/--api-clients/);
    expect(() => parseOptions(['--steady', '0'])).toThrow(/--steady/);
    expect(() => parseOptions(['--runtime', 'deno'])).toThrow(/--runtime/);
  });
});
