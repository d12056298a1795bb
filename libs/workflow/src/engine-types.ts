/** The engine's public shapes: what a caller passes in and gets back for a turn. */

import type { ChatTurn, LlmCallTrace, LlmUsage, WorkflowLlm } from './llm.js';
import type { Citation, KnowledgeSource } from './knowledge/knowledge-prompt.js';
import type { ToolBox, ToolCallRecord } from './tools/tool-box.js';

/** The engine's view of a session between turns (the caller persists it). */
export interface SessionState {
  nodeId: string;
  collectedData: Record<string, string>;
  /** User messages the current node has received in this visit (for `max_turns`). */
  visitTurns: number;
}

/** As the Text Chat API reports it (docs/text-chat-api.md, "Send a message": `transitions`). */
export interface TransitionInfo {
  from_node: string;
  from_node_name: string;
  to_node: string;
  to_node_name: string;
  condition: string;
}

export interface SaidText {
  nodeId: string;
  text: string;
}

export type TurnStatus = 'active' | 'completed' | 'error';

export interface TurnOutcome {
  /** The state after the turn. */
  state: SessionState;
  /** Everything said, in order. */
  said: SaidText[];
  /** `said` joined by a single space; null when nothing was said. */
  response: string | null;
  /** Every transition followed, in order. */
  transitions: TransitionInfo[];
  /** Variables extracted in this turn; null if none. */
  extractedVariables: Record<string, string> | null;
  /** completed: an end node was entered; error: the transition guard tripped. */
  status: TurnStatus;
  /** Sum of the LLM calls' latencies during the turn. */
  llmLatencyMs: number;
  /** Tokens the turn's LLM calls spent, summed (docs/management-api.md "Cost guards"); absent when none reported any. */
  usage?: LlmUsage;
  /** A handoff node was entered: the caller escalates the conversation to a person with this reason. */
  handoff?: { reason: string };
  /**
   * The message was not understood: it moved nothing (no transition, no variable) and the node
   * that kept waiting did not answer it with its LLM – it repeated its static text, said its
   * fallback_text, or nothing. The platform offers the visitor a person after enough of these.
   */
  unanswered?: true;
  /** A node marked `resolves` was entered during the turn: the platform counts the conversation resolved. */
  resolves?: true;
  /** The turn's tool calls, in order (docs/workflow.md "Tools"); absent when it made none. */
  toolCalls?: ToolCallRecord[];
  /**
   * A prompt node with knowledge answered (docs/workflow.md "Knowledge"): the passages its reply
   * cited, and – when the message found none – the gap to record. Absent when no such node answered.
   */
  knowledge?: { citations: Citation[]; gap?: { question: string; bases: string[] } };
  /**
   * What the turn's trace keeps (docs/workflow.md "Traces"): each request its LLM calls made, and
   * the passages its knowledge nodes retrieved. Absent when it made no call and retrieved nothing.
   */
  trace?: { llm_calls: LlmCallTrace[]; retrieval?: Array<{ chunk_id: string; score: number }> };
}

export interface EngineDeps {
  llm: WorkflowLlm;
  /** The conversation before this turn; loaded only when a prompt node speaks. */
  history: () => Promise<ChatTurn[]>;
  /** Streamed pieces of a prompt node's reply, for live clients. */
  onDelta?: (nodeId: string, text: string) => void;
  /** What the agent remembers about this visitor from earlier conversations; prompt nodes are told it. */
  memory?: string | undefined;
  /**
   * What the visitor's message of this turn carries: a note naming each file, added to the
   * message's text for prompt nodes, and images as `data:` URLs. Extraction and intents read the
   * text the visitor wrote alone.
   */
  attachments?: { note: string; images: string[] } | undefined;
  /** The agent's tools, callable by prompt nodes' models and nodes' `call`; absent: a call fails as `error`. */
  tools?: ToolBox | undefined;
  /** The agent's knowledge bases, searched for prompt nodes with `knowledge`; absent: they find nothing. */
  knowledge?: KnowledgeSource | undefined;
  /** The turn's own key, the same when the turn is run again: each call's key starts with it. */
  turnKey?: string | undefined;
  /** A prompt node's model asked for tool calls and they run now (live clients hear the agent is working). */
  onToolCalls?: ((nodeId: string) => void) | undefined;
  /** Something about the config the operator should hear of (a stored pattern that cannot run); said once, not every turn. */
  warn?: (message: string) => void;
}
