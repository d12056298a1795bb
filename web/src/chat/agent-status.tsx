import { useWords } from './words';

interface Props {
  state: 'idle' | 'thinking' | 'typing';
  /** How the agent is named while it works (or the person answering, while one is writing). */
  agent: string;
}

/** What the agent is doing, announced politely; empty (but present) while it is idle. */
export function AgentStatus({ state, agent }: Props) {
  const t = useWords();
  return (
    <p class="agent-status" role="status">
      {state === 'thinking' ? t('status.thinking', { agent }) : state === 'typing' ? t('status.typing', { agent }) : ''}
    </p>
  );
}
