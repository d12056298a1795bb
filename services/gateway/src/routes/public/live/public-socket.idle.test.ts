import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayHarness, startGatewayHarness } from '../../../../test/gateway-harness.js';
import { listen, seedLink, startSession } from './public-events.test-kit.js';
import { socketOpener } from './public-socket.test-kit.js';

/** Scaled down from the defaults (pings every 20 s, dropped after 30 s of silence): the same proportions. */
const PING_MS = 1_000;
const IDLE_MS = 2_000;
/**
 * How late a drop may be: the time to notice a closed TCP connection on loopback. A check that
 * ran every quarter of the allowance (500 ms here) would be up to that late for some socket.
 */
const LATE_MS = 250;

describe('widget WebSockets: a silent client is dropped when its allowance is up, never later', () => {
  let h: GatewayHarness;
  let baseUrl: string;
  const sockets = socketOpener();

  beforeAll(async () => {
    // Eight sockets of one session at once: past the default cap of live streams per session.
    h = await startGatewayHarness({ webSocket: { pingMs: PING_MS, idleMs: IDLE_MS }, liveStreamCaps: { perSession: 20, perAddress: 100 } }, { live: {} });
    baseUrl = await listen(h.app);
  });
  afterAll(async () => {
    sockets.closeAll();
    await h?.stop();
  });

  it('silent clients opened at different moments are each dropped within WS_IDLE_SECONDS of their last sign of life; answering ones stay', async () => {
    const { token, link } = await seedLink(h);
    const started = await startSession(h, link);
    const answering = sockets.open(baseUrl, token, started.session);
    await answering.opened;
    let pings = 0;
    answering.socket.on('ping', () => pings++);

    // Six silent clients, opened 90 ms apart: together they fall at every point of any periodic
    // check's cycle, so a drop that waits for one is late for some of them.
    const silent: Array<{ openedAt: number; dropped: Promise<{ code: number | undefined; after: number }> }> = [];
    for (let i = 0; i < 6; i++) {
      const ws = sockets.open(baseUrl, token, started.session, undefined, { autoPong: false });
      await ws.opened;
      const openedAt = Date.now();
      const dropped = ws.ended.then((how) => ({ code: how.kind === 'closed' ? how.code : undefined, after: Date.now() - openedAt }));
      silent.push({ openedAt, dropped });
      await new Promise((resolve) => setTimeout(resolve, 90));
    }

    // One more that says something (a ping of its own) a second in – when the gateway's first ping
    // reaches it – then falls silent: its allowance starts again then.
    const late = sockets.open(baseUrl, token, started.session, undefined, { autoPong: false });
    await late.opened;
    await new Promise<void>((resolve) => late.socket.on('ping', () => resolve()));
    late.socket.ping();
    const lastHeardAt = Date.now();
    const lateDroppedAfter = late.ended.then(() => Date.now() - lastHeardAt);

    const dropped = await Promise.all(silent.map((s) => s.dropped));
    for (const [i, { code, after }] of dropped.entries()) {
      // Cut off, not closed politely: a silent client is presumed gone.
      expect(code, `silent client ${i}`).toBe(1006);
      expect(after, `silent client ${i}`).toBeGreaterThanOrEqual(IDLE_MS - 50);
      expect(after, `silent client ${i}`).toBeLessThanOrEqual(IDLE_MS + LATE_MS);
    }
    const lateAfter = await lateDroppedAfter;
    expect(lateAfter).toBeGreaterThanOrEqual(IDLE_MS - 50);
    expect(lateAfter).toBeLessThanOrEqual(IDLE_MS + LATE_MS);

    // The client that answers the pings outlived them all, pinged about every second.
    expect(answering.socket.readyState).toBe(1);
    const aliveFor = Date.now() - silent[0]!.openedAt;
    expect(aliveFor).toBeGreaterThan(IDLE_MS + 1_000);
    expect(pings).toBeGreaterThanOrEqual(Math.floor(aliveFor / (PING_MS * 1.25)) - 1);
    answering.socket.close(1000);
    await answering.ended;
  }, 20_000);
});
