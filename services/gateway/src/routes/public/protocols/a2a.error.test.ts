import { randomUUID } from 'node:crypto';
import { type Task, TaskState } from '@a2a-js/sdk';
import { ClientFactory } from '@a2a-js/sdk/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GatewayHarness } from '../../../../test/gateway-harness.js';
import { echoAgent } from '../../../../test/gateway-harness.js';
import { a2aMessage, protocolLink, startProtocolsHarness } from './protocols.test-kit.js';

/** A 0.3 JSON-RPC call, as any client can make it without the SDK. */
async function rpc(endpoint: string, method: string, params: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ jsonrpc: '2.0', id: 7, method, params }),
  });
  return { status: response.status, type: response.headers.get('content-type') ?? '', body: (await response.json()) as any };
}

const legacyMessage = (text: string, extra: Record<string, unknown> = {}) => ({
  message: { kind: 'message', messageId: randomUUID(), role: 'user', parts: [{ kind: 'text', text }], ...extra },
});

/** What a refused call's error says, as a client reads it off the SDK's error. */
async function refusalOf(call: Promise<unknown>) {
  try {
    await call;
  } catch (error) {
    return error as { data?: { code?: string; details?: unknown; request_id?: string } };
  }
  throw new Error('the call was not refused');
}

describe('A2A calls refused', () => {
  let h: GatewayHarness;
  let baseUrl: string;
  let stop: () => Promise<void>;

  beforeAll(async () => {
    ({ h, baseUrl, stop } = await startProtocolsHarness());
  });
  afterAll(async () => stop?.());

  it('a link with a passcode refuses a message without it – a JSON-RPC error whose data is the platform’s error – and answers one with it in metadata', async () => {
    const { token } = await protocolLink(h, echoAgent, { passcode: 'open sesame' });
    const client = await new ClientFactory().createFromUrl(`${baseUrl}/a2a/${token}/`);
    const refused = await refusalOf(client.sendMessage(a2aMessage('hello')));
    expect(refused.data).toMatchObject({ code: 'unauthorized', details: { reason: 'passcode_required' }, request_id: expect.any(String) });
    // Refused before anything streams: the same error, not a stream.
    const streamed = await refusalOf(
      (async () => {
        for await (const _event of client.sendMessageStream(a2aMessage('hello', { metadata: { passcode: 'open barley' } }))) {
          // nothing comes
        }
      })(),
    );
    expect(streamed.data).toMatchObject({ code: 'unauthorized', details: { reason: 'passcode_wrong' } });

    const admitted = (await client.sendMessage(a2aMessage('hello', { metadata: { passcode: 'open sesame' } }))) as Task;
    expect(admitted.status?.state).toBe(TaskState.TASK_STATE_COMPLETED);
    // The passcode is kept nowhere with the task.
    const fetched = await client.getTask({ tenant: '', id: admitted.id });
    expect(JSON.stringify(fetched)).not.toContain('open sesame');
  });

  it('an unknown link, a task of another link, a message naming a task, a malformed call: each the protocol’s error', async () => {
    const unknown = await rpc(`${baseUrl}/a2a/${'A'.repeat(32)}`, 'message/send', legacyMessage('hello'));
    expect(unknown).toMatchObject({ status: 200, body: { jsonrpc: '2.0', id: 7, error: { code: -32000, data: { code: 'not_found' } } } });

    const { token } = await protocolLink(h, echoAgent);
    const { token: other } = await protocolLink(h, echoAgent);
    const sent = await rpc(`${baseUrl}/a2a/${token}`, 'message/send', legacyMessage('hello'));
    expect(sent.body.result).toMatchObject({ kind: 'task', status: { state: 'completed' } });
    const taskId = sent.body.result.id as string;
    expect((await rpc(`${baseUrl}/a2a/${token}`, 'tasks/get', { id: taskId })).body.result).toMatchObject({ id: taskId, kind: 'task' });
    // Tasks are found only under the link they were made on.
    expect((await rpc(`${baseUrl}/a2a/${other}`, 'tasks/get', { id: taskId })).body.error).toMatchObject({ code: -32001 });

    const continued = await rpc(`${baseUrl}/a2a/${token}`, 'message/send', legacyMessage('again', { taskId }));
    expect(continued.body.error).toMatchObject({ code: -32004 });
    const empty = await rpc(`${baseUrl}/a2a/${token}`, 'message/send', legacyMessage(''));
    expect(empty.body.error).toMatchObject({ code: -32602, data: { code: 'invalid' } });
    const noMethod = await rpc(`${baseUrl}/a2a/${token}`, 'tasks/teleport', {});
    expect(noMethod.body.error).toMatchObject({ code: -32601 });
    const listed = await rpc(`${baseUrl}/a2a/${token}`, 'ListTasks', {}, { 'a2a-version': '1.0' });
    expect(listed.body.error).toMatchObject({ code: -32004 });

    const notJson = await fetch(`${baseUrl}/a2a/${token}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"jsonrpc":' });
    expect(notJson.status).toBe(400);
    expect(((await notJson.json()) as { error: { code: string } }).error.code).toBe('invalid');
  });
});
