import { type FakeLlm, startFakeLlm, waitFor } from '@parley/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayHarness, startGatewayHarness } from '../../../../test/gateway-harness.js';
import { streamingAgent } from '../../../../test/public-link-fixtures.js';
import { listen, seedLink, startSession } from './public-events.test-kit.js';
import { socketOpener } from './public-socket.test-kit.js';

describe('widget WebSockets: shutting down and letting go', () => {
  let h: GatewayHarness;
  let llm: FakeLlm;
  let baseUrl: string;
  const sockets = socketOpener();

  beforeAll(async () => {
    llm = await startFakeLlm();
    h = await startGatewayHarness({}, { live: {}, llmBaseUrl: llm.url });
    baseUrl = await listen(h.app);
  });
  afterAll(async () => {
    sockets.closeAll();
    await h?.stop();
    await llm?.close();
  });

  it('a gateway shutting down answers the message in flight (its ack) before 1001; the reply is whole for the next gateway', async () => {
    const another = await h.startGateway();
    const url = await listen(another);
    const { token, link } = await seedLink(h, streamingAgent);
    const started = await startSession(h, link, 'Hi');
    const reply = 'Your bike is ready: the chain and both brakes are new.';
    llm.setHandler(() => ({ content: reply, chunkDelayMs: 40 }));
    const ws = sockets.open(url, token, started.session);
    await ws.opened;
    ws.send({ type: 'message', content: 'Is my bike ready?', client_id: 'in-flight' });
    await waitFor(() => ws.events().some((frame) => frame.event === 'delta'), { timeoutMs: 10_000 });
    const closing = another.close();
    expect(await ws.ended).toMatchObject({ kind: 'closed', code: 1001 });
    await closing;
    const ack = ws.frames.find((frame) => frame.type === 'ack');
    expect(ack).toMatchObject({ client_id: 'in-flight', message_id: expect.any(String) });
    // Resumed on another gateway from the last id: the rest, and nothing twice.
    const resumed = sockets.open(baseUrl, token, started.session, ws.events().at(-1)?.id);
    await resumed.opened;
    await waitFor(() => [...ws.events(), ...resumed.events()].some((frame) => frame.event === 'message' && frame.data.content === reply), {
      timeoutMs: 10_000,
    });
    const all = [...ws.events(), ...resumed.events()];
    expect(new Set(all.map((frame) => frame.id)).size).toBe(all.length);
    resumed.socket.close(1000);
    await resumed.ended;
  });

  it('after 1,000 connect/disconnect cycles over 20 sessions: no listener, no Redis subscription, no open socket', async () => {
    const { token, link } = await seedLink(h);
    const sessions: Array<{ session: string; conversation_id: string }> = [];
    for (let i = 0; i < 20; i++) sessions.push(await startSession(h, link));
    let next = 0;
    const worker = async () => {
      for (let i = next++; i < 1_000; i = next++) {
        const session = sessions[i % sessions.length];
        if (!session) continue;
        const ws = sockets.open(baseUrl, token, session.session);
        await ws.opened;
        // Half leave cleanly, half vanish.
        if (i % 2 === 0) ws.socket.close(1000);
        else ws.socket.terminate();
        await ws.ended;
      }
    };
    await Promise.all(Array.from({ length: 20 }, worker));
    const live = h.live;
    if (!live) throw new Error('the harness serves live events');
    await expect.poll(() => live.listening(), { timeout: 5_000 }).toEqual({ conversations: 0, listeners: 0 });
    for (const session of sessions) {
      const [, subscribers] = (await h.redis.pubsub('NUMSUB', `${h.ctx.redisPrefix}live-events:${session.conversation_id}`)) as [string, number];
      expect(subscribers).toBe(0);
    }
    await expect.poll(() => new Promise<number>((resolve) => h.app.server.getConnections((_error, count) => resolve(count))), { timeout: 5_000 }).toBe(0);
  }, 60_000);
});
