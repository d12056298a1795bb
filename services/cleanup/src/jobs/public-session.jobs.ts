import type { PlatformBus } from '@parley/bus';
import type { LinkClosedReason } from '@parley/contracts';

/** Link ids per question to the links service (the subject takes at most 1,000). */
const LINK_CHUNK = 500;
/** Conversations purged per statement: small enough that a batch holds its locks briefly. */
export const PURGE_BATCH = 200;
/** Batches per run at most: a backlog is worked off over several runs rather than in one long one. */
const PURGE_BATCHES_PER_RUN = 50;

/**
 * Ends the active sessions of links that closed: the sessions service names the links that still
 * have active sessions, the links service says which of them closed and how.
 */
export async function endSessionsOfClosedLinks(bus: PlatformBus): Promise<string> {
  const { linkIds } = await bus.request('sessions.active-links', {});
  const byReason = new Map<LinkClosedReason, string[]>();
  for (let i = 0; i < linkIds.length; i += LINK_CHUNK) {
    const { links } = await bus.request('links.links.closed', { ids: linkIds.slice(i, i + LINK_CHUNK) });
    for (const link of links) byReason.set(link.reason, [...(byReason.get(link.reason) ?? []), link.id]);
  }
  let ended = 0;
  let closed = 0;
  for (const [reason, ids] of byReason) {
    closed += ids.length;
    for (let i = 0; i < ids.length; i += LINK_CHUNK) {
      ended += (await bus.request('sessions.end-for-links', { linkIds: ids.slice(i, i + LINK_CHUNK), reason })).ended;
    }
  }
  return `ended ${ended} sessions of ${closed} closed links`;
}

/** Links with their own retention asked per page. */
const RETENTION_PAGE = 5_000;

/** Every link's own retention_days (the links service owns them), page by page. */
async function linkRetention(bus: PlatformBus): Promise<{ id: string; days: number }[]> {
  const all: { id: string; days: number }[] = [];
  for (let after: string | null = null; ; ) {
    const { links }: { links: { id: string; days: number }[] } = await bus.request('links.privacy.retention', { after, limit: RETENTION_PAGE });
    all.push(...links);
    if (links.length < RETENTION_PAGE) return all;
    after = links[links.length - 1]!.id;
  }
}

/**
 * Retention: purges ended conversations of every channel – a link's after its `retention_days`,
 * or `retentionDays` (RETENTION_DAYS) for links without one and for Text Chat API sessions –
 * batch after batch.
 */
export async function purgeEndedConversations(bus: PlatformBus, retentionDays: number): Promise<string> {
  const links = await linkRetention(bus);
  let conversations = 0;
  let messages = 0;
  for (let batch = 0; batch < PURGE_BATCHES_PER_RUN; batch++) {
    const purged = await bus.request('sessions.purge-ended', { olderThanDays: retentionDays, limit: PURGE_BATCH, ...(links.length > 0 ? { links } : {}) });
    conversations += purged.conversations;
    messages += purged.messages;
    if (purged.conversations < PURGE_BATCH) break;
  }
  return `purged ${messages} messages of ${conversations} conversations`;
}
