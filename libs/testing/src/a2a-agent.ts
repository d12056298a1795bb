import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { type AgentCard, type Message, Role, type Task, TaskState } from '@a2a-js/sdk';
import { type AgentExecutor, AgentEvent, DefaultRequestHandler, type ExecutionEventBus, InMemoryTaskStore, type RequestContext } from '@a2a-js/sdk/server';
import { agentCardHandler, jsonRpcHandler, UserBuilder } from '@a2a-js/sdk/server/express';
import express from 'express';

/** A message the agent received: its id, the context it came in and its text. */
export interface A2aReceived {
  messageId: string;
  contextId: string;
  text: string;
}

export interface A2aAgent {
  /** `http://127.0.0.1:<port>`: the agent card is at `/.well-known/agent-card.json`. */
  url: string;
  received: A2aReceived[];
  /** Holds each reply until `release()`: a turn the agent is working on, to kill it mid-way. */
  hold(): void;
  release(): void;
  /** Resolves once `n` messages in all have come in. */
  receivedCount(n: number): Promise<void>;
  /** Gone as a killed process is: every connection cut mid-answer, nothing listening. */
  kill(): Promise<void>;
  /** Listening again on the same port, as a restarted process would; what it received is kept. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

function textOf(message: Message): string {
  return message.parts.map((part) => (part.content?.$case === 'text' ? part.content.value : '')).join('');
}

/**
 * A real A2A agent on loopback, built with the official SDK's server (its request handler and
 * Express adapter): it answers "<turn>: you said <text>", counting the turns of each context, so
 * a test sees whether a conversation kept one context. With `streaming`, the card says so and the
 * answer comes as a task whose artifact is sent in pieces; without, as one message.
 */
export async function startA2aAgent(options: { streaming?: boolean; name?: string } = {}): Promise<A2aAgent> {
  const streaming = options.streaming ?? true;
  const received: A2aReceived[] = [];
  const waiters: Array<{ n: number; resolve: () => void }> = [];
  let gate: { promise: Promise<void>; open: () => void } | undefined;
  const turnsOf = (contextId: string) => received.filter((message) => message.contextId === contextId).length;

  const executor: AgentExecutor = {
    async execute(context: RequestContext, bus: ExecutionEventBus) {
      const message = context.userMessage;
      const text = textOf(message);
      received.push({ messageId: message.messageId, contextId: context.contextId, text });
      for (const waiter of waiters.filter((w) => received.length >= w.n)) waiter.resolve();
      const answer = `${turnsOf(context.contextId)}: you said ${text}`;
      if (!streaming) {
        await gate?.promise;
        bus.publish(
          AgentEvent.message({
            messageId: randomUUID(),
            contextId: context.contextId,
            taskId: '',
            role: Role.ROLE_AGENT,
            parts: [{ content: { $case: 'text', value: answer }, metadata: undefined, filename: '', mediaType: 'text/plain' }],
            metadata: undefined,
            extensions: [],
            referenceTaskIds: [],
          }),
        );
        bus.finished();
        return;
      }
      const task: Task = {
        id: context.taskId,
        contextId: context.contextId,
        status: { state: TaskState.TASK_STATE_WORKING, message: undefined, timestamp: new Date().toISOString() },
        artifacts: [],
        history: [message],
        metadata: undefined,
      };
      bus.publish(AgentEvent.task(task));
      const artifactId = randomUUID();
      const pieces = [answer.slice(0, 3), answer.slice(3)];
      for (const [index, piece] of pieces.entries()) {
        // The first piece is out before a held reply waits: the caller has seen the answer begin.
        if (index === 1) await gate?.promise;
        bus.publish(
          AgentEvent.artifactUpdate({
            taskId: context.taskId,
            contextId: context.contextId,
            artifact: {
              artifactId,
              name: 'answer',
              description: '',
              parts: [{ content: { $case: 'text', value: piece }, metadata: undefined, filename: '', mediaType: 'text/plain' }],
              metadata: undefined,
              extensions: [],
            },
            append: index > 0,
            lastChunk: index === pieces.length - 1,
            metadata: undefined,
          }),
        );
      }
      bus.publish(
        AgentEvent.statusUpdate({
          taskId: context.taskId,
          contextId: context.contextId,
          status: { state: TaskState.TASK_STATE_COMPLETED, message: undefined, timestamp: new Date().toISOString() },
          metadata: undefined,
        }),
      );
      bus.finished();
    },
    async cancelTask() {},
  };

  const app = express();
  let card: AgentCard;
  const handler = () => new DefaultRequestHandler(card, new InMemoryTaskStore(), executor);
  const sockets = new Set<Socket>();
  let server: Server;
  let port = 0;
  const listen = async () => {
    server = app.listen(port, '127.0.0.1');
    server.on('connection', (socket: Socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('listening', resolve);
      server.once('error', reject);
    });
    port = (server.address() as AddressInfo).port;
  };
  await listen();
  const url = `http://127.0.0.1:${port}`;
  card = {
    name: options.name ?? 'Loopback A2A agent',
    description: 'Answers what it was told, counting the turns of each context',
    supportedInterfaces: [{ url: `${url}/a2a/jsonrpc`, protocolBinding: 'JSONRPC', tenant: '', protocolVersion: '1.0' }],
    provider: undefined,
    version: '1.0.0',
    capabilities: { streaming, pushNotifications: false, extensions: [], extendedAgentCard: false },
    securitySchemes: {},
    securityRequirements: [],
    defaultInputModes: ['text/plain'],
    defaultOutputModes: ['text/plain'],
    skills: [
      {
        id: 'echo',
        name: 'Echo',
        description: 'Says back what it was told',
        tags: ['test'],
        examples: [],
        inputModes: [],
        outputModes: [],
        securityRequirements: [],
      },
    ],
    signatures: [],
  } as AgentCard;
  const requestHandler = handler();
  app.use('/.well-known/agent-card.json', agentCardHandler({ agentCardProvider: { getAgentCard: async () => card }, legacyCompat: { enabled: true } }));
  app.use('/a2a/jsonrpc', jsonRpcHandler({ requestHandler, userBuilder: UserBuilder.noAuthentication, legacyCompat: { enabled: true } }));

  const stop = async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return {
    url,
    received,
    hold() {
      let open = () => {};
      const promise = new Promise<void>((resolve) => {
        open = resolve;
      });
      gate = { promise, open };
    },
    release() {
      gate?.open();
      gate = undefined;
    },
    receivedCount(n) {
      if (received.length >= n) return Promise.resolve();
      return new Promise((resolve) => waiters.push({ n, resolve }));
    },
    kill: stop,
    restart: async () => {
      gate?.open();
      gate = undefined;
      await listen();
    },
    close: async () => {
      gate?.open();
      if (server.listening) await stop();
    },
  };
}
