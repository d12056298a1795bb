import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@parley/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { type ManagedProcess, startPlatformProcess, waitForHttp } from './process-harness.js';

/**
 * `npm start` prints the admin key, the chat secret and the demo link: fine on loopback, where
 * only this machine can use them, but a process listening on the network must say so loudly.
 */
describe('npm start on a non-loopback address warns that the printed keys grant full access', () => {
  const procs: ManagedProcess[] = [];
  const dirs: string[] = [];
  afterAll(async () => {
    await Promise.all(procs.map((proc) => proc.stop()));
    await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
  });

  /** Starts the platform on HOST and answers everything it printed up to its banner's end (and `alsoAwait`, when given). */
  async function startedOn(host: string, alsoAwait?: RegExp): Promise<string> {
    const dataDir = await mkdtemp(join(tmpdir(), 'parley-exposure-'));
    dirs.push(dataDir);
    const port = await freePort();
    const proc = startPlatformProcess({ DATA_DIR: dataDir, HOST: host, PORT: String(port), HEALTH_PORT: '0' }, `platform-${host}`);
    procs.push(proc);
    await waitForHttp(`http://127.0.0.1:${port}/healthz`, proc, { timeoutMs: 60_000 });
    await proc.waitForStdout(/Press Ctrl\+C to stop\./, 10_000);
    // The log line goes through the logger's own asynchronous stream: it may come after the banner.
    if (alsoAwait) await proc.waitForStdout(alsoAwait, 10_000);
    return proc.stdout;
  }

  it('HOST=0.0.0.0: a warning block after the keys, and a warn log; HOST=127.0.0.1: neither', async () => {
    const [exposed, local] = await Promise.all([startedOn('0.0.0.0', /^\{.*reachable from the network/m), startedOn('127.0.0.1')]);

    expect(exposed).toMatch(/Admin key:\s+adm_/);
    // The block comes after the banner's keys, words wrapped as printed.
    const block = exposed.slice(exposed.indexOf('Admin key:')).replace(/\s+/g, ' ');
    expect(block).toContain('WARNING: Parley is listening on 0.0.0.0, reachable from the network');
    expect(block).toContain('the admin key, the chat API secret and the demo link printed above grant full access');
    expect(block).toContain('set ADMIN_API_KEY and CHAT_API_SECRET yourself');
    expect(block).toContain('HOST=127.0.0.1');
    // The log line says where it listens, never a key.
    const logged = exposed.split('\n').find((line) => line.startsWith('{') && line.includes('reachable from the network'));
    expect(logged, exposed).toBeDefined();
    expect(JSON.parse(logged as string)).toMatchObject({ level: 'warn', host: '0.0.0.0' });
    expect(logged).not.toMatch(/adm_|CHAT_API_SECRET=/);

    expect(local).toMatch(/Admin key:\s+adm_/);
    expect(local).not.toMatch(/WARNING|reachable from the network/);
    // Two platforms with their embedded PostgreSQL starting at once: the waits above allow each up
    // to 80 s, which a loaded machine may need.
  }, 120_000);
});
