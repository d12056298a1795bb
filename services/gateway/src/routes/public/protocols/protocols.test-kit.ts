import { randomUUID } from 'node:crypto';
import { type BaseEvent, EventType } from '@ag-ui/core';
import { HttpAgent } from '@ag-ui/client';
import { type Message, type Part, Role, type SendMessageRequest } from '@a2a-js/sdk';
import type { CreateLinkBody } from '@parley/contracts';
import { type FakeLlm, holdPort, startFakeLlm } from '@parley/testing';
import { type GatewayHarness, startGatewayHarness } from '../../../../test/gateway-harness.js';

/**
 * The gateway listening on a port it knew beforehand – its PUBLIC_BASE_URL, which the A2A card's
 * endpoint is made of, is where clients reach it – with live events, in front of the services and
 * a fake language model whose replies stream.
 */
export async function startProtocolsHarness(): Promise<{ h: GatewayHarness; llm: FakeLlm; baseUrl: string; stop(): Promise<void> }> {
  const held = await holdPort();
  const baseUrl = `http://127.0.0.1:${held.port}`;
  const llm = await startFakeLlm();
  // Generous address limits: every client here is 127.0.0.1.
  const publicLimits = { perIpPerMinute: 1_000, perSessionPerMinute: 100, perEmailPerMinute: 100, invalidTokensPerIpPerMinute: 100 };
  const h = await startGatewayHarness({ publicBaseUrl: baseUrl, publicLimits }, { live: {}, llmBaseUrl: llm.url });
  await held.release();
  await h.app.listen({ port: held.port, host: '127.0.0.1' });
  return {
    h,
    llm,
    baseUrl,
    async stop() {
      await h.stop();
      await llm.close();
    },
  };
}

/** A link on a fresh agent of its own, made through the links service. */
export async function protocolLink(h: GatewayHarness, config: unknown, settings: Partial<CreateLinkBody> = {}) {
  const agent = await h.seedAgent(config);
  const link = await h.bus.request('links.links.create', {
    tenantId: agent.tenantId,
    agentName: agent.name,
    settings: { title: 'Repair desk', description: 'Answers questions about your repair', rate_limit_per_minute: 100, ...settings } as CreateLinkBody,
    publicBaseUrl: 'http://127.0.0.1',
  });
  return { token: link.token, linkId: link.id, agent };
}

/** An agent that greets, then answers every message with the language model, streamed; it tells apart asking for a booking. */
export const streamingAgent = {
  llm: { model: 'gpt-4o-mini' },
  workflow: {
    initial_node: 'hello',
    nodes: [
      { id: 'hello', name: 'Hello', static_text: 'Ask me anything about your repair.', transitions: [{ to: 'answer', condition: 'user_responded' }] },
      {
        id: 'answer',
        name: 'Answer',
        prompt: 'You are a helpful assistant.',
        intents: [{ name: 'booking', description: 'wants to book a repair slot', keywords: ['book', 'appointment'] }],
      },
    ],
  },
};

/** A link's agent over AG-UI, as a CopilotKit app holds it. */
export function aguiAgent(baseUrl: string, token: string) {
  return new HttpAgent({ url: `${baseUrl}/api/public/agui/${token}` });
}

/** One run with a new user message: every event the client applied, in order. */
export async function runWith(agent: HttpAgent, text: string, forwardedProps?: Record<string, unknown>) {
  agent.addMessage({ id: randomUUID(), role: 'user', content: text });
  const events: BaseEvent[] = [];
  await agent.runAgent({ ...(forwardedProps ? { forwardedProps } : {}) }, { onEvent: ({ event }) => void events.push(event) });
  return events;
}

/** The text the run's TEXT_MESSAGE_CONTENT events carried, joined. */
export function streamedText(events: BaseEvent[]): string {
  return events
    .filter((event) => event.type === EventType.TEXT_MESSAGE_CONTENT)
    .map((event) => event.delta as string)
    .join('');
}

/** An AG-UI answer read whole (an injected request's body): its events. */
export function sseEvents(body: string): BaseEvent[] {
  return body
    .split('\n\n')
    .flatMap((block) => block.split('\n').filter((line) => line.startsWith('data:')))
    .map((line) => JSON.parse(line.slice(5)) as BaseEvent);
}

const textPart = (text: string): Part => ({ content: { $case: 'text', value: text }, metadata: undefined, filename: '', mediaType: 'text/plain' });

/** A visitor's message as an A2A client sends it: in `contextId`'s conversation (none: a new one), `metadata` its credentials. */
export function a2aMessage(text: string, options: { contextId?: string; metadata?: Record<string, unknown> } = {}): SendMessageRequest {
  const message: Message = {
    messageId: randomUUID(),
    contextId: options.contextId ?? '',
    taskId: '',
    role: Role.ROLE_USER,
    parts: [textPart(text)],
    metadata: options.metadata,
    extensions: [],
    referenceTaskIds: [],
  };
  return { tenant: '', message, configuration: undefined, metadata: undefined };
}

/** The text of parts, joined. */
export function partsText(parts: Part[] | undefined): string {
  return (parts ?? []).map((part) => (part.content?.$case === 'text' ? part.content.value : '')).join('');
}
