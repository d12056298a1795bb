import { randomUUID } from 'node:crypto';
import {
  type AgentCard,
  type Artifact,
  type GetTaskRequest,
  type Message,
  type Part,
  Role,
  type SendMessageRequest,
  type StreamResponse,
  type SubscribeToTaskRequest,
  type Task,
  TaskState,
} from '@a2a-js/sdk';
import { A2AError, RequestMalformedError, TaskNotCancelableError, UnsupportedOperationError } from '@a2a-js/sdk/errors';
import {
  type A2ARequestHandler,
  type AgentExecutor,
  AgentEvent,
  DefaultRequestHandler,
  type ExecutionEventBusManager,
  type RequestContext,
  type ServerCallContext,
  type TaskStore,
} from '@a2a-js/sdk/server';
import { AppError, invalidFromZod, type LinkAccess, messageContent } from '@parley/contracts';
import type { FastifyRequest } from 'fastify';
import type { PublicRoutesOptions } from '../../routes/public-routes-options.js';
import { protocolRefusal, refusalBody } from '../refusals.js';
import { openVisitorTurn, type TurnReply, visitorCredentials } from '../visitor-turn.js';
import { ReplyRelay } from './reply-relay.js';

/**
 * A link as an A2A agent (docs/open-protocols.md "A2A"), on the SDK's request handler: each
 * message is a task of its own, the turn of the visitor session its `contextId` names (a context
 * that is no session of the link starts one, and the task answers its credential as `contextId`).
 * Every refusal of the link's rules comes before the task exists, so it is the call's JSON-RPC
 * error; a turn that fails after its reply began fails its task.
 */

/** Where the call's refusal is kept: the SDK maps errors itself, and the route answers this one in the platform's words. */
const REFUSAL_OF_CALL = 'parley.refusal';
/** The turn begun for the call's message, handed to the executor that reports it. */
const TURN_OF_CALL = 'parley.turn';

interface BegunTurn {
  relay: ReplyRelay;
  answered: Promise<TurnReply>;
  /** A failure of the turn after its task exists, recorded as any refusal is. */
  refused(error: unknown): Promise<AppError>;
  requestId: string;
}

/** The refusal this call ended with, if the link's rules refused it. */
export function refusalOfCall(context: ServerCallContext): AppError | undefined {
  const refusal = context.state.get(REFUSAL_OF_CALL);
  return refusal instanceof AppError ? refusal : undefined;
}

const textPart = (text: string): Part => ({ content: { $case: 'text', value: text }, metadata: undefined, filename: '', mediaType: 'text/plain' });

const agentMessage = (taskId: string, contextId: string, texts: string[]): Message => ({
  messageId: randomUUID(),
  contextId,
  taskId,
  role: Role.ROLE_AGENT,
  parts: texts.map(textPart),
  metadata: undefined,
  extensions: [],
  referenceTaskIds: [],
});

/** Each message the agent says is an artifact of the task, streamed as it is written and replaced by its whole text once said. */
const replyArtifact = (messageId: string, text: string): Artifact => ({
  artifactId: messageId,
  name: 'reply',
  description: '',
  parts: [textPart(text)],
  metadata: undefined,
  extensions: [],
});

/** Reports the turn begun for the message: its task, the reply as artifacts, and how it ended. */
class TurnExecutor implements AgentExecutor {
  async execute(call: RequestContext, events: Parameters<AgentExecutor['execute']>[1]): Promise<void> {
    const turn = call.context.state.get(TURN_OF_CALL) as BegunTurn | undefined;
    if (!turn) throw new Error('no turn was begun for this message');
    const { taskId, contextId } = call;
    const at = () => new Date().toISOString();
    events.publish(
      AgentEvent.task({
        id: taskId,
        contextId,
        status: { state: TaskState.TASK_STATE_WORKING, message: undefined, timestamp: at() },
        artifacts: [],
        history: [],
        metadata: undefined,
      }),
    );
    const begun = new Set<string>();
    const artifactUpdate = (artifact: Artifact, append: boolean, lastChunk: boolean) =>
      events.publish(AgentEvent.artifactUpdate({ taskId, contextId, artifact, append, lastChunk, metadata: undefined }));
    turn.relay.attach({
      start: () => undefined,
      text: (messageId, delta) => {
        artifactUpdate(replyArtifact(messageId, delta), begun.has(messageId), false);
        begun.add(messageId);
      },
      end: (messageId, whole) => artifactUpdate(replyArtifact(messageId, whole), false, true),
    });
    try {
      const { said, response: _response, tool_calls: _toolCalls, ...facts } = await turn.answered;
      const message =
        said.length > 0
          ? agentMessage(
              taskId,
              contextId,
              said.map((item) => item.text),
            )
          : undefined;
      events.publish(
        AgentEvent.statusUpdate({ taskId, contextId, status: { state: TaskState.TASK_STATE_COMPLETED, message, timestamp: at() }, metadata: facts }),
      );
    } catch (error) {
      const refusal = await turn.refused(error);
      events.publish(
        AgentEvent.statusUpdate({
          taskId,
          contextId,
          status: { state: TaskState.TASK_STATE_FAILED, message: agentMessage(taskId, contextId, [refusal.message]), timestamp: at() },
          metadata: { error: refusalBody(refusal, turn.requestId) },
        }),
      );
    }
  }

  async cancelTask(): Promise<void> {
    throw new TaskNotCancelableError('a message once sent runs its turn to the end');
  }
}

