import { type ChildProcess, spawn } from 'node:child_process';
import { access, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '@parley/logger';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { clearStaleServer } from './stale-server.js';

const logger = createLogger({ service: 'embedded-postgres-test', level: 'silent' });

/**
 * What a start finds in a data directory an earlier run left: a process standing in for its
 * PostgreSQL (its command line names `postgres` and the cluster, as the real one's does, and it
 * stops on SIGINT as PostgreSQL's fast shutdown does), a child of this test – so a parent that is
 * alive and not pid 1, as under a container's init or a service manager that adopts orphans.
 */
describe('clearStaleServer', () => {
  let dataDir: string;
  let pgdata: string;
  let server: ChildProcess | undefined;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'parley-stale-'));
    pgdata = join(dataDir, 'postgres');
    await mkdir(pgdata);
    const script = "process.on('SIGINT', () => process.exit(0)); setInterval(() => {}, 1000); console.log('ready')";
    server = spawn(process.execPath, ['-e', script, 'postgres', '-D', pgdata], { stdio: ['ignore', 'pipe', 'ignore'] });
    // Once it answers SIGINT as PostgreSQL does.
    await new Promise((resolve) => server?.stdout?.once('data', resolve));
    await writeFile(join(pgdata, 'postmaster.pid'), `${server.pid}\n${pgdata}\n`);
  });
  afterEach(async () => {
    server?.kill('SIGKILL');
    await rm(dataDir, { recursive: true, force: true });
  });

  /** How the stand-in exited: 0 after a fast shutdown (SIGINT). */
  const exited = () =>
    new Promise<number | null>((resolve) => {
      if (server?.exitCode !== null || server.signalCode !== null) resolve(server?.exitCode ?? null);
      else server.once('exit', (code) => resolve(code));
    });
  const pidFileLeft = () =>
    access(join(pgdata, 'postmaster.pid')).then(
      () => true,
      () => false,
    );

  it('stops a server whose recorded owner is no longer its parent (the owner was killed and it was adopted), and clears its pid file', async () => {
    // The process that started it, recorded then, is gone: no process's pid.
    const ownerFile = join(dataDir, 'postgres.owner');
    await writeFile(ownerFile, '2147483646\n');
    await clearStaleServer(pgdata, logger, ownerFile);
    expect(await exited()).toBe(0);
    expect(await pidFileLeft()).toBe(false);
  });

  it('leaves a server its recorded owner still runs alone, and refuses to start beside it', async () => {
    const ownerFile = join(dataDir, 'postgres.owner');
    await writeFile(ownerFile, `${process.pid}\n`);
    await expect(clearStaleServer(pgdata, logger, ownerFile)).rejects.toThrow(/is in use by PostgreSQL \(pid \d+\) – is another Parley running\?/);
    expect(server?.exitCode).toBeNull();
    expect(await pidFileLeft()).toBe(true);
  });

  it('without an owner on record, takes only a server adopted by pid 1 for orphaned', async () => {
    await expect(clearStaleServer(pgdata, logger, join(dataDir, 'postgres.owner'))).rejects.toThrow(/is in use/);
    expect(server?.exitCode).toBeNull();
  });
});
