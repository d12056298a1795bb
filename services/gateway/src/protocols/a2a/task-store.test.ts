import { type Task, TaskState } from '@a2a-js/sdk';
import { ServerCallContext } from '@a2a-js/sdk/server';
import { connectRedis } from '@parley/stores';
import { createTestContext, type TestContext } from '@parley/testing';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LINK_OF_CALL, memoryTaskStore, redisTaskKey, redisTaskStore, TASK_TTL_SECONDS } from './task-store.js';

const callOn = (linkId: string) => new ServerCallContext({ state: new Map([[LINK_OF_CALL, linkId]]) });

const task = (id: string): Task => ({
  id,
  contextId: 'pcs_context',
  status: { state: TaskState.TASK_STATE_COMPLETED, message: undefined, timestamp: '2026-01-01T00:00:00.000Z' },
  artifacts: [
    {
      artifactId: 'm1',
      name: 'reply',
      description: '',
      parts: [{ content: { $case: 'text', value: 'Noted.' }, metadata: undefined, filename: '', mediaType: 'text/plain' }],
      metadata: undefined,
      extensions: [],
    },
  ],
  history: [],
  metadata: { session_ended: false },
});

describe('A2A task stores', () => {
  let ctx: TestContext;
  const connections: Redis[] = [];
  beforeAll(async () => {
    ctx = await createTestContext({ name: 'a2a-tasks' });
  });
  afterAll(async () => {
    for (const redis of connections) redis.disconnect();
    await ctx?.cleanup();
  });

  it('in Redis: a task saved by one replica is read by another, only under its own link, for a day', async () => {
    const [one, other] = await Promise.all([connectRedis(ctx.redisUrl), connectRedis(ctx.redisUrl)]);
    connections.push(one, other);
    const saving = redisTaskStore(one, ctx.redisPrefix);
    const reading = redisTaskStore(other, ctx.redisPrefix);
    await saving.save(task('t1'), callOn('lnk_a'));
    expect(await reading.load('t1', callOn('lnk_a'))).toEqual(task('t1'));
    expect(await reading.load('t1', callOn('lnk_b'))).toBeUndefined();
    expect(await reading.load('t2', callOn('lnk_a'))).toBeUndefined();
    const stored = await one.get(redisTaskKey(ctx.redisPrefix, 'lnk_a', 't1'));
    // Sealed: neither the visitor's words, the reply nor the session credential can be read from Redis alone, nor the task's id from its key.
    expect(stored).not.toBeNull();
    expect(Buffer.from(stored ?? '', 'base64').toString('latin1')).not.toMatch(/pcs_context|Noted|t1/);
    expect(await one.keys(`${ctx.redisPrefix}a2a-task:*t1*`)).toEqual([]);
    const ttl = await one.ttl(redisTaskKey(ctx.redisPrefix, 'lnk_a', 't1'));
    expect(ttl).toBeGreaterThan(TASK_TTL_SECONDS - 60);
    expect(ttl).toBeLessThanOrEqual(TASK_TTL_SECONDS);
    await expect(reading.list({} as never, callOn('lnk_a'))).rejects.toThrow(/not listed/);
  });

  it('in one process (no Redis): the same answers', async () => {
    const store = memoryTaskStore();
    await store.save(task('t1'), callOn('lnk_a'));
    expect(await store.load('t1', callOn('lnk_a'))).toEqual(task('t1'));
    expect(await store.load('t1', callOn('lnk_b'))).toBeUndefined();
    await expect(store.list({} as never, callOn('lnk_a'))).rejects.toThrow(/not listed/);
  });
});
