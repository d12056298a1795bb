import type { Redis } from 'ioredis';

type ScriptCommand = (...args: Array<string | number>) => Promise<unknown>;

const defined = new WeakMap<Redis, Set<string>>();

/**
 * A Lua script as a command of the client: ioredis sends EVALSHA (the script's body only the first
 * time, or after Redis forgot it), instead of the whole body on every call as EVAL does.
 */
export function redisScript(redis: Redis, name: string, numberOfKeys: number, lua: string): ScriptCommand {
  let names = defined.get(redis);
  if (!names) {
    names = new Set();
    defined.set(redis, names);
  }
  if (!names.has(name)) {
    redis.defineCommand(name, { numberOfKeys, lua });
    names.add(name);
  }
  const command = (redis as unknown as Record<string, ScriptCommand>)[name];
  if (!command) throw new Error(`Redis script ${name} is not defined`);
  return (...args) => command.apply(redis, args);
}
