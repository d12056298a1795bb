import { z } from 'zod';
import { citation } from '../knowledge.js';
import { messageContent, transitionInfo } from '../text-chat.js';
import { agentToolList, toolCallRecord } from '../tool-calls.js';
import { turnTrace } from '../turn-traces.js';
import { MAX_ATTACHMENTS_PER_MESSAGE, turnAttachment } from '../uploads.js';
import { rpcCatalog } from './define.js';
import { tokenUsage } from './token-usage.js';

/** The agent runner's subject: one workflow turn, worked from a queue the replicas share. */

const _tenantId = z.uuid();

/** Workflow state a turn starts from and ends with (the engine's SessionState). */
export const workflowState = z.object({
  nodeId: z.string(),
  collectedData: z.record(z.string(), z.string()),
  visitTurns: z.number().int().min(0),
});

export const turnOutcome = z.object({
  state: workflowState,
  /**
   * What the nodes said, in order. `messageId`: the id a streamed reply was announced under (one
   * of the request's `replyMessageIds`); the caller stores that message under it.
   */
  said: z.array(z.object({ nodeId: z.string(), text: z.string(), messageId: z.uuid().optional() })),
  response: z.string().nullable(),
  transitions: z.array(transitionInfo),
  /** A handoff node was entered: the caller escalates the conversation with this reason as it commits the turn. */
  handoff: z.object({ reason: z.string() }).optional(),
  extractedVariables: z.record(z.string(), z.string()).nullable(),
  status: z.enum(['active', 'completed', 'error']),
  llmLatencyMs: z.number().min(0),
  /** Names from the agent config, so callers need not load it. */
  nodeName: z.string().nullable(),
  previousNodeId: z.string(),
  previousNodeName: z.string().nullable(),
  /** LLM tokens the turn's calls spent (reply, extraction, intents), as the LLM reported them; absent: no call reported any. */
  usage: tokenUsage.optional(),
  /**
   * The agent did not understand the message (docs/escalation.md "Offering a person"): no transition
   * followed, no variable extracted, and the waiting node repeated itself instead of answering
   * with its LLM. Absent for any other turn.
   */
  unanswered: z.literal(true).optional(),
  /** A node marked `resolves` was entered (docs/management-api.md "Outcomes"): the caller resolves the conversation. Absent otherwise. */
  resolves: z.literal(true).optional(),
  /** The turn's tool calls, in order, each with its result (docs/workflow.md "Tools"); absent: it made none. */
  toolCalls: z.array(toolCallRecord).max(200).optional(),
  /**
   * A prompt node with knowledge answered (docs/workflow.md "Knowledge"): the passages its reply
   * cited, and – when the message found none – the question, to record as a knowledge gap.
   */
  knowledge: z
    .object({
      citations: z.array(citation).max(100),
      gap: z.object({ question: z.string(), bases: z.array(z.string()) }).optional(),
    })
    .optional(),
  /**
   * What the caller keeps as the turn's trace (docs/workflow.md "Traces"): each request its LLM calls
   * made, with tokens and time, and the passages its knowledge nodes retrieved – at most
   * TRACE_LIMITS of each. Absent: it made no call and retrieved nothing.
   */
  trace: turnTrace.optional(),
  /**
   * The runner that ran the turn and keeps its history under the request's `historyTag`
   * (HandlerContext.responder): the conversation's next turn may be offered to it first
   * (RequestOptions.preferResponder) with `historySince`. Absent: nothing was kept.
   */
  keptBy: z.string().min(1).max(100).optional(),
});
export type TurnOutcome = z.infer<typeof turnOutcome>;

/**
 * How much of the conversation travels with a turn: at most docs/workflow.md's 100 messages, and –
 * counted from the newest – at most this many bytes of JSON-encoded text, so a turn request stays
 * far below NATS's default max_payload (1 MB) however long the messages are.
 */
export const turnHistoryLimits = { messages: 100, jsonBytes: 256 * 1024 } as const;

/** A message of the conversation as a prompt node's LLM call sees it. */
export const historyMessage = z.object({ role: z.enum(['user', 'assistant']), content: z.string() });

export const agentRef = z.object({ agentId: z.uuid(), version: z.number().int().min(1) });

