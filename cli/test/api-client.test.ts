import { createServer } from 'node:net';
import { startFakeLlm } from '@parley/testing';
import { describe, expect, it } from 'vitest';
import { createParleyClient, ParleyApiError, ParleyNetworkError } from '@parley/client';
import { CHAT_SECRET, useServedPlatform } from './served-platform.js';

// The CLI's client against the real gateway (and the services behind it): every answer here is
// the platform's own, so a request the client signs or shapes wrongly is refused as it would be
// in production.

const platform = useServedPlatform();

const client = (secret = CHAT_SECRET) => createParleyClient({ baseUrl: `${platform.current.url}/`, chatSecret: secret }).textChat;

async function newSession() {
  const { tenantId, agentId } = platform.current.agent;
  return client().createSession({ tenant_id: tenantId, agent_id: agentId });
}

/** The conversation as the tenant's operators read it, messages included. */
async function conversation(conversationId: string) {
  const { h, agent } = platform.current;
  const read = await h.admin('GET', `/api/conversations/${conversationId}`, undefined, agent.tenantId);
  expect(read.status, read.text).toBe(200);
  return read.body as { status: string; messages: Array<{ role: string; content: string }> };
}

describe('the CLI\'s client signs every request as docs/text-chat-api.md, "Signing a request" says', () => {
  it('creates a session with a signed JSON body', async () => {
    const { tenantId, agentId } = platform.current.agent;
    const created = await client().createSession({ tenant_id: tenantId, agent_id: agentId, version: 1 });

    expect(created.session_id).toMatch(/^text_[A-Za-z0-9_-]{22}$/);
    expect(created).toMatchObject({
      status: 'active',
      initial_node_id: 'greeting',
      node_id: 'greeting',
      node_name: 'Greeting',
      agent_config_version: 1,
      // A pinned version, even the active one (docs/text-chat-api.md, "Create a session").
      is_active_version: false,
      initial_message: 'Welcome. What is your first name and zip code?',
    });
  });

  it('signs the raw UTF-8 bytes of a message body', async () => {
    const created = await newSession();
    const answer = await client().sendMessage(created.session_id, 'Héllo – 👋, I am Jack from 30301');

    expect(answer).toMatchObject({
      response: 'Thank you, Jack! Anything else?',
      node_id: 'thanks',
      extracted_variables: { first_name: 'Jack', zip_code: '30301' },
      session_ended: false,
      turn_number: 1,
    });
    const stored = await conversation(created.conversation_id);
    expect(stored.messages.filter((message) => message.role === 'user').map((message) => message.content)).toEqual(['Héllo – 👋, I am Jack from 30301']);
  });

  it('signs GET and DELETE over an empty body, and the same GET twice within a second is accepted both times', async () => {
    const created = await newSession();
    const same = client();
    const [first, again] = [await same.getSession(created.session_id), await same.getSession(created.session_id)];
    for (const read of [first, again]) {
      expect(read).toMatchObject({ session_id: created.session_id, status: 'active', node_id: 'greeting', turns: 0, ended_at: null });
    }

    const ended = await client().endSession(created.session_id);
    expect(ended).toMatchObject({ success: true, conversation_id: created.conversation_id, final_node_id: 'greeting', total_turns: 0 });
    expect((await client().getSession(created.session_id)).status).toBe('completed');
  });

  it('is refused by the server when signing with another secret', async () => {
    const created = await newSession();
    const error = await client('not-the-secret')
      .getSession(created.session_id)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ParleyApiError);
    expect(error).toMatchObject({ status: 401, code: 'unauthorized', details: { reason: 'bad_signature' } });
  });
});

describe("the CLI's client errors", () => {
  it("surfaces the API's status, code and message", async () => {
    const created = await newSession();
    await client().endSession(created.session_id);
    const error = await client()
      .sendMessage(created.session_id, 'Hello')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ParleyApiError);
    expect(error).toMatchObject({ status: 410, code: 'gone' });
    expect((error as ParleyApiError).message).not.toBe('');

    const unknown = await client()
      .getSession('text_AAAAAAAAAAAAAAAAAAAAAA')
      .catch((e: unknown) => e);
    expect(unknown).toMatchObject({ status: 404, code: 'not_found' });
  });

  it('keeps an error readable when --url points at a server that is not the platform', async () => {
    // An OpenAI-compatible server: it answers JSON errors, but not in the platform's contract.
    const other = await startFakeLlm();
    try {
      const stranger = createParleyClient({ baseUrl: other.url.replace(/\/v1$/, ''), chatSecret: CHAT_SECRET }).textChat;
      const error = await stranger.getSession('text_x').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ParleyApiError);
      expect(error).toMatchObject({ status: 404, code: 'http_error' });
      expect((error as ParleyApiError).message).toContain('no route GET /api/chat/sessions/text_x');
    } finally {
      await other.close();
    }
  });

  it('names the URL when nothing answers', async () => {
    const port = await closedPort();
    const nobody = createParleyClient({ baseUrl: `http://127.0.0.1:${port}`, chatSecret: CHAT_SECRET }).textChat;
    const error = await nobody.getSession('text_x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ParleyNetworkError);
    expect(error).toMatchObject({ url: `http://127.0.0.1:${port}/api/chat/sessions/text_x` });
    expect((error as Error).message).toContain(`http://127.0.0.1:${port}/api/chat/sessions/text_x`);
  });
});

/** A port that was free a moment ago: listen, note it, close. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}
