import { randomBytes } from 'node:crypto';
import { createNatsBus, type PlatformBus } from '@parley/bus';
import { AppError, catalog, type SendMessageResponse } from '@parley/contracts';
import { createLogger } from '@parley/logger';
import { afterEach, describe, expect, it } from 'vitest';
import { ReplicaAffinity } from '../src/messages/replica-affinity.js';

const servers = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const logger = createLogger({ service: 'gateway-test', level: 'silent' });

/** A turn's answer, naming the replica that ran it as its node. */
const answerFrom = (replica: string): SendMessageResponse => ({
  response: 'Hello.',
  node_id: replica,
  node_name: null,
  previous_node_id: replica,
  previous_node_name: null,
  transitions: [],
  transition: null,
  extracted_variables: null,
  tool_calls: [],
  session_ended: false,
  turn_number: 1,
  latency_ms: 1,
});

/**
 * The gateway's bus with two sessions replicas behind it on NATS, each answering sessions.send
 * with its own name as the reply's node, and refusing a session named `text_unknown…` as sessions refuses an unknown one.
 */
describe("a conversation's messages to the sessions replica that took its last", () => {
  const buses: PlatformBus[] = [];

  afterEach(async () => {
    await Promise.all(buses.splice(0).map((bus) => bus.drain().catch(() => undefined)));
  });

  const start = async () => {
    const namespace = `t_${randomBytes(6).toString('hex')}`;
    const open = async () => {
      const bus = await createNatsBus({ catalog, servers, namespace, logger });
      buses.push(bus);
      return bus;
    };
    const replica = async (name: string) => {
      const bus = await open();
      await bus.serve('sessions.send', async ({ sessionId }) => {
        if (sessionId.startsWith('text_unknown')) throw new AppError('not_found', 'session not found');
        return answerFrom(name);
      }).ready;
      return bus;
    };
    const replicas = { a: await replica('a'), b: await replica('b') };
    const affinity = new ReplicaAffinity();
    const gateway = affinity.wrap(await open());
    const send = async (sessionId: string) => (await gateway.request('sessions.send', { sessionId, content: 'hello' })).node_id;
    return { replicas, affinity, send };
  };

  it('sends every later message of a conversation to the replica that took the first, and others anywhere', async () => {
    const { affinity, send } = await start();
    const first = await send('text_conversation_one');
    expect(affinity.replicaOf('text_conversation_one')).toBeDefined();
    const later: string[] = [];
    for (let n = 0; n < 20; n++) later.push(await send('text_conversation_one'));
    expect(later).toEqual(Array(20).fill(first));
    // Other conversations are spread over both, as ever.
    const spread = new Set<string>();
    for (let n = 0; n < 40 && spread.size < 2; n++) spread.add(await send(`text_conversation_${String(n).padStart(4, '0')}`));
    expect(spread).toEqual(new Set(['a', 'b']));
  });

  it('remembers nothing of a refused message', async () => {
    const { affinity, send } = await start();
    await expect(send('text_unknown_conversation')).rejects.toMatchObject({ code: 'not_found' });
    expect(affinity.replicaOf('text_unknown_conversation')).toBeUndefined();
  });

  it('sends the message to the replica left when the one it took the last from is gone, and keeps to that one', async () => {
    const { replicas, affinity, send } = await start();
    const first = (await send('text_conversation_moving')) as 'a' | 'b';
    const left = first === 'a' ? 'b' : 'a';
    await replicas[first].drain();
    expect(await send('text_conversation_moving')).toBe(left);
    for (let n = 0; n < 5; n++) expect(await send('text_conversation_moving')).toBe(left);
    expect(affinity.replicaOf('text_conversation_moving')).toBeDefined();
    // None left: the caller hears so, and the conversation's replica is forgotten.
    await replicas[left].drain();
    await expect(send('text_conversation_moving')).rejects.toMatchObject({ code: 'unavailable', details: { reason: 'no_responders' } });
    expect(affinity.replicaOf('text_conversation_moving')).toBeUndefined();
  });
});
