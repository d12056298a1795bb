import { afterEach, describe, expect, it } from 'vitest';
import { startWebhookReceiver, type WebhookReceiver } from './webhook-receiver.js';

describe("the tests' webhook receiver", () => {
  let hooks: WebhookReceiver | undefined;
  afterEach(async () => {
    await hooks?.close();
    hooks = undefined;
  });

  it('keeps a JSON body as a delivery; a request without one, a body that is not JSON or is no object is answered 400 and kept nowhere', async () => {
    hooks = await startWebhookReceiver();
    const post = (body: string) => fetch(`${hooks?.origin}/hooks`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    const delivery = { type: 'feedback.received', timestamp: '2026-11-30T00:00:00Z', data: { score: 4 } };

    expect((await fetch(`${hooks.origin}/readyz`)).status).toBe(400);
    expect((await post('')).status).toBe(400);
    expect((await post('{"type":')).status).toBe(400);
    expect((await post('42')).status).toBe(400);
    expect((await post('[{"type":"feedback.received"}]')).status).toBe(400);
    expect((await post(JSON.stringify(delivery))).status).toBe(204);
    expect(hooks.received).toEqual([delivery]);
  });
});
