import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import { parseJsonObject } from './json-reply.js';

export interface VariableSpec {
  name: string;
  description?: string;
}

// The word "JSON" must appear in the messages: OpenAI refuses json_object mode otherwise.
export function extractionMessages(variables: VariableSpec[], message: string): ChatCompletionMessageParam[] {
  const list = variables.map((variable) => `- ${variable.name}${variable.description ? `: ${variable.description}` : ''}`);
  const system = [
    'Extract the variables listed below from the user message.',
    'Reply with a JSON object only: one key per variable the message states, its value a string taken from the message.',
    'Leave out every variable the message does not state; never guess.',
    'Variables:',
    ...list,
  ].join('\n');
  return [
    { role: 'system', content: system },
    { role: 'user', content: message },
  ];
}

/** Only requested names with non-empty string values; anything else the model says is ignored. */
export function parseExtraction(content: string, variables: VariableSpec[]): Record<string, string> {
  const answer = parseJsonObject(content);
  const found: Record<string, string> = {};
  for (const { name } of variables) {
    const value = Object.hasOwn(answer, name) ? answer[name] : undefined;
    if (typeof value === 'string' && value.trim() !== '') found[name] = value.trim();
  }
  return found;
}
