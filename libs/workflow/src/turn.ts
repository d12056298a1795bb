import { AppError } from '@parley/contracts';
import { type AgentConfig, DEFAULT_MODEL, type WorkflowNode } from './agent-config.js';
import type { EngineDeps, SaidText, TransitionInfo, TurnOutcome, TurnStatus } from './engine-types.js';
import type { ChatTurn, LlmCallResult, LlmCallTrace, LlmSettings, LlmUsage } from './llm.js';
import { PATTERN_WORK_PER_TURN, type PatternBudget } from './pattern-match.js';
import type { Citation } from './knowledge/knowledge-prompt.js';
import type { ToolCallRecord, ToolCallResult } from './tools/tool-box.js';

/** docs/workflow.md: an LLM sees at most this many messages of the conversation. */
export const MAX_HISTORY_MESSAGES = 100;

/** What a turn's trace keeps at most (docs/workflow.md "Traces"): the first calls and passages, so a turn's outcome stays small. */
export const MAX_TRACED_LLM_CALLS = 100;
export const MAX_TRACED_PASSAGES = 100;

/**
 * What one turn accumulates while it walks the workflow. Everything is copied in and built up
 * here, so the caller's config and state are never touched and a failed turn leaves nothing behind.
 */
export class Turn {
  readonly settings: LlmSettings;
  readonly collected: Record<string, string>;
  readonly extracted: Record<string, string> = {};
  readonly said: SaidText[] = [];
  readonly transitions: TransitionInfo[] = [];
  /** Every tool call of the turn, in the order made (docs/workflow.md "Tools"). */
  readonly toolCalls: ToolCallRecord[] = [];
  /** The passages the turn's replies cited (docs/workflow.md "Knowledge"), numbered as each prompt numbered them. */
  readonly citations: Citation[] = [];
  /** Prompt nodes with knowledge that answered the message in this turn. */
  knowledgeAnswers = 0;
  /** The message found no passage: recorded as a knowledge gap. */
  knowledgeGap: { question: string; bases: string[] } | undefined;
  llmLatencyMs = 0;
  /** What the turn's LLM calls spent, summed; undefined while none reported any. */
  usage: LlmUsage | undefined;
  /** The requests the turn's LLM calls made, in order (docs/workflow.md "Traces"). */
  readonly llmCalls: LlmCallTrace[] = [];
  /** The passages retrieval found for the turn's knowledge nodes, best first per node (docs/workflow.md "Traces"). */
  readonly retrieval: Array<{ chunk_id: string; score: number }> = [];
  /** A prompt node's LLM answered during the turn (not its fallback_text). */
  llmAnswered = false;
  /** A node marked `resolves` was entered during the turn. */
  resolves = false;
  /** The extraction patterns' work this turn may still do, across every node it enters. */
  readonly patternBudget: PatternBudget = { left: PATTERN_WORK_PER_TURN };
  /** One classification per node per turn: the message in hand never changes within a turn. */
  readonly intentByNode = new Map<string, string | null>();
  private readonly nodes: Map<string, WorkflowNode>;
  private history: ChatTurn[] | undefined;

  constructor(
    readonly config: AgentConfig,
    readonly deps: EngineDeps,
    /** The user message in hand; null at session start. */
    readonly message: string | null,
    collectedData: Readonly<Record<string, string>>,
  ) {
    const llm = config.llm;
    this.settings = {
      model: llm?.model ?? DEFAULT_MODEL,
      ...(llm?.temperature === undefined ? {} : { temperature: llm.temperature }),
      ...(llm?.max_tokens === undefined ? {} : { max_tokens: llm.max_tokens }),
    };
    this.collected = { ...collectedData };
    this.nodes = new Map(config.workflow.nodes.map((node) => [node.id, node]));
  }

  /** One LLM call's time and tokens, added to the turn's. */
  spent(result: LlmCallResult<unknown>): void {
    this.llmLatencyMs += result.latencyMs;
    if (result.calls) this.llmCalls.push(...result.calls);
    if (result.usage) {
      this.usage = { prompt: (this.usage?.prompt ?? 0) + result.usage.prompt, completion: (this.usage?.completion ?? 0) + result.usage.completion };
    }
  }

  node(id: string): WorkflowNode {
    const node = this.nodes.get(id);
    // A validated config cannot get here; a session pinned to a config it does not fit can.
    if (!node) throw new AppError('invalid', `the agent config has no workflow node "${id}"`);
    return node;
  }

