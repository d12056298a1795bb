import type { InboxItem } from '../api/management-api';

/**
 * An item the live stream tells of (`escalation`), put over the one the list holds. The stream
 * replays its kept events when it opens, and the list may have been read after them: a told item
 * may then know less of the conversation than the list does. Its state is the stream's, but the
 * newer last message, preview and unread count stay (docs/guide.md "The console").
 */
export function toldItem(known: InboxItem | undefined, told: InboxItem): InboxItem {
  const unread = told.unread ?? known?.unread ?? 0;
  const older = known?.last_message_at && (!told.last_message_at || told.last_message_at < known.last_message_at);
  if (!older) return { ...told, unread };
  return { ...told, preview: known.preview, last_message: known.last_message, last_message_at: known.last_message_at, unread: known.unread ?? unread };
}
