import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { Redis } from 'ioredis';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { drawPort } from '../src/free-port.js';
import { createTestContext, freePort, type TestContext, waitFor } from '../src/index.js';

async function databaseExists(name: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: inject('databaseAdminUrl') });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    return rowCount === 1;
  } finally {
    await client.end();
  }
}

const databaseName = (url: string) => new URL(url).pathname.slice(1);

describe('createTestContext', () => {
  let a: TestContext;
  let b: TestContext;
  let redis: Redis;

  beforeAll(async () => {
    [a, b] = await Promise.all([createTestContext({ name: 'harness-a' }), createTestContext({ name: 'harness-b' })]);
    redis = new Redis(inject('redisUrl'));
  });
  afterAll(async () => {
    await Promise.all([a.cleanup(), b.cleanup()]);
    await redis.quit();
  });

  it('gives each context its own migrated database, namespace and key prefix', async () => {
    expect(a.databaseUrl).not.toBe(b.databaseUrl);
    expect(a.namespace).not.toBe(b.namespace);
    expect(a.redisPrefix).not.toBe(b.redisPrefix);
    expect(a.redisPrefix.startsWith(a.namespace)).toBe(true);

    await a.db.insertInto('tenants').values({ name: 'only in a' }).execute();
    expect(await a.db.selectFrom('tenants').select('name').execute()).toEqual([{ name: 'only in a' }]);
    expect(await b.db.selectFrom('tenants').select('name').execute()).toEqual([]);
    const { rows } = await sql<{ migrations: number }>`SELECT count(*) AS migrations FROM kysely_migration`.execute(b.db);
    expect(rows[0]?.migrations).toBeGreaterThan(0);
  });

  it('cleanup drops the database, the namespace streams and the prefixed keys, and only those', async () => {
    const c = await createTestContext({ name: 'harness-c' });
    const nc = await connect({ servers: c.natsUrl });
    try {
      const jsm = await jetstreamManager(nc);
      await jsm.streams.add({ name: `${c.namespace}_EVENTS`, subjects: [`${c.namespace}.events.>`] });
      await jsm.streams.add({ name: `${b.namespace}_EVENTS`, subjects: [`${b.namespace}.events.>`] });
      await redis.set(`${c.redisPrefix}one`, '1');
      await redis.hset(`${c.redisPrefix}two`, 'field', '2');
      await redis.set(`${b.redisPrefix}kept`, '3');
      expect(await databaseExists(databaseName(c.databaseUrl))).toBe(true);

      await c.cleanup();
      await c.cleanup();

      expect(await databaseExists(databaseName(c.databaseUrl))).toBe(false);
      const streams: string[] = [];
      for await (const name of jsm.streams.names()) streams.push(name);
      expect(streams).not.toContain(`${c.namespace}_EVENTS`);
      expect(streams).toContain(`${b.namespace}_EVENTS`);
      expect(await redis.exists(`${c.redisPrefix}one`, `${c.redisPrefix}two`)).toBe(0);
      expect(await redis.get(`${b.redisPrefix}kept`)).toBe('3');
    } finally {
      await nc.close();
    }
    // b's cleanup removes what this test left under b's names.
    await b.cleanup();
    expect(await redis.exists(`${b.redisPrefix}kept`)).toBe(0);
    expect(await databaseExists(databaseName(b.databaseUrl))).toBe(false);
  });
});

describe('freePort', () => {
  it('returns a loopback port that can be listened on', async () => {
    const port = await freePort();
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', resolve);
    });
    await new Promise((resolve) => server.close(resolve));
  });

  it('draws below the range the system hands out to outgoing connections, never the same port twice', async () => {
    const low = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
    const ports: number[] = [];
    for (let i = 0; i < 100; i++) ports.push(await freePort());
    expect(new Set(ports).size).toBe(ports.length);
    for (const port of ports) {
      expect(port).toBeGreaterThanOrEqual(1024);
      expect(port).toBeLessThan(low);
    }
  });

  it('passes over a drawn port something listens on', async () => {
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', resolve);
    });
    const held = (server.address() as { port: number }).port;
    try {
      // The held port twice, then any in the range: another of the machine's connections may hold
      // a given one (held + 1 among them), and a draw that finds it taken draws again.
      const draws = [held, held];
      const asked: Array<[number, number]> = [];
      const port = await drawPort(held + 100, (min, max) => {
        asked.push([min, max]);
        return draws.shift() ?? min + Math.floor(Math.random() * (max - min));
      });
      expect(port).not.toBe(held);
      expect(port).toBeGreaterThanOrEqual(held + 100 - 16_384);
      expect(port).toBeLessThan(held + 100);
      expect(asked.length).toBeGreaterThanOrEqual(3);
      expect(new Set(asked.map(([min, max]) => `${min}-${max}`))).toEqual(new Set([`${held + 100 - 16_384}-${held + 100}`]));
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('leaves the choice to the system when the ephemeral range starts too low to draw below it', async () => {
    const port = await drawPort(2000, () => {
      throw new Error('drawn');
    });
    expect(port).toBeGreaterThan(0);
  });
});

describe('waitFor', () => {
  it('resolves with the first value that is not false', async () => {
    let calls = 0;
    const value = await waitFor(() => (++calls >= 3 ? `after ${calls}` : false), { intervalMs: 1 });
    expect(value).toBe('after 3');
  });

  it('retries assertions and rejects with the last error on timeout', async () => {
    let calls = 0;
    await waitFor(() => expect(++calls).toBe(2), { intervalMs: 1 });
    await expect(
      waitFor(
        () => {
          throw new Error('still broken');
        },
        { timeoutMs: 30, intervalMs: 5 },
      ),
    ).rejects.toThrow('still broken');
    await expect(waitFor(() => false, { timeoutMs: 20, intervalMs: 5 })).rejects.toThrow(/stayed false for 20 ms/);
  });
});
