import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayHarness, startGatewayHarness } from '../../../test/gateway-harness.js';
import { ALL_TOOLS, callTool, listen, PARLEY_MCP_BIN, stdioClient } from './mcp.test-kit.js';

/** `parley-mcp` when its configuration or the platform is wrong: said plainly, never a crash. */
describe('parley-mcp errors', () => {
  let h: GatewayHarness;
  let baseUrl: string;

  beforeAll(async () => {
    h = await startGatewayHarness();
    baseUrl = await listen(h);
  });
  afterAll(async () => h?.stop());

  it('names every missing variable and exits with 2', async () => {
    const child = spawn(process.execPath, [PARLEY_MCP_BIN], {
      env: { PATH: process.env.PATH ?? '', PARLEY_URL: 'ftp://example.com' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(2);
    expect(stderr).toContain('PARLEY_URL is not an http(s) URL');
    expect(stderr).toContain('PARLEY_API_KEY is not set');
  });

  it('answers a wrong key as unauthorized and an unreachable platform as unavailable, as tool errors', async () => {
    const wrongKey = await stdioClient(baseUrl, 'prl_not-a-key');
    const refused = await callTool(wrongKey, 'list_temporary_chat_links', { agent: 'helper' });
    expect(refused.isError).toBe(true);
    expect(refused.body.error.code).toBe('unauthorized');
    await wrongKey.close();

    const nowhere = await stdioClient('http://127.0.0.1:9', 'prl_any');
    const unreachable = await callTool(nowhere, 'list_temporary_chat_links', { agent: 'helper' });
    expect(unreachable.isError).toBe(true);
    expect(unreachable.body.error.code).toBe('unavailable');
    // Still serving.
    expect((await nowhere.listTools()).tools).toHaveLength(ALL_TOOLS.length);
    await nowhere.close();
  });
});