  say(nodeId: string, text: string): void {
    const trimmed = text.trim();
    if (trimmed !== '') this.said.push({ nodeId, text: trimmed });
  }

  collect(values: Readonly<Record<string, string>>): void {
    Object.assign(this.collected, values);
    Object.assign(this.extracted, values);
  }

  /** A variable set by the workflow itself (a call's kept result), not extracted from the visitor's words. */
  keep(name: string, value: string): void {
    this.collected[name] = value;
  }

  cite(citations: readonly Citation[]): void {
    this.citations.push(...citations);
  }

  forget(name: string): void {
    delete this.collected[name];
  }

  /**
   * One tool call, made and recorded. Its key is the turn's key and the call's place in the turn:
   * the same call of the same turn run again (on another runner) has the same key.
   */
  async callTool(nodeId: string, tool: string, args: unknown): Promise<ToolCallResult> {
    const key = `${this.deps.turnKey ?? 'turn'}:${this.toolCalls.length + 1}`;
    const record: ToolCallRecord = { tool, arguments: args, status: 'error', duration_ms: 0, node_id: nodeId };
    this.toolCalls.push(record);
    const outcome: ToolCallResult = this.deps.tools
      ? await this.deps.tools.call({ tool, args, variables: { ...this.collected }, key, nodeId })
      : { status: 'error', error: 'tools cannot be called here', durationMs: 0 };
    record.status = outcome.status;
    record.duration_ms = Math.round(outcome.durationMs);
    if (outcome.status === 'ok') record.result = outcome.result ?? null;
    if (outcome.error !== undefined) record.error = outcome.error;
    return outcome;
  }

  record(from: WorkflowNode, to: WorkflowNode, condition: string): void {
    this.transitions.push({ from_node: from.id, from_node_name: from.name, to_node: to.id, to_node_name: to.name, condition });
  }

  /** The visitor's message as a prompt node sees it: with a note on the files it carries, and its images. */
  private userTurn(message: string): ChatTurn {
    const attached = this.deps.attachments;
    if (!attached) return { role: 'user', content: message };
    return { role: 'user', content: `${message}\n\n${attached.note}`, ...(attached.images.length > 0 ? { images: attached.images } : {}) };
  }

  /** Prior conversation plus this turn so far (the user message, then what was said), capped. */
  async conversation(): Promise<ChatTurn[]> {
    this.history ??= await this.deps.history();
    const thisTurn: ChatTurn[] = [
      ...(this.message === null ? [] : [this.userTurn(this.message)]),
      ...this.said.map((said) => ({ role: 'assistant' as const, content: said.text })),
    ];
    return [...this.history, ...thisTurn].slice(-MAX_HISTORY_MESSAGES);
  }

  finish(nodeId: string, visitTurns: number, status: TurnStatus, handoff?: { reason: string }, unanswered = false): TurnOutcome {
    return {
      ...(handoff ? { handoff } : {}),
      ...(unanswered ? { unanswered: true as const } : {}),
      ...(this.resolves ? { resolves: true as const } : {}),
      state: { nodeId, collectedData: { ...this.collected }, visitTurns },
      said: this.said.map((said) => ({ ...said })),
      response: this.said.length === 0 ? null : this.said.map((said) => said.text).join(' '),
      transitions: [...this.transitions],
      extractedVariables: Object.keys(this.extracted).length === 0 ? null : { ...this.extracted },
      status,
      llmLatencyMs: this.llmLatencyMs,
      ...(this.toolCalls.length > 0 ? { toolCalls: this.toolCalls.map((call) => ({ ...call })) } : {}),
      ...(this.knowledgeAnswers > 0
        ? { knowledge: { citations: this.citations.map((citation) => ({ ...citation })), ...(this.knowledgeGap ? { gap: { ...this.knowledgeGap } } : {}) } }
        : {}),
      ...(this.usage ? { usage: { ...this.usage } } : {}),
      ...(this.llmCalls.length > 0 || this.retrieval.length > 0
        ? {
            trace: {
              llm_calls: this.llmCalls.slice(0, MAX_TRACED_LLM_CALLS).map((call) => ({ ...call })),
              ...(this.retrieval.length > 0 ? { retrieval: this.retrieval.slice(0, MAX_TRACED_PASSAGES).map((p) => ({ ...p })) } : {}),
            },
          }
        : {}),
    };
  }
}
