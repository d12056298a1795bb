import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest } from '@parley/db';
import { createLogger, type Logger } from '@parley/logger';
import { openEmbeddedDatabase } from '../src/index.js';

const silentLogger: Logger = createLogger({ service: 'embedded-postgres-test', level: 'silent' });

/** A logger whose JSON lines the test can read back. */
function recordingLogger(): { logger: Logger; messages: () => string[] } {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  const logger = createLogger({ service: 'embedded-postgres-test', level: 'info', destination });
  return { logger, messages: () => lines.map((line) => (JSON.parse(line) as { msg: string }).msg) };
}

describe('openEmbeddedDatabase', () => {
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'parley-db-test-'));
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('starts embedded PostgreSQL, migrates and keeps the data across restarts', { timeout: 90_000 }, async () => {
    const first = await openEmbeddedDatabase({ dataDir, logger: silentLogger });
    try {
      expect(first.embedded).toBe(true);
      expect(first.url).toMatch(/^postgres:\/\/postgres:[^@]+@127\.0\.0\.1:\d+\/parley$/);
      await migrateToLatest(first.db, silentLogger);
      await first.db.insertInto('tenants').values({ name: 'Kept' }).execute();
    } finally {
      await first.close();
    }

    // A run killed with SIGKILL leaves postmaster.pid behind, naming a process that is gone.
    await writeFile(join(dataDir, 'postgres', 'postmaster.pid'), '2147483646\n/somewhere\n');

    const log = recordingLogger();
    const second = await openEmbeddedDatabase({ dataDir, logger: log.logger });
    try {
      expect(log.messages()).not.toContain('initialising embedded PostgreSQL');
      expect(log.messages()).toContain('removing stale postmaster.pid left by an earlier run');
      await migrateToLatest(second.db, silentLogger);
      const tenants = await second.db.selectFrom('tenants').select('name').execute();
      expect(tenants).toEqual([{ name: 'Kept' }]);
    } finally {
      await second.close();
    }
  });
});
