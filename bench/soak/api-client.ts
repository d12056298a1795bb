import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Pool } from 'undici';
import { signed } from '../chat-api/load.js';
import type { SeededAgent } from '../common/bench-agent.js';
import type { Pacer } from './pacer.js';
import { exchange, type Tally } from './tally.js';

/** Messages of one Text Chat API conversation; then the client starts another (it never ends one: most clients let them time out). */
const MESSAGES_PER_SESSION = 10;
/** The message of each conversation sent a second time with its Idempotency-Key: the answer must be the first one, with no second turn. */
const REPLAYED_MESSAGE = 5;
/** After a session could not be created, before trying again. */
const RETRY_MS = 1_000;

export interface ApiClientOptions {
  pool: Pool;
  tally: Tally;
  /** Each message waits for a slot of the Text Chat API's share of the rate. */
  pacer: Pacer;
  chatApiSecret: string;
  agent: SeededAgent;
  /** Starts every Idempotency-Key, unique to the run. */
  keyPrefix: string;
  stopping: () => boolean;
}

/**
 * One Text Chat API client (docs/text-chat-api.md): signed requests, each message with an
 * Idempotency-Key of its own; conversation after conversation until the load stops.
 */
export async function runApiClient(options: ApiClientOptions, client: number): Promise<void> {
  const { pool, tally, agent } = options;
  // Every signature is used once: the timestamp never repeats within a client, whose paths and bodies are its own.
  let clock = 0;
  const now = () => {
    clock = Math.max(Date.now(), clock + 1);
    return clock;
  };
  for (let conversation = 1; !options.stopping(); conversation++) {
    const payload = { tenant_id: agent.tenantId, agent_id: agent.agentId, metadata: { bench: 'soak', client, conversation } };
    const created = await exchange(pool, tally, 'api session', signed(options.chatApiSecret, now(), 'POST', '/api/chat/sessions', payload), 201);
    if (!created) {
      await sleep(RETRY_MS);
      continue;
    }
    const path = `/api/chat/sessions/${created.session_id}/messages`;
    for (let n = 1; n <= MESSAGES_PER_SESSION && (await options.pacer.take()); n++) {
      const body = { content: `message ${n} of client ${client}` };
      const key = { 'idempotency-key': `${options.keyPrefix}-${client}-${conversation}-${n}` };
      const request = () => {
        const message = signed(options.chatApiSecret, now(), 'POST', path, body);
        return { ...message, headers: { ...message.headers, ...key } };
      };
      const sent = performance.now();
      const reply = await exchange(pool, tally, 'api turn', request(), 200);
      if (!reply) continue;
      if (reply.response !== agent.reply) {
        tally.fail('api turn', 'unexpected reply');
        continue;
      }
      tally.latencyMs.apiTurn.push(performance.now() - sent);
      if (n !== REPLAYED_MESSAGE) continue;
      // Signed anew (a signature is used once), the same key and content.
      const again = await exchange(pool, tally, 'api replay', request(), 200);
      if (again && again.turn_number !== reply.turn_number) tally.fail('api replay', 'ran a second turn');
    }
  }
}
