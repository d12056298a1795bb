import type { LinkClosedReason } from '@parley/contracts';
import type { Logger } from '@parley/logger';
import type { UploadStore } from '@parley/uploads';
import type { TokenBudgets } from '../budgets/token-budgets.js';
import type { LinkSessionsRepository } from '../link-sessions/link-sessions.repository.js';
import type { ConversationRow } from '../store/conversation.repository.js';
import type { ConversationStore } from '../store/conversation.store.js';
import type { ConversationEnding } from './conversation-ending.js';

/** Sessions of a closed link are ended this many at a time, so one busy link does not hold a long lock. */
const END_BATCH = 500;

/**
 * Public sessions ending without a turn – idle past their link's timeout, or their link closed –
 * and retention of ended ones. Each ended session is announced like any other end: session.ended,
 * and a live `session_ended` with the reason for a visitor watching.
 */
export class SessionCleanupService {
  constructor(
    private readonly store: ConversationStore,
    private readonly linkSessions: LinkSessionsRepository,
    private readonly ending: ConversationEnding,
    private readonly logger: Logger,
    private readonly uploads?: UploadStore | undefined,
    private readonly budgets?: TokenBudgets | undefined,
  ) {}

  async abandonIdleLinks(): Promise<number> {
    const abandoned = await this.store.abandonIdleLinks();
    await this.announce(abandoned, 'timeout');
    if (abandoned.length > 0) this.logger.info({ count: abandoned.length }, 'idle public sessions ended');
    return abandoned.length;
  }

  async activeLinks() {
    return { linkIds: await this.linkSessions.activeLinkIds() };
  }

  async endForLinks(linkIds: string[], reason: LinkClosedReason): Promise<number> {
    let total = 0;
    for (;;) {
      const ended = await this.store.endForLinks(linkIds, END_BATCH);
      await this.announce(ended, reason);
      total += ended.length;
      if (ended.length < END_BATCH) break;
    }
    if (total > 0) this.logger.info({ count: total, reason, links: linkIds.length }, 'sessions of closed links ended');
    return total;
  }

  async purgeEnded(olderThanDays: number, limit: number, links: { id: string; days: number }[] = []) {
    const { uploadKeys, ...purged } = await this.store.purgeEnded(olderThanDays, limit, links);
    // The files go with their messages; one that cannot be deleted now is logged (by count, never by name).
    const failed = (await Promise.allSettled(uploadKeys.map((key) => this.uploads?.delete(key)))).filter((r) => r.status === 'rejected').length;
    if (failed > 0) this.logger.warn({ failed }, 'files of purged conversations not deleted');
    if (purged.conversations > 0) this.logger.info({ ...purged, files: uploadKeys.length, olderThanDays }, 'ended conversations purged');
    // Past days' token counts check nothing any more (docs/management-api.md "Cost guards"); a failure waits for the next sweep.
    const tokenRows = await this.budgets?.purgeOldDays().catch((error: unknown) => {
      this.logger.warn({ err: error }, 'past days of token usage not purged');
      return 0;
    });
    if (tokenRows) this.logger.info({ rows: tokenRows }, 'past days of token usage purged');
    return purged;
  }

  private async announce(conversations: ConversationRow[], reason: string): Promise<void> {
    for (const conversation of conversations) await this.ending.ended(conversation, 'abandoned', reason);
  }
}
