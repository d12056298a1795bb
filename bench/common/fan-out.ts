import { connectRedis, redisLiveEventLog } from '@parley/stores';
import { serverUrls } from './real-stack.js';

/** The timed event's data, and what the connections' listeners look for in what they receive. */
const TIMED_EVENT = { state: 'idle', label: 'bench' } as const;
export const FAN_OUT_MARK = `"label":"${TIMED_EVENT.label}"`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Appends one status event to each session's live log (the machine's Redis, the stack's key
 * prefix) and waits, 10 s at most, until every connection has seen its own session's: the
 * connections' listeners put the first time they saw FAN_OUT_MARK in `arrivals`, by connection
 * index, and connection i follows session i mod the number of sessions. Gives each connection's
 * latency from its session's append, sorted, and the sessions none of whose connections saw it.
 */
export async function timeFanOut<S extends { conversation_id: string }>(options: {
  namespace: string;
  sessions: S[];
  connections: number;
  arrivals: Map<number, number>;
  log: (line: string) => void;
}): Promise<{ latencies: number[]; missing: S[] }> {
  const { sessions, arrivals } = options;
  const redis = await connectRedis(serverUrls().redisUrl);
  const live = redisLiveEventLog(redis, `${options.namespace}:`);
  try {
    const sent = new Map<string, number>();
    await Promise.all(
      sessions.map(async (session) => {
        sent.set(session.conversation_id, performance.now());
        await live.append(session.conversation_id, { event: 'status', data: TIMED_EVENT });
      }),
    );
    const deadline = Date.now() + 10_000;
    while (arrivals.size < options.connections && Date.now() < deadline) await sleep(20);
    const sessionOf = (index: number) => sessions[index % sessions.length];
    const reached = new Set([...arrivals.keys()].map((index) => sessionOf(index)?.conversation_id));
    const missing = sessions.filter((session) => !reached.has(session.conversation_id));
    if (missing.length > 0) {
      const [, subscribers] = (await redis.pubsub('NUMSUB', `${options.namespace}:live-events:${missing[0]?.conversation_id}`)) as [string, number];
      options.log(`${missing.length} sessions got nothing; the first has ${subscribers} subscriber(s) in Redis`);
    }
    const latencies = [...arrivals.entries()].map(([index, time]) => time - (sent.get(sessionOf(index)?.conversation_id ?? '') ?? time)).sort((a, b) => a - b);
    return { latencies, missing };
  } finally {
    await live.close();
    redis.disconnect();
  }
}
