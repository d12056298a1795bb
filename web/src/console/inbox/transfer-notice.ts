import type { InboxTransfer } from '../api/management-api';
import { t } from '../words';

/** A transfer as the inbox stream announced it when it happened: who handed the conversation to whom, and their note. */
export function transferNotice(transfer: InboxTransfer): string {
  const words = { from: transfer.from ?? t('conversation.someone'), to: transfer.to ?? transfer.to_team ?? t('conversation.someone') };
  return transfer.note ? t('conversation.transferredWithNote', { ...words, note: transfer.note }) : t('conversation.transferred', words);
}

/**
 * What operators were told of a conversation: its transfers as the item keeps them (so they stay
 * after a reload), then what else came live. A transfer comes both ways – the live notice and the
 * item the next event carries – and is shown once.
 */
export function operatorNotices(transfers: InboxTransfer[], live: string[]): string[] {
  const kept = transfers.map(transferNotice);
  return [...kept, ...live.filter((notice) => !kept.includes(notice))];
}
