import { randomUUID } from 'node:crypto';
import { sha256Hex } from '@parley/auth';
import { compareEventIds, parseEventId } from '@parley/stores';
import { type FakeLlm, startFakeLlm, waitFor } from '@parley/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayHarness, startGatewayHarness } from '../../../../test/gateway-harness.js';
import { streamingAgent } from '../../../../test/public-link-fixtures.js';
import { listen, openStream, type Received, seedLink, startSession } from './public-events.test-kit.js';

const reply = 'An MRI scan takes about thirty minutes and it does not hurt at all, you only hear knocking.';

/** Events newer than `id`: what a turn started after `id` produced. */
function newerThan(events: Received[], id: string | undefined): Received[] {
  const since = id === undefined ? undefined : parseEventId(id);
  return events.filter((event) => since === undefined || compareEventIds(parseEventId(event.id) ?? [0, 0], since) > 0);
}

/** The reply as a client assembles it: deltas of one message, each event id taken once. */
function assembled(events: Received[], messageId: string): string {
  const seen = new Set<string>();
  let text = '';
  for (const event of events) {
    if (seen.has(event.id)) throw new Error(`event ${event.id} delivered twice`);
    seen.add(event.id);
    if (event.event === 'delta' && event.data.message_id === messageId) text += event.data.text;
  }
  return text;
}

