import { readInboxEvent, readLiveEvent } from '@parley/contracts';
import { waitFor } from '@parley/testing';
import { samplePdf, samplePng } from '@parley/uploads/test-files';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayHarness, startGatewayHarness } from '../../../../test/gateway-harness.js';
import { uploadRequest, uploadsOn } from '../../../../test/upload-fixtures.js';
import { deskAgent, follow, generousPublicLimits, operatorKey, visitor } from '../../management/escalations/escalation.test-kit.js';
import { listen, openStream, type Received, seedLink } from '../live/public-events.test-kit.js';
import { socketOpener } from '../live/public-socket.test-kit.js';

/**
 * A message's files travel with it live (docs/public-chat-api.md "Live events"): the visitor's other tabs –
 * an event stream, the widget's socket – and the operators' inbox stream show them as they come,
 * as history does, without reloading.
 */
describe('the live message event carries the files a visitor’s message carries', () => {
  let h: GatewayHarness;
  let base: string;
  const sockets = socketOpener();
  const sources: Array<{ close(): void }> = [];

  beforeAll(async () => {
    h = await startGatewayHarness({ publicLimits: generousPublicLimits }, { live: {} });
    base = await listen(h.app);
  });
  afterAll(async () => {
    sockets.closeAll();
    for (const source of sources) source.close();
    await h?.stop();
  });

  const upload = async (token: string, session: string, filename: string, data: Buffer) => {
    const answer = await h.inject(uploadRequest(token, session, { filename, data }));
    expect(answer.status, answer.text).toBe(201);
    return { id: answer.body.upload_id as string, name: filename, type: answer.body.type as string, bytes: data.length };
  };
  const messageOf = (events: Received[], content: string) => events.find((event) => event.event === 'message' && event.data.content === content);

  it('to the visitor’s other tabs during a turn, and to the operators once a person has the conversation', async () => {
    const { agent, token } = await seedLink(h, deskAgent, { uploads: uploadsOn(), rate_limit_per_minute: 10_000 });
    const alice = await operatorKey(h, agent.tenantId, 'Alice');
    const started = await visitor(h, 'POST', `/api/public/sessions/${token}`, {});
    expect(started.status, started.text).toBe(201);
    const session = started.body.session as string;
    // The visitor's other tabs: the chat page's event stream and the widget's socket.
    const tab = openStream(base, token, session);
    sources.push(tab.source);
    const widget = sockets.open(base, token, session);
    const inbox = follow(`${base}/api/inbox/events`, ['message'], { authorization: `Bearer ${alice}` });
    sources.push(inbox.source);
    await Promise.all([tab.opened, widget.opened, inbox.opened]);

    // During a turn.
    const photo = await upload(token, session, 'dent.png', samplePng());
    const sent = await visitor(h, 'POST', `/api/public/chat/${token}`, { content: 'the dent', session, attachments: [photo.id] });
    expect(sent.status, sent.text).toBe(200);
    await waitFor(() => Boolean(messageOf(tab.received, 'The agent answers.') && messageOf(widget.events() as Received[], 'The agent answers.')));
    for (const events of [tab.received, widget.events() as Received[]]) {
      const mine = messageOf(events, 'the dent');
      expect(mine?.data).toEqual({ id: sent.body.message_id, role: 'user', content: 'the dent', attachments: [photo] });
      // What the chat page and the widget make of it: the files kept, nothing else added.
      expect(readLiveEvent(mine)?.data).toEqual(mine?.data);
      // The agent's words carry none.
      expect(messageOf(events, 'The agent answers.')?.data).not.toHaveProperty('attachments');
    }

    // With a person: the visitor's message goes to the operators' inbox with its files.
    const asked = await visitor(h, 'POST', `/api/public/chat/${token}/escalate`, { session, reason: 'a person, please' });
    expect(asked.status, asked.text).toBe(201);
    const receipt = await upload(token, session, 'Rechnung.pdf', samplePdf());
    const forPerson = await visitor(h, 'POST', `/api/public/chat/${token}`, { content: 'my receipt', session, attachments: [receipt.id] });
    expect(forPerson.status, forPerson.text).toBe(200);
    expect(forPerson.body.response).toBeNull();
    await waitFor(() =>
      Boolean(messageOf(inbox.received, 'my receipt') && messageOf(tab.received, 'my receipt') && messageOf(widget.events() as Received[], 'my receipt')),
    );
    const inboxMessage = messageOf(inbox.received, 'my receipt');
    expect(inboxMessage?.data).toMatchObject({ role: 'user', content: 'my receipt', attachments: [receipt] });
    expect(readInboxEvent(inboxMessage)?.data).toEqual(inboxMessage?.data);
    expect(messageOf(tab.received, 'my receipt')?.data.attachments).toEqual([receipt]);
    expect(messageOf(widget.events() as Received[], 'my receipt')?.data.attachments).toEqual([receipt]);

    // A file's key in the store never leaves the platform.
    const everything = JSON.stringify([tab.received, widget.events(), inbox.received]);
    expect(everything).not.toContain(`/${photo.id}`);
    expect(everything).not.toContain('"key"');

    // And history says the same as the live events did.
    const history = await h.inject({ method: 'GET', url: `/api/public/history/${token}?session=${session}` });
    const inHistory = history.body.messages.filter((m: { attachments?: unknown }) => m.attachments).map((m: { attachments: unknown }) => m.attachments);
    expect(inHistory).toEqual([[photo], [receipt]]);
  });
});
