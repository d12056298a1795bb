import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

type ScriptCommand = (...args: Array<string | number>) => Promise<unknown>;

/** Each script's SHA-1, computed once: some callers make their script function per call. */
const shas = new Map<string, string>();

/**
 * A Lua script as a function: EVALSHA (only the script's hash on the wire), and EVAL – which also
 * loads it – when Redis does not know it yet or forgot it (a restart, SCRIPT FLUSH).
 *
 * Not ioredis's `defineCommand`: a command defined while the client's automatic pipeline for this
 * tick already exists is missing from that pipeline, and the call then throws inside ioredis and
 * takes the process down with it (`results[i] is not iterable`). EVALSHA and EVAL are built-in
 * commands every pipeline has, so a script may be first used at any time.
 */
export function redisScript(redis: Redis, numberOfKeys: number, lua: string): ScriptCommand {
  let sha = shas.get(lua);
  if (sha === undefined) {
    sha = createHash('sha1').update(lua).digest('hex');
    shas.set(lua, sha);
  }
  const hash = sha;
  return async (...args) => {
    try {
      return await redis.evalsha(hash, numberOfKeys, ...args);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      return redis.eval(lua, numberOfKeys, ...args);
    }
  };
}
