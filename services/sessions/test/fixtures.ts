/** Agents the sessions tests drive. */

/** Greets with static text, then answers every message through the LLM until "bye". */
export const promptAgent = {
  workflow: {
    initial_node: 'hello',
    nodes: [
      { id: 'hello', name: 'Hello', static_text: 'Ask me anything.', transitions: [{ to: 'answer', condition: 'user_responded' }] },
      { id: 'answer', name: 'Answer', prompt: 'You are a helpful assistant.', transitions: [{ to: 'bye', condition: 'contains:bye' }] },
      { id: 'bye', name: 'Bye', type: 'end', static_text: 'Bye!' },
    ],
  },
};

/** No LLM anywhere: keeps the last number it was told, and says the same thing every turn. */
export const counterAgent = {
  workflow: {
    initial_node: 'listen',
    nodes: [
      {
        id: 'listen',
        name: 'Listen',
        static_text: 'Go on.',
        extract: [{ name: 'last', pattern: 'number (\\d+)' }],
        transitions: [{ to: 'listen', condition: 'user_responded' }],
      },
    ],
  },
};

/** `role: content` lines, to compare conversations at a glance. */
export function lines(messages: ReadonlyArray<{ role: string; content?: unknown }> | undefined): string[] {
  return (messages ?? []).map((message) => `${message.role}: ${String(message.content)}`);
}
