interface Props {
  state: 'idle' | 'thinking' | 'typing';
  /** How the agent is named while it works (or the person answering, while one is writing). */
  agent: string;
}

/** What the agent is doing, announced politely; empty (but present) while it is idle. */
export function AgentStatus({ state, agent }: Props) {
  return (
    <p class="agent-status" role="status">
      {state === 'thinking' ? `${agent} is thinking…` : state === 'typing' ? `${agent} is typing…` : ''}
    </p>
  );
}
