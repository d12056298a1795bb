/**
 * An agent that says `greeting` when a session starts, then answers every message with the LLM (a
 * prompt node that keeps the conversation): the shape of every test and benchmark that needs the
 * runner to call the LLM on each turn.
 */
export function greetThenAskLlmAgent(greeting: string, model = 'fake-model') {
  return {
    llm: { model },
    workflow: {
      initial_node: 'hello',
      nodes: [
        { id: 'hello', name: 'Hello', static_text: greeting, transitions: [{ to: 'chat', condition: 'user_responded' }] },
        { id: 'chat', name: 'Chat', prompt: 'You are a test agent. Answer briefly.' },
      ],
    },
  };
}
