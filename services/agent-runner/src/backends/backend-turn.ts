import { randomUUID } from 'node:crypto';
import type { PlatformBus, RpcHandlerInput } from '@parley/bus';
import { AppError, type PlatformCatalog, type TurnOutcome } from '@parley/contracts';
import { type AgentConfig, BACKEND_NODE_ID, type ForeignBackend, renderText, renderUrl, secretsIn } from '@parley/workflow';
import { revealSecrets } from '../tools/runner-tool-box.js';
import { type BackendAnswer, BackendFailed, type BackendParts } from './backend-kinds.js';

type TurnRequest = RpcHandlerInput<PlatformCatalog, 'runner.turn'>;

/**
 * A turn of an agent built elsewhere: the conversation sits on the one backend node; a start says
 * nothing (the backend speaks when spoken to), a message is the backend's to answer. Its answer is
 * an outcome like a workflow turn's, so the caller commits, escalates, budgets and reports it the same.
 */
export async function backendTurn(
  parts: BackendParts,
  config: AgentConfig,
  backend: ForeignBackend,
  request: TurnRequest,
  onDelta?: (nodeId: string, text: string) => void,
): Promise<TurnOutcome> {
  const nodeName = config.workflow.nodes[0]?.name ?? null;
  const collected = { ...(request.state?.collectedData ?? request.initialData ?? {}) };
  const base = {
    transitions: [],
    nodeName,
    previousNodeId: BACKEND_NODE_ID,
    previousNodeName: nodeName,
  };
  if (request.state === null || request.message === null) {
    return {
      ...base,
      state: { nodeId: BACKEND_NODE_ID, collectedData: collected, visitTurns: 0 },
      said: [],
      response: null,
      extractedVariables: null,
      status: 'active',
      llmLatencyMs: 0,
    };
  }
  const secrets = await parts.secrets(request.tenantId, backend);
  const scope = { args: {}, variables: {}, secrets };
  const headers: Record<string, string> = {};
  if (backend.kind !== 'webhook') for (const [name, value] of Object.entries(backend.headers ?? {})) headers[name] = renderText(value, scope);
  const started = performance.now();
  let answer: BackendAnswer;
  try {
    answer = await parts.kinds[backend.kind].answer(backend, {
      url: renderUrl(backend.url, scope),
      headers,
      ...(backend.kind === 'webhook' ? { secret: renderText(backend.secret, scope) } : {}),
      message: request.message,
      history: request.history,
      conversationId: request.conversationId,
      variables: collected,
      metadata: request.metadata ?? {},
      // Without the caller's key, one of its own: the backend then sees a new message rather than another turn's.
      turnKey: request.turnKey ?? randomUUID(),
      ...(onDelta ? { onDelta: (text: string) => onDelta(BACKEND_NODE_ID, text) } : {}),
    });
  } catch (error) {
    if (error instanceof BackendFailed) {
      parts.logger.warn({ agentId: request.agentId, version: request.version, backend: backend.kind, reason: error.message }, 'backend gave no answer');
      throw new AppError('unavailable', `the agent's ${backend.kind} backend gave no answer: ${error.message}`, { details: { reason: 'backend' } });
    }
    throw error;
  }
  const latencyMs = Math.round(performance.now() - started);
  const reply = answer.reply.trim();
  const variables = answer.variables && Object.keys(answer.variables).length > 0 ? answer.variables : undefined;
  const ended = answer.end === true;
  return {
    ...base,
    state: { nodeId: BACKEND_NODE_ID, collectedData: { ...collected, ...variables }, visitTurns: request.state.visitTurns + 1 },
    said: reply === '' ? [] : [{ nodeId: BACKEND_NODE_ID, text: reply }],
    response: reply === '' ? null : reply,
    extractedVariables: variables ?? null,
    status: ended ? 'completed' : 'active',
    llmLatencyMs: latencyMs,
    // A handoff of a conversation the backend also ended is no handoff: there is nobody left to hand over.
    ...(answer.handoff && !ended ? { handoff: answer.handoff } : {}),
    ...(answer.usage ? { usage: answer.usage } : {}),
    ...(answer.calls?.length ? { trace: { llm_calls: answer.calls } } : {}),
  };
}

/** The tenant's secrets a backend's templates name, read at each turn: a rotated secret counts from the next one. */
export function backendSecrets(bus: PlatformBus): BackendParts['secrets'] {
  return (tenantId, backend) => {
    const texts = [backend.url, ...(backend.kind === 'webhook' ? [backend.secret] : Object.values(backend.headers ?? {}))];
    return revealSecrets(
      bus,
      tenantId,
      texts.flatMap((text) => secretsIn(text)),
    );
  };
}
