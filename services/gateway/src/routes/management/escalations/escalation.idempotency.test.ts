import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayHarness, startGatewayHarness } from '../../../../test/gateway-harness.js';
import { seedLink } from '../../public/live/public-events.test-kit.js';
import { deskAgent, visitor } from './escalation.test-kit.js';

/**
 * A visitor's retry while a person has the conversation: the message is stored for the operators,
 * not run as a turn, and its Idempotency-Key still makes the retry return the first answer.
 */
describe('escalation: a retried message waiting for a person is stored once', () => {
  let h: GatewayHarness;

  beforeAll(async () => {
    h = await startGatewayHarness({}, { live: {} });
  });
  afterAll(async () => h?.stop());

  it('the same key returns the first answer and stores one message; another message under it is 409', async () => {
    const { token } = await seedLink(h, deskAgent);
    const first = await visitor(h, 'POST', `/api/public/chat/${token}`, { content: 'my order is late' });
    const session = first.body.session as string;
    const asked = await visitor(h, 'POST', `/api/public/chat/${token}/escalate`, { session, reason: 'late order' });
    expect(asked.status, asked.text).toBe(201);

    const send = (content: string, key: string) =>
      h.inject({
        method: 'POST',
        url: `/api/public/chat/${token}`,
        headers: { 'content-type': 'application/json', 'idempotency-key': key },
        payload: JSON.stringify({ content, session }),
      });
    const waiting = await send('hello? anyone?', 'wait-1');
    expect(waiting.status, waiting.text).toBe(200);
    expect(waiting.body).toMatchObject({ response: null, escalation: { state: 'waiting' } });

    // A retry, then two at once: each is the first answer.
    const again = await send('hello? anyone?', 'wait-1');
    const [one, two] = await Promise.all([send('hello? anyone?', 'wait-1'), send('hello? anyone?', 'wait-1')]);
    for (const retry of [again, one, two]) {
      expect(retry.status, retry.text).toBe(200);
      expect(retry.body.message_id).toBe(waiting.body.message_id);
    }
    const history = await visitor(h, 'GET', `/api/public/history/${token}?session=${session}`);
    expect(history.body.messages.filter((m: { content: string }) => m.content === 'hello? anyone?')).toHaveLength(1);

    const reused = await send('something else', 'wait-1');
    expect(reused.status, reused.text).toBe(409);
    expect(reused.body.error.details).toMatchObject({ reason: 'idempotency_key_reused' });

    // A new key is a new message.
    const next = await send('still there?', 'wait-2');
    expect(next.status, next.text).toBe(200);
    expect(next.body.message_id).not.toBe(waiting.body.message_id);
  });
});