/** A task id as the protocol has it, a string: 0.3's translation passes on whatever JSON the call held. */
function taskIdChecked<T extends { id: unknown }>(params: T): T {
  if (typeof params.id !== 'string') throw new RequestMalformedError('id must be a string: the id of a task');
  return params;
}

/** The credentials' keys: never kept with the task, whose history holds the message. */
const CREDENTIAL_KEYS = new Set(Object.keys(visitorCredentials.shape));

/**
 * The SDK's request handler for one call on a link: the link's rules and the turn come first
 * (`begin`), then the SDK runs the task with the executor above.
 */
export class VisitorRequestHandler implements A2ARequestHandler {
  private readonly inner: DefaultRequestHandler;

  constructor(
    private readonly deps: Pick<PublicRoutesOptions, 'bus' | 'guard' | 'proofOfWork' | 'live'>,
    private readonly request: FastifyRequest,
    private readonly link: LinkAccess,
    card: AgentCard,
    tasks: TaskStore,
    buses: ExecutionEventBusManager,
  ) {
    this.inner = new DefaultRequestHandler(card, tasks, new TurnExecutor(), buses);
  }

  getAgentCard() {
    return this.inner.getAgentCard();
  }

  getAuthenticatedExtendedAgentCard(...args: Parameters<A2ARequestHandler['getAuthenticatedExtendedAgentCard']>) {
    return this.inner.getAuthenticatedExtendedAgentCard(...args);
  }

  async sendMessage(params: SendMessageRequest, context: ServerCallContext): Promise<Message | Task> {
    return this.inner.sendMessage(await this.begin(params, context), context);
  }

  async *sendMessageStream(params: SendMessageRequest, context: ServerCallContext): AsyncGenerator<StreamResponse, void, undefined> {
    yield* this.inner.sendMessageStream(await this.begin(params, context), context);
  }

  async getTask(params: GetTaskRequest, context: ServerCallContext) {
    return this.inner.getTask(taskIdChecked(params), context);
  }

  async cancelTask(): Promise<Task> {
    throw new TaskNotCancelableError('a message once sent runs its turn to the end');
  }

  async *resubscribe(params: SubscribeToTaskRequest, context: ServerCallContext): AsyncGenerator<StreamResponse, void, undefined> {
    yield* this.inner.resubscribe(taskIdChecked(params), context);
  }

  listTasks(...args: Parameters<A2ARequestHandler['listTasks']>) {
    return this.inner.listTasks(...args);
  }

  createTaskPushNotificationConfig(...args: Parameters<A2ARequestHandler['createTaskPushNotificationConfig']>) {
    return this.inner.createTaskPushNotificationConfig(...args);
  }

  getTaskPushNotificationConfig(...args: Parameters<A2ARequestHandler['getTaskPushNotificationConfig']>) {
    return this.inner.getTaskPushNotificationConfig(...args);
  }

  listTaskPushNotificationConfigs(...args: Parameters<A2ARequestHandler['listTaskPushNotificationConfigs']>) {
    return this.inner.listTaskPushNotificationConfigs(...args);
  }

  deleteTaskPushNotificationConfig(...args: Parameters<A2ARequestHandler['deleteTaskPushNotificationConfig']>) {
    return this.inner.deleteTaskPushNotificationConfig(...args);
  }

  /**
   * The message's turn, under the link's rules, begun and sure to be taken – its reply has begun,
   * or it was answered – before the SDK makes its task; the request as the SDK then runs it: in
   * the session's context, without the credentials.
   */
  private async begin(params: SendMessageRequest, context: ServerCallContext): Promise<SendMessageRequest> {
    try {
      const message = params.message;
      if (!message?.messageId) throw new RequestMalformedError('message.messageId is required');
      // A task is one turn, answered at once: a conversation goes on in its context.
      if (message.taskId) throw new UnsupportedOperationError('each message is a task of its own: continue the conversation with its contextId, not a taskId');
      const text = message.parts.flatMap((part) => (part.content?.$case === 'text' ? [part.content.value] : [])).join('\n');
      const content = messageContent.safeParse(text);
      if (!content.success) throw invalidFromZod(content.error, 'params.message.parts');
      const credentials = visitorCredentials.safeParse(message.metadata ?? {});
      if (!credentials.success) throw invalidFromZod(credentials.error, 'params.message.metadata');
      const opened = await openVisitorTurn(this.deps, this.request, this.link, {
        content: content.data,
        thread: message.contextId || undefined,
        credentials: credentials.data,
        messageId: message.messageId,
      });
      const relay = new ReplyRelay();
      const answered = opened.run(relay);
      // Observed by the executor once the task exists; until then a failure is the call's refusal.
      answered.catch(() => undefined);
      await Promise.race([relay.produced, answered]);
      const turn: BegunTurn = { relay, answered, refused: (error) => protocolRefusal(error, this.request, this.deps.guard), requestId: this.request.id };
      context.state.set(TURN_OF_CALL, turn);
      const kept = Object.entries(message.metadata ?? {}).filter(([key]) => !CREDENTIAL_KEYS.has(key));
      return { ...params, message: { ...message, contextId: opened.session, metadata: kept.length > 0 ? Object.fromEntries(kept) : undefined } };
    } catch (error) {
      if (error instanceof A2AError) throw error;
      const refusal = await protocolRefusal(error, this.request, this.deps.guard);
      context.state.set(REFUSAL_OF_CALL, refusal);
      throw refusal;
    }
  }
}
