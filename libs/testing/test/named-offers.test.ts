import { randomBytes } from 'node:crypto';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { namedResponderSubject } from '@parley/bus';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { namedResponderGone, watchNamedOffers } from '../src/index.js';

describe('the named offers of a subject, seen from a test', () => {
  const natsUrl = inject('natsUrl');
  const open: NatsConnection[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((nc) => (nc.isClosed() ? undefined : nc.close())));
  });

  /** A responder named `name` of `rpcName`, on a connection of its own, counting what it is asked. */
  const responder = async (namespace: string, rpcName: string, name: string) => {
    const nc = await connect({ servers: natsUrl });
    open.push(nc);
    const subject = namedResponderSubject(`${namespace}.${rpcName}`, name);
    const asked = { count: 0 };
    nc.subscribe(subject, {
      callback: (_error, msg) => {
        asked.count++;
        msg.respond('{"error":"invalid"}');
      },
    });
    await nc.flush();
    return { nc, subject, asked };
  };

  it('names the subjects a request was offered on, and waits for a killed responder’s subscription to go – without hammering a live one', async () => {
    const namespace = `t_${randomBytes(6).toString('hex')}`;
    const a = await responder(namespace, 'sessions.send', 'a');
    const caller = await connect({ servers: natsUrl });
    open.push(caller);

    const watch = await watchNamedOffers({ natsUrl, namespace }, 'sessions.send');
    await caller.request(a.subject, '', { timeout: 2_000 });
    // Not a named offer: the subject itself.
    caller.publish(`${namespace}.sessions.send`, '');
    await caller.flush();
    await expect.poll(async () => a.asked.count).toBe(1);
    expect(await watch.stop()).toEqual([a.subject]);

    // Alive: the wait gives up, having asked it a few times a second, not as fast as it answers.
    await expect(namedResponderGone(natsUrl, a.subject, { timeoutMs: 500 })).rejects.toThrow('still has a subscription');
    expect(a.asked.count).toBeLessThan(40);

    await a.nc.close();
    await namedResponderGone(natsUrl, a.subject, { timeoutMs: 5_000 });
  });
});
