import { spawn } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoAgentConfig, demoSuite } from '../../services/gateway/src/routes/management/agents/evaluations.test-kit.js';
import { type GatewayHarness, startGatewayHarness } from '../../services/gateway/test/gateway-harness.js';

// `parley test` as CI runs it: a child process against a gateway listening on a loopback port.

const BIN = fileURLToPath(new URL('../bin/parley.mjs', import.meta.url));

function parleyTest(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [BIN, 'test', ...args], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: 'pipe' });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  return new Promise((resolve) =>
    child.on('close', (code) => {
      clearTimeout(killer);
      resolve({ code, stdout, stderr });
    }),
  );
}

describe('parley test', () => {
  let h: GatewayHarness;
  let url: string;
  let key: string;

  beforeAll(async () => {
    h = await startGatewayHarness({}, { testRuns: { pollIntervalMs: 100 } });
    await h.app.listen({ port: 0, host: '127.0.0.1' });
    url = `http://127.0.0.1:${(h.app.server.address() as AddressInfo).port}`;
    ({ key } = await h.seedTenant('CLI tests'));
    await h.withKey(key, 'POST', '/api/agents', { name: 'demo', config: demoAgentConfig });
    await h.withKey(key, 'POST', '/api/agents/demo/tests', demoSuite);
    const broken = structuredClone(demoAgentConfig);
    const menu = broken.workflow.nodes.find((node) => node.id === 'menu') as { transitions: Array<{ to: string; condition: string }> };
    menu.transitions = menu.transitions.map((t) => (t.condition === 'intent:pricing' ? { ...t, to: 'support' } : t));
    await h.withKey(key, 'POST', '/api/agents/demo/versions', { config: broken });
  });
  afterAll(async () => h?.stop());

  it('exits 0 when every test passes', async () => {
    const run = await parleyTest(['--agent', 'demo', '--agent-version', '1', '--url', url], { PARLEY_API_KEY: key });
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('PASS Pricing, then goodbye');
    expect(run.stdout).toContain('1 passed, 0 failed');
    expect(run.code).toBe(0);
  }, 40_000);

  it('prints each failure, naming the turn and the expectation, and exits 1', async () => {
    const run = await parleyTest(['--agent', 'demo', '--agent-version', '2', '--url', url], { PARLEY_API_KEY: key });
    expect(run.stdout).toContain('FAIL Pricing, then goodbye');
    expect(run.stdout).toContain("turn 2: expected node 'pricing', was 'support'");
    expect(run.code).toBe(1);
  }, 40_000);

  it('says what is wrong on a usage error, a refused key or a gateway that is not there', async () => {
    const usage = await parleyTest(['--agent', 'demo'], { PARLEY_API_KEY: key });
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('missing --agent-version <n>');
    const noKey = await parleyTest(['--agent', 'demo', '--agent-version', '1', '--url', url], {});
    expect(noKey.code).toBe(2);
    expect(noKey.stderr).toContain('PARLEY_API_KEY is not set');
    const unknown = await parleyTest(['--agent', 'nobody', '--agent-version', '1', '--url', url], { PARLEY_API_KEY: key });
    expect(unknown.code).toBe(3);
    expect(unknown.stderr).toMatch(/not found/);
    const away = await parleyTest(['--agent', 'demo', '--agent-version', '1', '--url', 'http://127.0.0.1:9'], { PARLEY_API_KEY: key });
    expect(away.code).toBe(3);
    expect(away.stderr).toMatch(/^parley: /);
  }, 60_000);
});
