import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import { parseJsonObject } from './json-reply.js';

export interface IntentSpec {
  name: string;
  description?: string;
}

export function classificationMessages(intents: IntentSpec[], message: string): ChatCompletionMessageParam[] {
  const list = intents.map((intent) => `- ${intent.name}${intent.description ? `: ${intent.description}` : ''}`);
  const system = [
    'Classify the intent of the user message.',
    'Reply with a JSON object only: {"intent": "<name>"}, where <name> is one of the intent names below,',
    'or "none" when none of them fits.',
    'Intents:',
    ...list,
  ].join('\n');
  return [
    { role: 'system', content: system },
    { role: 'user', content: message },
  ];
}

/** One of the given intent names (matched case-insensitively, returned as configured), or null. */
export function parseClassification(content: string, intents: IntentSpec[]): string | null {
  const intent = parseJsonObject(content).intent;
  if (typeof intent !== 'string') return null;
  const wanted = intent.trim().toLowerCase();
  return intents.find((candidate) => candidate.name.toLowerCase() === wanted)?.name ?? null;
}
