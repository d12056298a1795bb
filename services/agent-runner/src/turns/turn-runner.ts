import { randomUUID } from 'node:crypto';
import type { HandlerContext, RpcHandlerInput } from '@parley/bus';
import { AppError, type PlatformCatalog, type TurnOutcome } from '@parley/contracts';
import { type EngineDeps, foreignBackend, workflowTurn } from '@parley/workflow';
import { backendTurn } from '../backends/backend-turn.js';
import { busKnowledge } from '../knowledge/bus-knowledge.js';
import type { RunnerParts } from '../parts.js';
import { RunnerToolBox } from '../tools/runner-tool-box.js';
import { LiveReply } from './live-reply.js';
import { imageBytesOf, promptAttachments } from './prompt-attachments.js';

/** How often a runner tells the waiting caller it is still working on a turn. */
const PROGRESS_INTERVAL_MS = 1_000;

/** Executes one turn with the workflow engine. */
export function turnRunner(deps: RunnerParts) {
  return async (request: RpcHandlerInput<PlatformCatalog, 'runner.turn'>, ctx: HandlerContext): Promise<TurnOutcome> => {
    // Brought whole, or only what was stored since the copy this runner kept (refused at once when it keeps none).
    const given = deps.histories.historyOf(request);
    const history = given.messages;
    const turn = history === request.history ? request : { ...request, history };
    const config = await deps.configs.config(request);
    // Only when the caller gave ids to announce replies under: someone may be watching live.
    const live =
      deps.live && request.replyMessageIds?.length ? new LiveReply(deps.live, request.conversationId, request.replyMessageIds, deps.logger) : undefined;
    // Beating from here: a turn waiting for room to read its images is still being worked on.
    const beat = setInterval(() => ctx.progress(), PROGRESS_INTERVAL_MS);
    // An agent built elsewhere gets the visitor's words only: no files are read, no tools or knowledge built for it.
    const backend = foreignBackend(config);
    const imageBytes = !backend && request.attachments?.length && deps.uploads ? imageBytesOf(request.attachments) : 0;
    const giveImagesBack = imageBytes > 0 ? await deps.images.take(imageBytes) : undefined;
    const engineDeps = async (): Promise<EngineDeps> => ({
      llm: deps.llm,
      // The caller sends the history with the turn: a runner never calls back for it.
      history: async () => history,
      // A stored extraction pattern RE2 cannot run: the operator hears of it (once), the turn goes on.
      warn: (message) => deps.logger.warn({ agentId: request.agentId, version: request.version }, message),
      ...(live ? { onDelta: live.onDelta, onToolCalls: live.working } : {}),
      // The agent's tools, with the tenant's secrets; each call's key starts with the turn's, the same on a retry.
      ...(config.tools?.length ? { tools: new RunnerToolBox(deps.tools, config.tools, request.tenantId) } : {}),
      // The tenant's knowledge bases, for prompt nodes with `knowledge` (the question embedded here, searched by the memory service).
      ...(request.tenantId && config.workflow.nodes.some((node) => node.knowledge)
        ? { knowledge: busKnowledge(deps.tools.bus, request.tenantId, deps.knowledge) }
        : {}),
      // Without the caller's key, one of its own: answers are then never reused, rather than reused by another turn.
      turnKey: request.turnKey ?? randomUUID(),
      ...(request.memory ? { memory: request.memory } : {}),
      ...(request.attachments?.length ? { attachments: await promptAttachments(request.attachments, deps.uploads, deps.logger) } : {}),
    });
    try {
      const outcome = backend ? await backendTurn(deps.backends, config, backend, turn, live?.onDelta) : await workflowTurn(config, turn, await engineDeps());
      deps.metrics.turns.inc({ kind: request.state === null ? 'start' : 'message', status: outcome.status });
      // Every piece is in the log before the caller stores and announces the whole message.
      await live?.finish();
      // Kept for the conversation's next turn, offered here first: only where a caller can reach this runner alone.
      const keptBy = ctx.responder !== undefined && deps.histories.keep(request, given) ? { keptBy: ctx.responder } : {};
      return { ...outcome, ...(live ? { said: live.label(outcome.said) } : {}), ...keptBy };
    } catch (error) {
      deps.metrics.turns.inc({ kind: request.state === null ? 'start' : 'message', status: 'failed' });
      // The LLM failed after its retries and the node has no fallback: not a lost runner, so not retried elsewhere.
      if (error instanceof AppError && error.code === 'unavailable' && !hasReason(error.details)) {
        throw new AppError('unavailable', error.message, { details: { reason: 'llm' } });
      }
      throw error;
    } finally {
      clearInterval(beat);
      giveImagesBack?.();
      await live?.finish();
    }
  };
}

/** An `unavailable` that already says why (a backend's): kept as it is. */
function hasReason(details: unknown): boolean {
  return typeof details === 'object' && details !== null && 'reason' in details;
}
