import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// `parley-mcp`'s own command line, run as a client would start it. What it serves is tested
// with the gateway (services/gateway/src/routes/mcp/mcp.*.test.ts).

const BIN = fileURLToPath(new URL('../bin/parley-mcp.mjs', import.meta.url));
const PACKAGE_VERSION = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
/** A run that has not finished by then is killed and fails the test. */
const RUN_TIMEOUT_MS = 20_000;

/**
 * Runs `node cli/bin/parley-mcp.mjs …` with a complete configuration, so that only the
 * arguments can make it stop instead of serving; stdin stays open, as an MCP client keeps it.
 */
function runMcp(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { PATH: process.env.PATH ?? '', PARLEY_URL: 'http://127.0.0.1:9', PARLEY_API_KEY: 'prl_any' },
      stdio: 'pipe',
    });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`parley-mcp did not exit within ${RUN_TIMEOUT_MS} ms\nstdout:\n${stdout}\nstderr:\n${stderr}`));
    }, RUN_TIMEOUT_MS);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe.concurrent('parley-mcp command line', () => {
  it('prints its usage for --help and -h: what it does, its options and the variables it reads', async () => {
    for (const flag of ['--help', '-h']) {
      const run = await runMcp([flag]);
      expect(run.code, flag).toBe(0);
      expect(run.stderr, flag).toBe('');
      expect(run.stdout, flag).toMatch(/^Usage: parley-mcp /);
      expect(run.stdout).toContain('MCP tools over stdio');
      for (const text of ['-h, --help', '-V, --version', 'PARLEY_URL', 'PARLEY_API_KEY', 'PARLEY_TENANT_ID']) expect(run.stdout).toContain(text);
    }
  });

  it("prints cli/package.json's version for --version and -V, and exits 0", async () => {
    for (const flag of ['--version', '-V']) {
      const run = await runMcp([flag]);
      expect(run.code, flag).toBe(0);
      expect(run.stdout, flag).toBe(`${PACKAGE_VERSION}\n`);
      expect(run.stderr, flag).toBe('');
    }
  });

  it('exits 2 with a usage error for an unknown option or a stray argument, printing nothing on stdout', async () => {
    const unknown = await runMcp(['--port', '3000']);
    expect(unknown.code).toBe(2);
    expect(unknown.stdout).toBe('');
    expect(unknown.stderr).toMatch(/^parley-mcp: Unknown option '--port'/);
    expect(unknown.stderr).toContain('Usage: parley-mcp');

    const stray = await runMcp(['serve']);
    expect(stray.code).toBe(2);
    expect(stray.stdout).toBe('');
    expect(stray.stderr).toMatch(/^parley-mcp: Unexpected argument 'serve'/);
  });
});
