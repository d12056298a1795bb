import { Task } from '@a2a-js/sdk';
import { UnsupportedOperationError } from '@a2a-js/sdk/errors';
import type { ServerCallContext, TaskStore } from '@a2a-js/sdk/server';
import type { Redis } from 'ioredis';
import { LRUCache } from 'lru-cache';

/**
 * The A2A tasks of links' turns (docs/open-protocols.md "A2A"): one per message, kept a day so a
 * client can ask for it again (`tasks/get`) on any gateway replica. A task is found only under
 * the link it was made on; nobody can list a link's tasks, since its callers are anonymous
 * visitors who must not see each other's.
 */

/** How long a task can be read back after its last change. */
export const TASK_TTL_SECONDS = 24 * 60 * 60;

/** Where a request's link is kept on its call context, for the store to scope its tasks by. */
export const LINK_OF_CALL = 'parley.link-id';

function linkOf(context: ServerCallContext): string {
  const linkId = context.state.get(LINK_OF_CALL);
  if (typeof linkId !== 'string') throw new Error('an A2A call without its link');
  return linkId;
}

const notListed = () =>
  Promise.reject(new UnsupportedOperationError('tasks are not listed: a link’s callers are anonymous; ask for a task by its id (tasks/get)'));

/** The tasks in Redis (the gateway's prefix), shared by every replica, each expiring a day after its last change. */
export function redisTaskStore(redis: Redis, prefix: string, ttlSeconds = TASK_TTL_SECONDS): TaskStore {
  const key = (context: ServerCallContext, taskId: string) => `${prefix}a2a-task:${linkOf(context)}:${taskId}`;
  return {
    async save(task, context) {
      await redis.set(key(context, task.id), JSON.stringify(Task.toJSON(task)), 'EX', ttlSeconds);
    },
    async load(taskId, context) {
      const stored = await redis.get(key(context, taskId));
      return stored === null ? undefined : Task.fromJSON(JSON.parse(stored));
    },
    list: notListed,
  };
}

/** The tasks of the one-process mode without Redis: this process's own, for as long. */
export function memoryTaskStore(ttlSeconds = TASK_TTL_SECONDS): TaskStore {
  const tasks = new LRUCache<string, string>({ max: 10_000, ttl: ttlSeconds * 1000 });
  const key = (context: ServerCallContext, taskId: string) => `${linkOf(context)}:${taskId}`;
  return {
    async save(task, context) {
      tasks.set(key(context, task.id), JSON.stringify(Task.toJSON(task)));
    },
    async load(taskId, context) {
      const stored = tasks.get(key(context, taskId));
      return stored === undefined ? undefined : Task.fromJSON(JSON.parse(stored));
    },
    list: notListed,
  };
}
