import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_KEY, CHAT_SECRET, type GatewayHarness, startGatewayHarness } from '../../../services/gateway/test/gateway-harness.js';
import { createParleyClient, type LiveEvent, ParleyApiError, ParleyNetworkError } from '../src/index.js';

/** A conversation the agent answers without a language model: a greeting, then "Noted." to anything until "stop". */
const echoAgent = {
  workflow: {
    initial_node: 'start',
    nodes: [
      { id: 'start', name: 'Start', static_text: 'Say something.', transitions: [{ to: 'echo', condition: 'user_responded' }] },
      { id: 'echo', name: 'Echo', static_text: 'Noted.', transitions: [{ to: 'done', condition: 'contains:stop' }] },
      { id: 'done', name: 'Done', type: 'end', static_text: 'Bye.' },
    ],
  },
};

describe('@parley/client against a served gateway', () => {
  let h: GatewayHarness;
  let baseUrl: string;
  let tenantId: string;
  let tenantKey: string;
  let token: string;

  beforeAll(async () => {
    h = await startGatewayHarness({}, { live: {} });
    await h.app.listen({ port: 0, host: '127.0.0.1' });
    baseUrl = `http://127.0.0.1:${(h.app.server.address() as AddressInfo).port}/`;
  });
  afterAll(async () => h?.stop());

  it('creates a tenant, its key, an agent and a public link, each answer typed', async () => {
    const admin = createParleyClient({ baseUrl, auth: { kind: 'key', key: ADMIN_KEY } });
    const tenant = await admin.POST('/api/tenants', { body: { name: 'Client tenant' } });
    expect(tenant.name).toBe('Client tenant');
    tenantId = tenant.id;
    const key = await admin.POST('/api/tenants/{id}/keys', { path: { id: tenant.id }, body: {} });
    expect(key.key).toMatch(/^prl_/);
    tenantKey = key.key;

    const api = createParleyClient({ baseUrl, auth: { kind: 'key', key: tenantKey } });
    const agent = await api.POST('/api/agents', { body: { name: 'repairs', config: echoAgent } });
    expect(agent).toMatchObject({ name: 'repairs', active_version: 1 });
    const listed = await api.GET('/api/agents');
    expect(listed.agents.map((a) => a.name)).toEqual(['repairs']);
    const link = await api.POST('/api/agents/{name}/public-links', { path: { name: 'repairs' }, body: { title: 'Bike repairs' } });
    expect(link.url).toContain(link.token);
    token = link.token;
    // The admin key acts on the tenant it names.
    const asAdmin = createParleyClient({ baseUrl, auth: { kind: 'key', key: ADMIN_KEY, tenantId } });
    expect((await asAdmin.GET('/api/agents/{name}', { path: { name: 'repairs' } })).versions).toHaveLength(1);
  });

  it('holds a signed Text Chat API conversation to its end', async () => {
    const admin = createParleyClient({ baseUrl, auth: { kind: 'key', key: tenantKey } });
    const { id: agentId } = await admin.GET('/api/agents/{name}', { path: { name: 'repairs' } });
    const chat = createParleyClient({ baseUrl, chatSecret: CHAT_SECRET });
    const session = await chat.textChat.createSession({ tenant_id: tenantId, agent_id: agentId });
    expect(session.initial_message).toBe('Say something.');
    const reply = await chat.textChat.sendMessage(session.session_id, 'hello');
    expect(reply.response).toBe('Noted.');
    // The same words again a moment later are another message, signed anew, not a replay.
    expect((await chat.textChat.sendMessage(session.session_id, 'hello')).response).toBe('Noted.');
    expect((await chat.textChat.getSession(session.session_id)).status).toBe('active');
    const ended = await chat.textChat.endSession(session.session_id);
    expect(ended.success).toBe(true);
    const refused = await chat.textChat.sendMessage(session.session_id, 'anyone?').catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ParleyApiError);
    expect(refused).toMatchObject({ status: 410, code: 'gone' });
  });

  it('refuses a request signed with another secret: a typed 401 saying bad_signature', async () => {
    const forger = createParleyClient({ baseUrl, chatSecret: 'not-the-secret-0123456789abcdef' });
    const error = await forger.textChat.createSession({ tenant_id: tenantId, agent_id: '00000000-0000-4000-8000-000000000000' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ParleyApiError);
    const refusal = error as ParleyApiError;
    expect(refusal).toMatchObject({ status: 401, code: 'unauthorized', reason: 'bad_signature' });
    expect(refusal.requestId).toMatch(/\S/);
  });

  it('turns a refused management call into a ParleyApiError with the error body', async () => {
    const stranger = createParleyClient({ baseUrl, auth: { kind: 'key', key: 'prl_not-a-key' } });
    const unauthorized = await stranger.GET('/api/agents').catch((e: unknown) => e);
    expect(unauthorized).toMatchObject({ status: 401, code: 'unauthorized' });
    const api = createParleyClient({ baseUrl, auth: { kind: 'key', key: tenantKey } });
    const invalid = (await api.POST('/api/agents', { body: { name: '', config: echoAgent } }).catch((e: unknown) => e)) as ParleyApiError;
    expect(invalid).toBeInstanceOf(ParleyApiError);
    expect(invalid.status).toBe(400);
    expect(invalid.code).toBe('invalid');
    expect(invalid.details).toEqual(expect.arrayContaining([expect.objectContaining({ path: expect.stringContaining('name') })]));
    expect(invalid.message).toMatch(/name/);
    const missing = await api.GET('/api/agents/{name}', { path: { name: 'nobody/../here' } }).catch((e: unknown) => e);
    expect(missing).toMatchObject({ status: 404, code: 'not_found' });
  });

  it('says which address could not be reached', async () => {
    const nowhere = createParleyClient({ baseUrl: 'http://127.0.0.1:9', auth: { kind: 'key', key: tenantKey } });
    const error = await nowhere.GET('/api/me').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ParleyNetworkError);
    expect((error as Error).message).toMatch(/cannot reach http:\/\/127\.0\.0\.1:9\/api\/me/);
  });

  it('holds a public chat conversation and reads its live events, resuming from an id', async () => {
    const visitor = createParleyClient({ baseUrl }).publicChat(token);
    expect((await visitor.link()).agent).toBeDefined();
    const started = await visitor.start();
    expect(started.session).toMatch(/^pcs_/);
    const reply = await visitor.send('hello', { session: started.session });
    expect(reply.response).toBe('Noted.');
    const history = await visitor.history(started.session);
    expect(history.messages.map((m) => m.content)).toEqual(['Say something.', 'hello', 'Noted.']);

    const abort = new AbortController();
    const seen: LiveEvent[] = [];
    for await (const event of visitor.events(started.session, { signal: abort.signal })) {
      seen.push(event);
      if (event.event === 'message' && (event.data as { content?: string }).content === 'Noted.') break;
    }
    expect(seen.filter((e) => e.event === 'message').map((e) => (e.data as { content: string }).content)).toEqual(expect.arrayContaining(['hello', 'Noted.']));
    const lastId = seen.at(-1)?.id;
    expect(lastId).toMatch(/^\d+-\d+$/);

    // From the last id on: only what came after it, on until the session's end.
    await visitor.send('more', { session: started.session });
    const after: LiveEvent[] = [];
    for await (const event of visitor.events(started.session, { lastEventId: lastId })) {
      after.push(event);
      if (event.event === 'message' && (event.data as { content?: string }).content === 'Noted.') await visitor.send('stop', { session: started.session });
    }
    expect(after.some((e) => e.id === lastId)).toBe(false);
    expect(after.filter((e) => e.event === 'message').map((e) => (e.data as { content: string }).content)).toEqual(['more', 'Noted.', 'stop', 'Bye.']);
    expect(after.at(-1)?.event).toBe('session_ended');

    // The stream of an ended session is refused with the API's reason.
    const refused = await visitor
      .events(started.session)
      .next()
      .catch((e: unknown) => e);
    expect(refused).toMatchObject({ status: 410, code: 'gone' });
  });

  it('reconnects a dropped event stream from the last event id: nothing lost, nothing repeated', async () => {
    const visitor = createParleyClient({ baseUrl }).publicChat(token);
    const { session } = await visitor.start();
    await visitor.send('one', { session });
    const untilReply = async (events: AsyncGenerator<LiveEvent>) => {
      const seen: LiveEvent[] = [];
      for await (const event of events) {
        seen.push(event);
        if (event.event === 'message' && (event.data as { content?: string }).content === 'Noted.') break;
      }
      return seen;
    };
    const whole = await untilReply(visitor.events(session));

    // A fetch whose event streams break after one event each, as a proxy cutting connections
    // would (the server's `retry:` line left out, so the test does not wait 2 s each time).
    const resumedFrom: Array<string | null> = [];
    const dropping = async (input: string | URL | Request, init?: RequestInit) => {
      const response = await fetch(input, init);
      if (!String(input).includes('/api/public/events/') || !response.body) return response;
      resumedFrom.push(new Headers(init?.headers).get('last-event-id'));
      const reader = response.body.getReader();
      const decoder = new TextDecoder();
      let text = '';
      const body = new ReadableStream<Uint8Array>({
        async pull(controller) {
          const { value, done } = await reader.read();
          if (done) return controller.close();
          text += decoder.decode(value, { stream: true });
          const first = /(^|\n)id: [^\n]*\n(?:[^\n]+\n)*\n/.exec(text);
          if (!first) return;
          controller.enqueue(new TextEncoder().encode(text.slice(0, first.index + first[0].length).replace(/^retry: .*\n/m, '')));
          controller.error(new TypeError('terminated'));
          await reader.cancel();
        },
      });
      return new Response(body, { status: response.status, headers: response.headers });
    };
    const cut = createParleyClient({ baseUrl, fetch: dropping }).publicChat(token);
    const pieces = await untilReply(cut.events(session, { retryMs: 10 }));
    expect(pieces.map((e) => [e.id, e.event])).toEqual(whole.map((e) => [e.id, e.event]));
    // Each connection but the first resumed after the event before it.
    expect(resumedFrom).toEqual([null, ...pieces.slice(0, -1).map((e) => e.id)]);
  });

  it('exchanges a message over the widget WebSocket', async () => {
    const visitor = createParleyClient({ baseUrl }).publicChat(token);
    const { session } = await visitor.start();
    const socket = visitor.socket(session);
    await socket.opened;
    const ack = await socket.send('over the socket');
    expect(ack.message_id).toEqual(expect.any(String));
    socket.close();
    const events: LiveEvent[] = [];
    for await (const event of socket.events()) events.push(event);
    const messages = events.filter((e) => e.event === 'message').map((e) => e.data as { id: string; content: string });
    expect(messages.map((m) => m.content)).toEqual(['Say something.', 'over the socket', 'Noted.']);
    expect(messages[1]?.id).toBe(ack.message_id);
    expect(socket.lastEventId).toBe(events.at(-1)?.id);

    // A bad message comes back as the error frame, typed.
    const again = visitor.socket(session, { lastEventId: socket.lastEventId });
    const refused = await again.send('').catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'invalid' });
    again.close();
  });

  it("carries the page's context: a first message's starts its session, a later message's (by POST or over the socket) updates it", async () => {
    const api = createParleyClient({ baseUrl, auth: { kind: 'key', key: tenantKey } });
    await api.POST('/api/agents', {
      body: {
        name: 'plans',
        config: {
          workflow: {
            initial_node: 'ask',
            nodes: [
              { id: 'ask', name: 'Ask', static_text: 'Which plan?', transitions: [{ to: 'plan', condition: 'user_responded' }] },
              { id: 'plan', name: 'Plan', static_text: 'On {{context.plan}} at {{context.page}}.', transitions: [{ to: 'plan', condition: 'user_responded' }] },
            ],
          },
        },
      },
    });
    const link = await api.POST('/api/agents/{name}/public-links', { path: { name: 'plans' }, body: { title: 'Plans' } });
    const visitor = createParleyClient({ baseUrl }).publicChat(link.token);
    const first = await visitor.send('hello', { context: { page: '/pricing', variables: { plan: 'pro' } } });
    expect(first.response).toBe('On pro at /pricing.');
    const changed = await visitor.send('and now?', { session: first.session, context: { variables: { plan: 'team' } } });
    expect(changed.response).toBe('On team at /pricing.');
    const socket = visitor.socket(first.session);
    await socket.opened;
    await socket.send('over the socket', undefined, { context: { page: '/checkout' } });
    socket.close();
    const view = await api.GET('/api/conversations/{conversation_id}', { path: { conversation_id: first.conversation_id } });
    expect(view.collected_data).toEqual({ 'context.page': '/checkout', 'context.plan': 'team' });
    // A context the platform refuses is a typed 400 naming the field.
    const refused = await visitor.send('hi', { session: first.session, context: { variables: { 'plan name': 'pro' } } }).catch((e: unknown) => e);
    expect(refused).toMatchObject({ status: 400, code: 'invalid' });
  });

  it('refuses a socket whose session is unknown', async () => {
    const socket = createParleyClient({ baseUrl }).publicChat(token).socket('pcs_unknown');
    await expect(socket.opened).rejects.toThrow(/could not be opened/);
  });
});
