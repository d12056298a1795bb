import type { EarlierConversation } from '../chat/api';
import { useWords } from '../chat/words';

/**
 * A signed-in user's earlier conversations with the agent, newest first: one button each (what
 * they said first, and when), so picking one with a pointer or the keyboard reopens it.
 */
export function EarlierConversations({ items, onPick }: { items: EarlierConversation[]; onPick(conversationId: string): Promise<void> }) {
  const t = useWords();
  if (items.length === 0) return null;
  return (
    <nav class="earlier" aria-label={t('conversation.earlier')}>
      <h3>{t('conversation.earlier')}</h3>
      <ul>
        {items.map((c) => (
          <li key={c.conversation_id}>
            <button
              type="button"
              onClick={(event) => {
                // The button goes away with the list it was in: the message field takes the focus.
                const panel = event.currentTarget.closest('.panel');
                void onPick(c.conversation_id).then(() => panel?.querySelector('textarea')?.focus());
              }}
            >
              <span class="preview">{c.preview ?? t('conversation.untitled')}</span>
              <time dateTime={c.last_message_at ?? c.created_at}>{t.date(c.last_message_at ?? c.created_at)}</time>
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