export const runnerCatalog = {
  rpc: rpcCatalog('runner', {
    // ── agent-runner: executes workflow turns; replicas share the queue group ──
    /**
     * Runs one turn: session start (no message) or a user message. Everything the turn needs comes
     * with it and the runner calls nothing back; it is pure with respect to storage: the caller
     * commits the outcome, so a runner dying mid-turn leaves nothing half-written and the caller
     * retries on another runner. Runners send progress beats while an LLM call runs,
     * so a dead runner is noticed after `idleTimeoutMs`, not after the whole timeout.
     */
    'runner.turn': {
      request: z.object({
        agentId: z.uuid(),
        version: z.number().int().min(1),
        conversationId: z.uuid(),
        sessionId: z.string(),
        state: workflowState.nullable(),
        message: messageContent.nullable(),
        /** At session start (state null): the variables the conversation starts with, e.g. a personalised link's recipient. */
        initialData: z.record(z.string(), z.string()).optional(),
        /**
         * The conversation before this turn, oldest first, within turnHistoryLimits. Empty at
         * session start and for agent versions without a prompt node, which never read it.
         */
        history: z.array(historyMessage).max(turnHistoryLimits.messages),
        /**
         * Names the history this turn is given: the conversation's stored messages as the turn
         * starts. A runner may keep that history under it, so the conversation's next turn, offered
         * to it first, need only bring what was stored since (`historySince`).
         */
        historyTag: z.string().min(1).max(100).optional(),
        /**
         * Instead of `history` (then empty): the history is what this runner keeps of the
         * conversation under `tag`, followed by `added`, cut to turnHistoryLimits. A runner keeping
         * nothing under it answers `conflict` with reason `history_missing`: the caller then sends
         * the turn again with its whole history.
         */
        historySince: z.object({ tag: z.string().min(1).max(100), added: z.array(historyMessage).max(turnHistoryLimits.messages) }).optional(),
        /**
         * Given when live clients watch the conversation: the runner streams each LLM reply as
         * `delta` events under these ids, the first reply under the first id, and answers which
         * said text got which id (`said[].messageId`). The same ids on a retry, so a retried turn
         * keeps streaming under the ids the client already has.
         */
        replyMessageIds: z.array(z.uuid()).max(16).optional(),
        /**
         * What the agent remembers about a verified visitor (memory.get), added to the system prompt
         * of prompt nodes; absent for everyone else.
         */
        memory: z.string().nullable().optional(),
        /**
         * The files the visitor's message carries, read by the runner from the upload store: images
         * reach prompt nodes as image parts, other files as a note naming them (docs/workflow.md).
         */
        attachments: z.array(turnAttachment).max(MAX_ATTACHMENTS_PER_MESSAGE).optional(),
        /**
         * The turn's own key, the same each time this turn is offered (to another runner after one
         * is lost): each tool call's key starts with it, so a call already answered is not made again
         * and a tool can tell a repeated call (docs/workflow.md "Tools").
         */
        turnKey: z.string().min(1).max(200).optional(),
        /** The tenant the agent belongs to: its tools' secrets are the tenant's. */
        tenantId: z.uuid().optional(),
        /**
         * The conversation's metadata (the Text Chat API's, a link's variables), when it has any:
         * a webhook backend receives it with each turn (docs/workflow.md "Backends").
         */
        metadata: z.record(z.string(), z.unknown()).optional(),
      }),
      response: turnOutcome,
      // A safety net only: a turn may make several LLM calls, each with its retries.
      timeoutMs: 240_000,
      idleTimeoutMs: 5_000,
      queue: 'agent-runner',
      // A lost runner committed nothing, so the turn is safe to offer to another one.
      retry: { attempts: 3, backoffMs: [100, 250] },
      // Turns wait for a runner with room; one dying with a turn has it redelivered to another.
      workQueue: { maxDeliver: 3 },
    },
    /**
     * What an agent version can call (docs/workflow.md "Tools"): its http tools, and the allowed
     * tools of each MCP server as the server lists them now (a server that does not answer: its name
     * and why). Asked of a runner, where tools are called from, with the tenant's secrets.
     */
    'runner.tools': {
      request: z.object({ tenantId: z.uuid(), agentId: z.uuid(), version: z.number().int().min(1) }),
      response: agentToolList,
      timeoutMs: 40_000,
      queue: 'agent-runner',
      // A listing changes nothing: safe to ask another runner.
      retry: { attempts: 2, backoffMs: [100] },
    },
    /**
     * A test's `judge` (docs/evaluations.md): the agent version's LLM asked whether a reply
     * satisfies a statement, answered yes or no. `unavailable` when the LLM cannot be asked.
     */
    'runner.judge': {
      request: z.object({ agentId: z.uuid(), version: z.number().int().min(1), statement: z.string().min(1).max(2_000), reply: z.string().max(40_000) }),
      response: z.object({ verdict: z.boolean() }),
      timeoutMs: 60_000,
      queue: 'agent-runner',
      // A verdict changes nothing: safe to ask another runner.
      retry: { attempts: 2, backoffMs: [100] },
    },
    /**
     * A visitor's or API caller's message judged by the moderation endpoint (MODERATION_MODEL on
     * the runners' OpenAI-compatible endpoint) for a content rule (docs/public-chat-api.md "Content rules").
     * `unavailable` with `details.reason: "moderation_unavailable"` when it cannot be asked. The
     * text is the one that would be stored, and is never logged.
     */
    'runner.moderate': {
      request: z.object({ text: z.string().min(1).max(40_000) }),
      response: z.object({ flagged: z.boolean(), categories: z.array(z.string()) }),
      timeoutMs: 20_000,
      queue: 'agent-runner',
      // A verdict changes nothing: safe to ask another runner.
      retry: { attempts: 2, backoffMs: [100] },
    },
  }),
  events: {},
  broadcasts: {},
};
