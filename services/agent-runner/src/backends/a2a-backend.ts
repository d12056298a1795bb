import { createHash } from 'node:crypto';
import { type Message, type Part, SendMessageRequest, type StreamResponse, type Task, TaskState } from '@a2a-js/sdk';
import { type Client, ClientFactory, ClientFactoryOptions, DefaultAgentCardResolver, JsonRpcTransportFactory, RestTransportFactory } from '@a2a-js/sdk/client';
import { openGuardedFetch } from '@parley/outbound';
import type { ForeignBackend } from '@parley/workflow';
import { type Backend, BackendFailed, type BackendAnswer, type BackendAsk, BACKEND_ATTEMPT_MS } from './backend-kinds.js';
import { describeFailure } from '../tools/redaction.js';
import { KeptClients } from './kept-clients.js';

interface KeptClient {
  client: Client;
  streams: boolean;
  close: () => Promise<void>;
}

/** Where a card is, under the config's URL when that is the agent's base (not the card's own URL). */
const CARD_PATH = '.well-known/agent-card.json';

/** States after which a task says no more: its last words are the reply. */
const FINISHED = new Set([TaskState.TASK_STATE_COMPLETED, TaskState.TASK_STATE_INPUT_REQUIRED]);
const FAILED = new Set([TaskState.TASK_STATE_FAILED, TaskState.TASK_STATE_REJECTED, TaskState.TASK_STATE_CANCELED, TaskState.TASK_STATE_AUTH_REQUIRED]);

function textOf(parts: readonly Part[] | undefined): string {
  return (parts ?? []).map((part) => (part.content?.$case === 'text' ? part.content.value : '')).join('');
}

/**
 * The reply a turn keeps, from what the agent sent: its artifacts' text when it made any, else
 * the words of its last status or its message (docs/workflow.md "Backends").
 */
class A2aReply {
  private readonly artifacts = new Map<string, string>();
  private statusText = '';
  private failure: string | undefined;

  constructor(private readonly onDelta?: (text: string) => void) {}

  event(event: StreamResponse): void {
    const payload = event.payload;
    if (payload === undefined) return;
    if (payload.$case === 'message') this.said(textOf(payload.value.parts));
    else if (payload.$case === 'task') this.task(payload.value);
    else if (payload.$case === 'statusUpdate') this.status(payload.value.status);
    else if (payload.$case === 'artifactUpdate') {
      const { artifact, append } = payload.value;
      if (!artifact) return;
      const piece = textOf(artifact.parts);
      const before = append ? (this.artifacts.get(artifact.artifactId) ?? '') : '';
      this.artifacts.set(artifact.artifactId, before + piece);
      if (piece !== '') this.onDelta?.(piece);
    }
  }

  result(result: Message | Task): void {
    if ('role' in result) this.said(textOf(result.parts));
    else this.task(result);
  }

  get reply(): string {
    if (this.failure !== undefined) throw new BackendFailed(this.failure);
    return this.artifacts.size > 0 ? [...this.artifacts.values()].join('\n\n') : this.statusText;
  }

  private task(task: Task): void {
    for (const artifact of task.artifacts) this.artifacts.set(artifact.artifactId, textOf(artifact.parts));
    this.status(task.status);
  }

  private status(status: Task['status']): void {
    if (!status) return;
    const words = textOf(status.message?.parts);
    if (FAILED.has(status.state))
      this.failure = `the agent's task ended ${TaskState[status.state].replace('TASK_STATE_', '').toLowerCase()}${words ? `: ${words.slice(0, 200)}` : ''}`;
    else if (words !== '' && (FINISHED.has(status.state) || this.statusText === '')) this.statusText = words;
  }

  private said(text: string): void {
    this.statusText = text;
    if (text !== '') this.onDelta?.(text);
  }
}

/**
 * An A2A agent (docs/workflow.md "Backends"), through the official SDK's client: its card read from
 * the URL, JSON-RPC or REST as the card offers (0.3 agents too), streamed when the card says it
 * streams. The conversation is the agent's context (its id the `contextId`), and a message's id is
 * the turn's own, the same when the turn is offered again. Every request goes through the outbound guard.
 */
export function a2aBackend(options: { allowPrivate: boolean }): Backend & { close(): Promise<void> } {
  const clients = new KeptClients<KeptClient>(
    async (key) => {
      const { url, headers } = JSON.parse(key) as { url: string; headers: Record<string, string> };
      const guarded = openGuardedFetch({ allowPrivate: options.allowPrivate, who: 'backends' });
      const fetchImpl: typeof fetch = (input, init) => {
        const merged = new Headers(init?.headers);
        for (const [name, value] of Object.entries(headers)) merged.set(name, value);
        return guarded.fetch(input, { ...init, headers: merged });
      };
      const legacyCompat = { enabled: true };
      const factory = new ClientFactory(
        ClientFactoryOptions.createFrom(ClientFactoryOptions.default, {
          transports: [new JsonRpcTransportFactory({ fetchImpl, legacyCompat }), new RestTransportFactory({ fetchImpl, legacyCompat })],
          cardResolver: new DefaultAgentCardResolver({ fetchImpl, legacyCompat }),
        }),
      );
      try {
        const card = new URL(url).pathname.endsWith('.json');
        const client = card ? await factory.createFromUrl(url, '') : await factory.createFromUrl(url.endsWith('/') ? url : `${url}/`, CARD_PATH);
        const agentCard = await client.getAgentCard();
        return { client, streams: agentCard.capabilities?.streaming === true, close: guarded.close };
      } catch (error) {
        await guarded.close();
        throw error;
      }
    },
    (kept) => kept.close(),
    { max: 100, ttlMs: 5 * 60_000 },
  );
  return {
    async answer(backend: ForeignBackend, ask: BackendAsk): Promise<BackendAnswer> {
      if (backend.kind !== 'a2a') throw new TypeError(`not an a2a backend: ${backend.kind}`);
      const signal = AbortSignal.timeout(BACKEND_ATTEMPT_MS);
      let kept: KeptClient;
      try {
        kept = await clients.get(JSON.stringify({ url: ask.url, headers: ask.headers }));
      } catch (error) {
        throw new BackendFailed(`its agent card could not be read: ${describeFailure(error)}`);
      }
      const request = SendMessageRequest.fromJSON({
        message: {
          messageId: `turn-${createHash('sha256').update(ask.turnKey).digest('hex').slice(0, 32)}`,
          contextId: ask.conversationId,
          role: 'ROLE_USER',
          parts: [{ text: ask.message }],
        },
      });
      const reply = new A2aReply(ask.onDelta);
      try {
        if (kept.streams) for await (const event of kept.client.sendMessageStream(request, { signal })) reply.event(event);
        else reply.result(await kept.client.sendMessage(request, { signal }));
      } catch (error) {
        if (error instanceof BackendFailed) throw error;
        throw new BackendFailed(describeFailure(error));
      }
      return { reply: reply.reply };
    },
    close: () => clients.closeAll(),
  };
}
