import { AppError, PRIVACY_SIGNED_USERS, type PrivacyVisitor } from '@parley/contracts';
import type { Logger } from '@parley/logger';
import { inboxLogKey, type LiveEventLog } from '@parley/stores';
import type { UploadStore } from '@parley/uploads';
import type { TokenBudgets } from '../budgets/token-budgets.js';
import type { ConversationStore, ErasedRow } from '../store/conversation.store.js';
import type { LinkScope, PrivacyRepository } from './privacy.repository.js';

/** A page of a visitor's conversations in a tenant, within a chunk of their personalised links. */
type PageRequest = LinkScope & { tenantId: string; visitor: PrivacyVisitor; after: string | null; limit: number };

/** Conversations erased per statement: a batch holds its row locks briefly. */
const ERASE_BATCH = 50;

/**
 * A visitor's share of the sessions service in export and erasure (docs/management-api.md "Privacy"). Erasure
 * emits no event: analytics keep the counts they have, and nothing is counted down.
 */
export class PrivacyService {
  constructor(
    private readonly repository: PrivacyRepository,
    private readonly store: ConversationStore,
    private readonly logger: Logger,
    private readonly live: LiveEventLog | undefined,
    private readonly uploads?: UploadStore | undefined,
    private readonly budgets?: TokenBudgets | undefined,
  ) {}

  /**
   * The erased conversations' files, by each session's prefix. A file still being stored is not
   * among them yet: its record is refused once the conversation is erased, and the gateway that
   * stored it deletes it then (docs/public-chat-api.md "Uploads").
   */
  private async forgetFiles(rows: ErasedRow[]): Promise<void> {
    if (!this.uploads) return;
    for (const row of rows) await this.uploads.deletePrefix(`${row.tenant_id}/${row.session_id}/`);
  }

  /** The erased conversations' live events (kept in Redis for replay) go too; a failure is only logged: they expire anyway. */
  private async forgetLive(ids: string[]): Promise<void> {
    if (!this.live) return;
    await Promise.all(
      ids.map((id) =>
        this.live!.forget(id).catch((error: unknown) =>
          this.logger.warn({ err: error, conversationId: id }, 'live events of an erased conversation not dropped'),
        ),
      ),
    );
  }

  /** Picks the inbox events (kept for replay) about these conversations. */
  private about(ids: string[]) {
    const wanted = new Set(ids);
    return (event: { data: unknown }) => {
      const data = event.data as { conversation_id?: unknown } | null;
      return typeof data?.conversation_id === 'string' && wanted.has(data.conversation_id);
    };
  }

  conversations(request: PageRequest) {
    return this.repository.conversations(request.tenantId, request.visitor, request, request.after, request.limit).then((conversations) => ({ conversations }));
  }

  async conversationIds(request: PageRequest) {
    return { ids: await this.repository.conversationIds(request.tenantId, request.visitor, request, request.after, request.limit) };
  }

  /** The signed-in users of an email's conversations: their memories go with the email's (docs/management-api.md "Privacy"). */
  async signedUsers(tenantId: string, email: string) {
    return { users: await this.repository.signedUsers(tenantId, email, PRIVACY_SIGNED_USERS) };
  }

  /** What the inbox log holds about the conversations, for the export (none without a live log). */
  async inboxEvents(tenantId: string, conversationIds: string[]) {
    if (!this.live || conversationIds.length === 0) return { events: [] };
    const { events } = await this.live.readAfter(inboxLogKey(tenantId), undefined, 100_000);
    const about = this.about(conversationIds);
    // Presence events are about operators, never about a visitor's conversation.
    return { events: events.filter((event): event is Exclude<typeof event, { event: 'presence' }> => event.event !== 'presence' && about(event)) };
  }

  /**
   * Erases the visitor's conversations batch after batch. Before each batch, the inbox log's events
   * about them go (a failure fails the erasure, so a retry finds the conversations again and does
   * it); after it, their own replay logs, and once more the inbox events an operator's console
   * may have added meanwhile.
   */
  async eraseVisitor(tenantId: string, visitor: PrivacyVisitor, linkIds: string[]) {
    let conversations = 0;
    let messages = 0;
    // The signed-in users of conversations found by an email: what they spent today is theirs too.
    const signedUsers = new Set<string>();
    for (;;) {
      const ids = await this.repository.conversationIds(tenantId, visitor, { linkIds }, null, ERASE_BATCH);
      if (ids.length === 0) break;
      await this.live?.dropWhere(inboxLogKey(tenantId), this.about(ids));
      const batch = await this.store.erase({ tenantId, ids }, ERASE_BATCH);
      conversations += batch.conversations;
      messages += batch.messages;
      for (const row of batch.erased) if (row.user_id) signedUsers.add(row.user_id);
      await this.forgetLive(batch.erased.map((row) => row.id));
      await this.forgetFiles(batch.erased);
      await this.live
        ?.dropWhere(inboxLogKey(tenantId), this.about(ids))
        .catch((error: unknown) => this.logger.warn({ err: error, tenantId }, 'inbox events of erased conversations not dropped'));
      if (ids.length < ERASE_BATCH) break;
    }
    // What the visitor spent today against per-visitor budgets is counted under a hash of their email or user: it goes too.
    await this.budgets?.eraseVisitor(tenantId, visitor);
    if ('email' in visitor) for (const userId of signedUsers) await this.budgets?.eraseVisitor(tenantId, { userId });
    // Never the email in a log line: the tenant and the counts say enough.
    this.logger.info({ tenantId, conversations, messages }, 'visitor erased');
    return { conversations, messages };
  }

  /** The visitor's own conversation, by its link and credential; an unknown one is 401 like every visitor route. */
  async eraseSession(linkId: string, credentialHash: string) {
    const batch = await this.store.erase({ linkId, credentialHash }, 1);
    const erased = batch.erased[0];
    if (!erased) throw new AppError('unauthorized', 'unknown session for this link', { details: { reason: 'unknown_session' } });
    await this.forgetLive([erased.id]);
    await this.forgetFiles([erased]);
    this.logger.info({ conversationId: erased.id, messages: batch.messages }, 'visitor erased their conversation');
    return {
      conversationId: erased.id,
      tenantId: erased.tenant_id,
      agentId: erased.agent_id,
      email: erased.visitor_email,
      userId: erased.user_id,
      userRealm: erased.user_realm,
      messages: batch.messages,
    };
  }
}
