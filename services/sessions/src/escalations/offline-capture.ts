import type { PlatformBus } from '@parley/bus';
import { AppError, type LinkAccess, type OfflineMessageLeft, type VisitorLanguage } from '@parley/contracts';
import { timeOrderedUuid } from '@parley/db';
import type { Logger } from '@parley/logger';
import type { NoticeMailer } from '../mail/notice-mailer.js';
import { answerMail } from '../mail/visitor-mails.js';
import { admitVisitor, unknownSession } from '../public-sessions/visitor-message.js';
import type { Announcer } from '../store/announcer.js';
import type { ConversationRepository } from '../store/conversation.repository.js';
import type { ConversationStore } from '../store/conversation.store.js';
import type { TurnEngine } from '../turns/engine.js';
import type { EscalationRepository } from './escalation.repository.js';
import type { EscalationService } from './escalation.service.js';
import { newEscalationId } from './escalation-id.js';
import type { Operator } from './inbox-operator.js';

/** The reason of an escalation a message left offline opens. */
export const OFFLINE_REASON = 'offline message';
/** A message is left once, however often the visitor's read of the conversation goes stale meanwhile. */
const MAX_ATTEMPTS = 5;

/**
 * A visitor's message for later (docs/escalation.md "Leaving a message"): nobody can answer now, so the
 * visitor leaves a message and their email. The message is stored in their conversation, which
 * opens in the inbox marked `offline`; each answer an operator gives it is stored as usual and
 * mailed to the visitor too. The address is kept on the escalation only, and never logged.
 */
export class OfflineCapture {
  constructor(
    private readonly deps: {
      store: ConversationStore;
      conversations: ConversationRepository;
      escalations: EscalationService;
      escalationRepository: EscalationRepository;
      announcer: Announcer;
      /** Ends an idle session, and applies the content rules of a message that runs no turn. */
      engine: TurnEngine;
      bus: PlatformBus;
      logger: Logger;
      /** Undefined without mail: messages are still left, and answered in the chat only. */
      mailer: NoticeMailer | undefined;
    },
  ) {}

  async leave(request: {
    link: LinkAccess;
    credentialHash: string;
    email: string;
    content: string;
    /** The language of the page: the answers are mailed in it (docs/public-chat-api.md "Visitors' language and look"). */
    language?: VisitorLanguage | undefined;
  }): Promise<OfflineMessageLeft> {
    const { store, conversations, escalations, announcer } = this.deps;
    const { link } = request;
    let content: string | undefined;
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const found = await conversations.findByCredential(request.credentialHash);
      if (!found) throw unknownSession();
      // The link's rules as for any message: its quota, its idle timeout, an ended conversation.
      const admission = admitVisitor({ link }, found);
      const conversation = found.conversation;
      if (admission && 'idle' in admission) {
        const abandoned = await store.abandon(conversation.id, conversation.state_version);
        if (abandoned) await this.deps.engine.ended(abandoned, 'abandoned', 'timeout');
        throw admission.idle;
      }
      // The link's content rules, once, as for a message to a person.
      content ??= await this.deps.engine.screen(request.content, {
        tenantId: conversation.tenant_id,
        linkId: conversation.link_id,
        agentId: conversation.agent_id,
        version: conversation.agent_version,
        own: link.contentRules,
      });
      const messageId = timeOrderedUuid();
      const left = await store.leaveOfflineMessage(conversation, {
        messageId,
        content,
        email: request.email,
        escalationId: newEscalationId(),
        reason: OFFLINE_REASON,
      });
      // The conversation moved on since it was read (a message, an escalation finishing): read it again.
      if (!left) continue;
      if (request.language !== undefined) await store.keepVisitorLanguage(left.conversation.id, request.language);
      await announcer.stored(left.conversation, [{ id: messageId, role: 'user', content }]);
      let summary = left.opened ? await escalations.opened(left.escalation, left.conversation) : await escalations.summary(left.conversation);
      summary ??= { id: left.escalation.id, state: left.escalation.state, position: null, estimated_wait_seconds: null };
      if (!left.opened) {
        // Operators see the conversation they already had marked `offline` now.
        const item = await escalations.itemOf(left.escalation, left.conversation, summary.position);
        await announcer.toInbox(left.conversation.tenant_id, { event: 'escalation', data: item });
      }
      await escalations.visitorMessage(left.conversation, { id: messageId, content, createdAt: left.createdAt });
      this.deps.logger.info({ conversationId: left.conversation.id, escalationId: left.escalation.id, opened: left.opened }, 'message left for later');
      return { message_id: messageId, created_at: new Date(left.createdAt).toISOString(), escalation: summary };
    }
    throw new AppError('conflict', 'the conversation is busy with other messages; retry');
  }

  /**
   * After an operator's answer is stored (the inbox's reply): when its visitor left an address,
   * the answer goes there too – once per answer, as each answer is stored once – in the language of
   * the page they left it from. A mail that cannot be sent is logged (never the address); the
   * answer stays in the conversation.
   */
  async answered(request: { tenantId: string; escalationId: string; operator: Operator; content: string }): Promise<void> {
    const { escalationRepository, mailer, logger } = this.deps;
    const escalation = await escalationRepository.find(request.tenantId, request.escalationId);
    if (!escalation?.offline_email) return;
    if (!mailer) {
      logger.warn({ escalationId: escalation.id }, 'an answer to a message left offline could not be mailed: no mail is configured (SMTP_URL)');
      return;
    }
    try {
      const { tenants } = await this.deps.bus.request('links.tenants.list', { tenantId: request.tenantId });
      const language = await this.deps.conversations.visitorLanguage(escalation.conversation_id);
      await mailer.send(
        answerMail(escalation.offline_email, language, { operator: request.operator.name, tenant: tenants[0]?.name, content: request.content }),
      );
      logger.info({ escalationId: escalation.id }, 'answer mailed to the visitor who left a message');
    } catch (error) {
      logger.warn({ err: error, escalationId: escalation.id }, 'an answer to a message left offline could not be mailed');
    }
  }
}
