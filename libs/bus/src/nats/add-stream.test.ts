import { JetStreamApiError, type JetStreamManager } from '@nats-io/jetstream';
import { describe, expect, it } from 'vitest';
import { addStream } from './events.js';

/** A manager whose stream creation answers each call from `answers` in turn (an error code, or created). */
function managerAnswering(answers: Array<number | 'created'>) {
  const calls: string[] = [];
  const jsm = {
    streams: {
      async add(config: { name: string }) {
        calls.push(config.name);
        const answer = answers[calls.length - 1] ?? 'created';
        if (answer !== 'created') throw new JetStreamApiError({ err_code: answer, code: 500, description: `error ${answer}` });
        return {};
      },
    },
  } as unknown as JetStreamManager;
  return { jsm, calls };
}

describe('addStream', () => {
  it('asks again when the server could not make the stream’s store, and is done once it could', async () => {
    const { jsm, calls } = managerAnswering([10077, 10077, 'created']);
    await addStream(jsm, { name: 'ns_events' }, 1);
    expect(calls).toEqual(['ns_events', 'ns_events', 'ns_events']);
  });

  it('gives up after four tries, and never retries another refusal', async () => {
    const stuck = managerAnswering([10077, 10077, 10077, 10077, 'created']);
    await expect(addStream(stuck.jsm, { name: 'ns_events' }, 1)).rejects.toThrow('error 10077');
    expect(stuck.calls).toHaveLength(4);
    const taken = managerAnswering([10058]);
    await expect(addStream(taken.jsm, { name: 'ns_events' }, 1)).rejects.toThrow('error 10058');
    expect(taken.calls).toHaveLength(1);
  });
});
