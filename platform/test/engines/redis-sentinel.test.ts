import { delimiter } from 'node:path';
import { createTestContext, findExecutable, type RedisSentinelGroup, startRedisSentinelGroup, type TestContext } from '@parley/testing';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EngineEnv, expectNothingLost, type FaultPlatform, faultUnderLoad, startFaultPlatform } from './engine-load.js';

const binary = await findExecutable('redis-server', [process.env.PATH ?? '', '/usr/sbin', '/usr/bin', '/usr/local/bin'].join(delimiter));

/** Served again within this after the primary is lost (docs/deployment.md "The engines' own failures"). */
const RECOVERY_BOUND_MS = 30_000;

/**
 * The Redis primary lost under load, with Sentinel watching it (REDIS_SENTINELS): the sentinels
 * promote the replica and the services follow the new primary. What Redis holds for correctness
 * is handled as a Redis restart is: rate-limit windows and replay nonces start again on the
 * replica (docs/security-model.md), live logs are read from the store again by a client that
 * missed events.
 */
describe.skipIf(binary === null)('a Redis primary lost under load, behind Sentinel', () => {
  let ctx: TestContext;
  let group: RedisSentinelGroup;
  let engines: EngineEnv;
  let platform: FaultPlatform;

  beforeAll(async () => {
    ctx = await createTestContext({ name: 'redis-sentinel-fault' });
    group = await startRedisSentinelGroup(binary as string);
    engines = {
      vars: { NATS_URL: ctx.natsUrl, REDIS_SENTINELS: group.sentinelList, REDIS_SENTINEL_NAME: group.name, DATABASE_URL: ctx.databaseUrl },
      databaseUrl: ctx.databaseUrl,
      namespace: ctx.namespace,
    };
    platform = await startFaultPlatform(engines);
  }, 120_000);

  afterAll(async () => {
    await platform?.stop();
    await group?.close();
    await ctx?.cleanup();
  });

  it('serves again within 30 s on the promoted replica, and loses, doubles and hangs nothing; analytics and webhooks miss no acknowledged turn', async () => {
    let killed = { host: '', port: 0 };
    const run = await faultUnderLoad(platform, engines, async () => {
      killed = await group.killPrimary();
    });
    expectNothingLost('Redis primary lost under load', run, { recoveryBoundMs: RECOVERY_BOUND_MS });
    const primary = await group.currentPrimary();
    expect(primary.port).not.toBe(killed.port);
    // The services write to the new primary: the platform's keys are there.
    const redis = new Redis({ host: primary.host, port: primary.port, lazyConnect: true });
    try {
      await redis.connect();
      expect((await redis.keys(`${ctx.namespace}*`)).length).toBeGreaterThan(0);
    } finally {
      redis.disconnect();
    }
  }, 300_000);
});