describe('GET /api/public/events/{token}', () => {
  let h: GatewayHarness;
  let llm: FakeLlm;
  let baseUrl: string;
  const sources: Array<{ close(): void }> = [];

  beforeAll(async () => {
    llm = await startFakeLlm();
    h = await startGatewayHarness({}, { live: { maxEvents: 20 }, llmBaseUrl: llm.url });
    baseUrl = await listen(h.app);
  });
  afterAll(async () => {
    for (const source of sources) source.close();
    await h?.stop();
    await llm?.close();
  });

  const stream = (url: string, token: string, session: string, lastEventId?: string) => {
    const opened = openStream(url, token, session, lastEventId);
    sources.push(opened.source);
    return opened;
  };

  it('streams the events of the session with ids, and resumes after Last-Event-ID with neither loss nor duplicate', async () => {
    const { token, link } = await seedLink(h);
    const started = await startSession(h, link);
    const live = h.live!;
    const first = stream(baseUrl, token, started.session);
    await first.opened;
    const messageId = randomUUID();
    for (const text of ['An ', 'MRI ']) await live.append(started.conversation_id, { event: 'delta', data: { message_id: messageId, text } });
    await waitFor(() => assembled(first.received, messageId) === 'An MRI ');
    const lastSeen = first.received.at(-1)?.id ?? '';
    first.source.close();

    // Produced while the visitor was away.
    for (const text of ['takes ', 'thirty ']) await live.append(started.conversation_id, { event: 'delta', data: { message_id: messageId, text } });
    const second = stream(baseUrl, token, started.session, lastSeen);
    await second.opened;
    await live.append(started.conversation_id, { event: 'delta', data: { message_id: messageId, text: 'minutes.' } });
    await waitFor(() => assembled(second.received, messageId) === 'takes thirty minutes.');
    expect(assembled([...first.received, ...second.received], messageId)).toBe('An MRI takes thirty minutes.');
    expect(newerThan(second.received, lastSeen)).toEqual(second.received);
  });

  it('polling the history with `after` answers the same events as the stream, and `reset` past the log', async () => {
    const { token, link } = await seedLink(h);
    const started = await startSession(h, link);
    const live = h.live!;
    const messageId = randomUUID();
    const poll = async (after: string) =>
      (await h.inject({ method: 'GET', url: `/api/public/history/${token}?session=${started.session}&after=${encodeURIComponent(after)}` })).body;

    const streamed = stream(baseUrl, token, started.session);
    await streamed.opened;
    const everything = await poll('');
    for (const text of ['One ', 'two ']) await live.append(started.conversation_id, { event: 'delta', data: { message_id: messageId, text } });
    await waitFor(() => assembled(streamed.received, messageId) === 'One two ');
    const polled = await poll(everything.last_event_id ?? '');
    expect(polled.messages.length).toBeGreaterThan(0);
    expect(polled.reset).toBe(false);
    expect(polled.events.map((e: { id: string }) => e.id)).toEqual(streamed.received.filter((e) => e.event === 'delta').map((e) => e.id));
    expect(assembled(polled.events, messageId)).toBe('One two ');
    // Nothing new: the same `after` comes back.
    const idle = await poll(polled.last_event_id);
    expect(idle.events).toEqual([]);
    expect(idle.last_event_id).toBe(polled.last_event_id);
    // An id the log no longer holds (it keeps 20 here): reset.
    for (let i = 0; i < 30; i++) await live.append(started.conversation_id, { event: 'delta', data: { message_id: messageId, text: '.' } });
    expect((await poll(polled.last_event_id)).reset).toBe(true);
    // An id this log never gave (a client's garbage): reset too, never an error.
    const garbage = await poll('not-an-event-id');
    expect(garbage.reset).toBe(true);
    expect(garbage.events.length).toBeGreaterThan(0);
  });

  it('a visitor who drops on one gateway resumes on another (sharing Redis) without loss', async () => {
    const { token, link } = await seedLink(h);
    const started = await startSession(h, link);
    const otherUrl = await listen(await h.startGateway());
    const live = h.live!;
    const messageId = randomUUID();

    const onA = stream(baseUrl, token, started.session);
    await onA.opened;
    await live.append(started.conversation_id, { event: 'delta', data: { message_id: messageId, text: 'one ' } });
    await waitFor(() => assembled(onA.received, messageId) === 'one ');
    onA.source.close();
    await live.append(started.conversation_id, { event: 'delta', data: { message_id: messageId, text: 'two ' } });

    const onB = stream(otherUrl, token, started.session, onA.received.at(-1)?.id);
    await onB.opened;
    await live.append(started.conversation_id, { event: 'delta', data: { message_id: messageId, text: 'three' } });
    await waitFor(() => assembled(onB.received, messageId) === 'two three');
    expect(assembled([...onA.received, ...onB.received], messageId)).toBe('one two three');
  });

  it('answers `reset` when the id asked for has left the log, then the kept events and live ones', async () => {
    const { token, link } = await seedLink(h);
    const started = await startSession(h, link);
    const live = h.live!;
    const evicted = await live.append(started.conversation_id, { event: 'status', data: { state: 'idle' } });
    // The log keeps about 20 events here.
    for (let i = 0; i < 40; i++) await live.append(started.conversation_id, { event: 'delta', data: { message_id: 'm', text: String(i) } });
    const resumed = stream(baseUrl, token, started.session, evicted);
    await resumed.opened;
    await waitFor(() => resumed.received.some((event) => event.data?.text === '39'));
    expect(resumed.received[0]).toMatchObject({ event: 'reset' });
    const live40 = await live.append(started.conversation_id, { event: 'status', data: { state: 'thinking' } });
    await waitFor(() => resumed.received.at(-1)?.id === live40);
  });

  it('a streamed reply: the visitor drops after the first delta, reconnects and assembles the whole reply exactly once', async () => {
    const { token, link } = await seedLink(h, streamingAgent);
    llm.setHandler(() => ({ content: reply, chunkDelayMs: 60 }));
    const started = await startSession(h, link, 'Hi');
    const first = stream(baseUrl, token, started.session);
    await first.opened;
    const before = (await h.live!.readAfter(started.conversation_id, undefined)).events.at(-1)?.id;

    const sending = h.bus.request('sessions.public-send', { link, content: 'Does an MRI hurt?', credentialHash: await hashOf(started.session) });
    await waitFor(() => first.received.some((event) => event.event === 'delta'), { timeoutMs: 10_000 });
    first.source.close();
    const lastSeen = first.received.at(-1)?.id ?? '';
    const second = stream(baseUrl, token, started.session, lastSeen);
    const answered = await sending;
    await waitFor(() => newerThan(second.received, before).some((event) => event.event === 'status' && event.data.state === 'idle'), {
      timeoutMs: 10_000,
    });

    const all = newerThan([...first.received, ...second.received], before);
    const delta = all.find((event) => event.event === 'delta');
    const messageId = delta?.data.message_id as string;
    expect(assembled(all, messageId)).toBe(reply);
    expect(answered.response).toBe(reply);
    // The whole message comes once it is stored, under the id its deltas announced.
    expect(all.filter((event) => event.event === 'message' && event.data.role === 'assistant')).toEqual([
      expect.objectContaining({ data: expect.objectContaining({ id: messageId, content: reply }) }),
    ]);
    expect(all.filter((event) => event.event === 'status').map((event) => event.data.state)).toEqual(['thinking', 'typing', 'idle']);
  });

  it('the status goes thinking → idle also when the turn fails', async () => {
    const { token, link } = await seedLink(h, streamingAgent);
    const started = await startSession(h, link, 'Hi');
    const watching = stream(baseUrl, token, started.session);
    await watching.opened;
    const before = (await h.live!.readAfter(started.conversation_id, undefined)).events.at(-1)?.id;
    llm.setHandler(() => ({ status: 500 }));
    const failed = await h.bus
      .request('sessions.public-send', { link, content: 'Anyone there?', credentialHash: await hashOf(started.session) })
      .catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(Error);
    await waitFor(() => newerThan(watching.received, before).some((event) => event.event === 'status' && event.data.state === 'idle'), {
      timeoutMs: 10_000,
    });
    const states = newerThan(watching.received, before)
      .filter((event) => event.event === 'status')
      .map((event) => event.data.state);
    expect(states[0]).toBe('thinking');
    expect(states.at(-1)).toBe('idle');
  });
});

async function hashOf(session: string): Promise<string> {
  return sha256Hex(session);
}
