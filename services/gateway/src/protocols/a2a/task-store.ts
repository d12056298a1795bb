import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
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

/** A task's key in Redis: a digest of its id, so the key names no task a reader could ask for. */
export function redisTaskKey(prefix: string, linkId: string, taskId: string): string {
  return `${prefix}a2a-task:${linkId}:${createHash('sha256').update(`key:${taskId}`).digest('base64url')}`;
}

/** The key a task is sealed with: derived from its id, which only its caller (and no stored byte) holds. */
const sealingKey = (taskId: string) => createHash('sha256').update(`seal:${taskId}`).digest();

/**
 * A task as Redis keeps it: AES-256-GCM under a key derived from the task's id. A task holds the
 * visitor's words, the agent's reply and the session credential (its `contextId`); what Redis holds
 * is readable only by a caller who has the task's id – never from Redis alone.
 */
function seal(task: Task): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', sealingKey(task.id), iv);
  const sealed = Buffer.concat([cipher.update(JSON.stringify(Task.toJSON(task)), 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64');
}

function unseal(taskId: string, stored: string): Task | undefined {
  const bytes = Buffer.from(stored, 'base64');
  try {
    const decipher = createDecipheriv('aes-256-gcm', sealingKey(taskId), bytes.subarray(0, 12));
    decipher.setAuthTag(bytes.subarray(12, 28));
    const json = Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8');
    return Task.fromJSON(JSON.parse(json));
  } catch {
    // Not this task's (or not a sealed one): as if it were not there.
    return undefined;
  }
}

/** The tasks in Redis (the gateway's prefix), shared by every replica, each expiring a day after its last change, sealed. */
export function redisTaskStore(redis: Redis, prefix: string, ttlSeconds = TASK_TTL_SECONDS): TaskStore {
  return {
    async save(task, context) {
      await redis.set(redisTaskKey(prefix, linkOf(context), task.id), seal(task), 'EX', ttlSeconds);
    },
    async load(taskId, context) {
      const stored = await redis.get(redisTaskKey(prefix, linkOf(context), taskId));
      return stored === null ? undefined : unseal(taskId, stored);
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
