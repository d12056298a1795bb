import type { Citation, TurnOutcome } from '@parley/contracts';
import type { KnowledgeGapWrite, TurnMessage } from '../store/turn-commit.js';

/** Whether the text carries a marker `[n]` of one of the citations. */
const marks = (text: string, citations: readonly Citation[]) => citations.some((citation) => text.includes(`[${citation.n}]`));

/**
 * A turn's messages with its answer from knowledge marked (docs/workflow.md "Answers from knowledge in the transcript"): the
 * passages its reply cited go on the words of the node that answered, `[]` when it cited none, so
 * its transcript, history and analytics know which reply answered from knowledge. The outcome
 * does not say which node that was: it is the last of the turn's replies that carries a cited
 * marker `[n]` – one saying something after it (a closing line) leaves the answer its sources –
 * and without one (nothing cited), the turn's last reply. Without knowledge, the messages as they
 * were.
 */
export function withCitations(messages: TurnMessage[], knowledge: TurnOutcome['knowledge']): TurnMessage[] {
  if (!knowledge) return messages;
  const replies = messages.flatMap((message, at) => (message.role === 'assistant' ? [at] : []));
  const cited = replies.filter((at) => marks(messages[at]?.content ?? '', knowledge.citations));
  const answer = cited.at(-1) ?? replies.at(-1);
  if (answer === undefined) return messages;
  return messages.map((message, at) => (at === answer && message.role === 'assistant' ? { ...message, citations: knowledge.citations } : message));
}

/** The question a turn's knowledge found no passage for, to record as a knowledge gap; undefined when none. */
export const gapOf = (outcome: Pick<TurnOutcome, 'knowledge'>): KnowledgeGapWrite | undefined =>
  outcome.knowledge?.gap ? { question: outcome.knowledge.gap.question, bases: [...outcome.knowledge.gap.bases] } : undefined;

/** A reply's `citations`: present only when a prompt node with knowledge answered the turn. */
export const citationsOf = (outcome: Pick<TurnOutcome, 'knowledge'>): { citations?: Citation[] } =>
  outcome.knowledge ? { citations: outcome.knowledge.citations } : {};
