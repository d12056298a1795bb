import { AppError } from '@parley/contracts';
import type { Logger } from '@parley/logger';
import type { LiveEventLog } from '@parley/stores';
import type { PrivacyRepository } from './privacy.repository.js';

/** Conversations erased per statement: a batch holds its row locks briefly. */
const ERASE_BATCH = 50;

/**
 * A visitor's share of the sessions service in export and erasure (API.md "Privacy"). Erasure
 * emits no event: analytics keep the counts they have, and nothing is counted down.
 */
export class PrivacyService {
  constructor(
    private readonly repository: PrivacyRepository,
    private readonly logger: Logger,
    private readonly live: LiveEventLog | undefined,
  ) {}

  /** The erased conversations' live events (kept in Redis for replay) go too; a failure is only logged: they expire anyway. */
  private async forgetLive(ids: string[]): Promise<void> {
    if (!this.live) return;
    await Promise.all(
      ids.map((id) => this.live!.forget(id).catch((error: unknown) => this.logger.warn({ err: error, conversationId: id }, 'live events of an erased conversation not dropped'))),
    );
  }

  conversations(request: { tenantId: string; email: string; after: string | null; limit: number }) {
    return this.repository.conversations(request.tenantId, request.email, request.after, request.limit).then((conversations) => ({ conversations }));
  }

  async eraseVisitor(tenantId: string, email: string) {
    const emails = [...new Set([email.toLowerCase(), email])];
    let conversations = 0;
    let messages = 0;
    for (;;) {
      const batch = await this.repository.eraseBatch({ tenantId, emails }, ERASE_BATCH);
      conversations += batch.conversations;
      messages += batch.messages;
      await this.forgetLive(batch.erased.map((row) => row.id));
      if (batch.conversations < ERASE_BATCH) break;
    }
    // Never the email in a log line: the tenant and the counts say enough.
    this.logger.info({ tenantId, conversations, messages }, 'visitor erased');
    return { conversations, messages };
  }

  /** The visitor's own conversation, by its link and credential; an unknown one is 401 like every visitor route. */
  async eraseSession(linkId: string, credentialHash: string) {
    const batch = await this.repository.eraseBatch({ linkId, credentialHash }, 1);
    const erased = batch.erased[0];
    if (!erased) throw new AppError('unauthorized', 'unknown session for this link', { details: { reason: 'unknown_session' } });
    await this.forgetLive([erased.id]);
    this.logger.info({ conversationId: erased.id, messages: batch.messages }, 'visitor erased their conversation');
    return {
      conversationId: erased.id,
      tenantId: erased.tenant_id,
      agentId: erased.agent_id,
      email: erased.visitor_email,
      userId: erased.user_id,
      messages: batch.messages,
    };
  }
}
