import type { ChatTurn } from '@parley/workflow';

/** A message as the summary reads it. */
export interface SummarisedMessage {
  role: 'user' | 'assistant' | 'operator' | 'system';
  content: string;
}

/**
 * What the summary request tells the model. The memory is added to later system prompts as is,
 * so it is asked for as short plain notes, never as instructions to the assistant.
 */
export const summaryInstructions = [
  'You keep the memory an assistant has of one visitor across conversations.',
  'Rewrite the memory so that it also holds what matters from the new messages: who the visitor is,',
  'facts and preferences they gave, what they asked for and what is still open.',
  'Keep what is still true from the previous memory; drop what the new messages contradict.',
  'Answer with the memory only: plain notes, at most 150 words, no preamble, no instructions.',
].join(' ');

const speaker: Record<SummarisedMessage['role'], string> = { user: 'Visitor', assistant: 'Assistant', operator: 'Support person', system: 'Notice' };

/** The one user message of the summary request: the previous memory and the new messages in order. */
export function summaryRequest(previous: string | null, messages: SummarisedMessage[]): ChatTurn[] {
  const transcript = messages.map((m) => `${speaker[m.role]}: ${m.content}`).join('\n');
  return [{ role: 'user', content: `Previous memory:\n${previous ?? '(none yet)'}\n\nNew messages:\n${transcript}` }];
}
