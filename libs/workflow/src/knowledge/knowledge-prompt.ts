import type { WorkflowNode } from '../agent-config.js';
import type { Turn } from '../turn.js';

/**
 * Knowledge on a prompt node (docs/workflow.md "Knowledge"): the passages retrieved for the message
 * in hand go into the system prompt, numbered, each with its source; the model is asked to mark
 * what it used as `[n]`, and the reply's citations are the passages whose markers appear in it.
 */

/** A passage retrieval found for the question, best first. */
export interface Passage {
  document_id: string;
  title: string;
  url?: string | undefined;
  chunk_id: string;
  heading?: string | undefined;
  text: string;
  score: number;
}

/** Where passages come from: the agent-runner asks the memory service; a turn without one retrieves nothing. */
export interface KnowledgeSource {
  retrieve(request: { bases: readonly string[]; query: string; limit: number }): Promise<Passage[]>;
}

/** A passage the reply used, as replies report it. */
export interface Citation {
  n: number;
  document_id: string;
  title: string;
  url?: string;
  chunk_id: string;
}

/** Passages a node gets unless its `top_k` says. */
export const DEFAULT_TOP_K = 4;

/**
 * The passages for this node and message, or undefined when the node has no knowledge (or there is
 * no message – a greeting answers nothing). An empty list is "no match": the question is recorded
 * as a knowledge gap. A source that fails counts as no match for the turn, not a failed turn.
 */
export async function passagesFor(turn: Turn, node: WorkflowNode): Promise<Passage[] | undefined> {
  const knowledge = node.knowledge;
  if (!knowledge || turn.message === null || turn.message.trim() === '') return undefined;
  const source = turn.deps.knowledge;
  let passages: Passage[] = [];
  if (source) {
    try {
      passages = await source.retrieve({ bases: knowledge.bases, query: turn.message, limit: knowledge.top_k ?? DEFAULT_TOP_K });
    } catch (error) {
      turn.deps.warn?.(`knowledge could not be searched: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  for (const passage of passages) turn.retrieval.push({ chunk_id: passage.chunk_id, score: passage.score });
  if (passages.length === 0) turn.knowledgeGap ??= { question: turn.message, bases: [...knowledge.bases] };
  turn.knowledgeAnswers += 1;
  return passages;
}

/** The system prompt with the passages and how to cite them; with none, the model is told it has no source, so it does not invent one. */
export function withPassages(system: string, passages: readonly Passage[]): string {
  if (passages.length === 0) {
    return `${system}\n\nNo passage of the knowledge base matches this question. Say you do not know rather than guess, and cite nothing.`;
  }
  const listed = passages
    .map((passage, index) => {
      const source = [passage.title, passage.heading].filter((part) => part && part.trim() !== '').join(' – ');
      return `[${index + 1}] (${source})\n${passage.text.trim()}`;
    })
    .join('\n\n');
  return `${system}\n\nAnswer from these passages. After each statement you take from a passage, write its number in brackets, like [1]. Use no other source numbers.\n\n${listed}`;
}

/** The passages whose markers appear in the reply, numbered as the prompt numbered them; each once, in the order first cited. */
export function citationsIn(reply: string, passages: readonly Passage[]): Citation[] {
  const cited: Citation[] = [];
  const seen = new Set<number>();
  for (const match of reply.matchAll(/\[(\d{1,2})\]/g)) {
    const n = Number(match[1]);
    const passage = passages[n - 1];
    if (!passage || seen.has(n)) continue;
    seen.add(n);
    cited.push({ n, document_id: passage.document_id, title: passage.title, ...(passage.url ? { url: passage.url } : {}), chunk_id: passage.chunk_id });
  }
  return cited;
}
