import type { PlatformBus } from '@parley/bus';
import type { MessageNotice } from '@parley/contracts';
import { timeOrderedUuid } from '@parley/db';
import type { Logger } from '@parley/logger';
import type { OperatorPresence } from '@parley/stores';
import type { NoticeMailer } from '../mail/notice-mailer.js';
import { waitingMail } from '../mail/visitor-mails.js';
import type { Announcer } from '../store/announcer.js';
import type { ConversationRepository } from '../store/conversation.repository.js';
import type { ConversationStore } from '../store/conversation.store.js';
import type { EscalationRepository, EscalationRow } from './escalation.repository.js';
import { inboxScopeOf } from './inbox-operator.js';

export interface NotifierOptions {
  /** A waiting escalation older than this is noticed even with operators online. */
  notifyAfterSeconds: number;
  /** The console's origin, for the inbox address in operators' mails. */
  consoleBaseUrl?: string | undefined;
  /** What time it is: how long an escalation has waited (a test's clock; default the system's). */
  clock?: () => Date;
}

/** What the visitor is told when nobody can take their conversation now. */
export const LATER_NOTICE = 'Nobody is available right now. A person will answer here as soon as they can.';
/**
 * What the visitor is told when someone has the inbox open (a member or a key) but the escalation
 * has waited long: they are there, only busy – "nobody is available" would contradict the
 * visitor's place in line.
 */
export const BUSY_NOTICE = 'Everyone is busy right now. You keep your place in line, and a person will answer here as soon as they can.';
const LATER_BY_MAIL = ' We will also tell you by email.';

/** The code of each notice, which the pages show in the visitor's language (docs/public-chat-api.md "Notices"). */
function noticeOf(present: boolean, byMail: boolean): MessageNotice {
  if (present) return byMail ? 'everyone_busy_email' : 'everyone_busy';
  return byMail ? 'nobody_available_email' : 'nobody_available';
}

/**
 * Nobody there: an escalation that waits while no operator of its tenant has the inbox open, or
 * waits past ESCALATION_NOTIFY_AFTER_SECONDS, is noticed once – exactly once across replicas,
 * by a conditional update. The tenant's operator address gets a mail; the visitor is told in the
 * conversation that a person will answer later, and by mail when their email is verified.
 */
export class EscalationNotifier {
  constructor(
    private readonly escalations: EscalationRepository,
    private readonly conversations: ConversationRepository,
    private readonly store: ConversationStore,
    private readonly announcer: Announcer,
    private readonly bus: PlatformBus,
    private readonly logger: Logger,
    private readonly presence: OperatorPresence | undefined,
    private readonly mailer: NoticeMailer | undefined,
    private readonly options: NotifierOptions,
  ) {}

  /** One pass; answers how many escalations this replica noticed. */
  async runOnce(): Promise<number> {
    const tenants = await this.escalations.tenantsWaiting();
    if (tenants.length === 0) return 0;
    const nobody: string[] = [];
    for (const tenantId of tenants) if ((await this.operatorsOnline(tenantId)) === 0) nobody.push(tenantId);
    const waitedSince = new Date(this.now().getTime() - this.options.notifyAfterSeconds * 1_000);
    const due = await this.escalations.dueForNotice(waitedSince, nobody, 100);
    const mine = await this.escalations.markNotified(due.map((e) => e.id));
    for (const escalation of mine) {
      await this.notice(escalation, !nobody.includes(escalation.tenant_id)).catch((error: unknown) =>
        this.logger.warn({ err: error, escalationId: escalation.id }, 'could not send an escalation notice'),
      );
    }
    return mine.length;
  }

  /** Runs a pass every `intervalMs` until stopped; a failed pass is logged and the next one tries again. */
  start(intervalMs: number): { stop(): void } {
    let running = false;
    const timer = setInterval(() => {
      if (running) return;
      running = true;
      this.runOnce()
        .catch((error: unknown) => this.logger.warn({ err: error }, 'escalation notice pass failed'))
        .finally(() => {
          running = false;
        });
    }, intervalMs);
    timer.unref();
    return { stop: () => clearInterval(timer) };
  }

  private now(): Date {
    return this.options.clock?.() ?? new Date();
  }

  private async operatorsOnline(tenantId: string): Promise<number> {
    if (!this.presence) return 0;
    // Presence unknown (Redis away): assume someone is there rather than mail on every pass.
    return this.presence.count(tenantId).catch(() => 1);
  }

  /** `present`: someone of the tenant has the inbox open, so the escalation is noticed for its wait, not for an empty inbox. */
  private async notice(escalation: EscalationRow, present: boolean): Promise<void> {
    const conversation = await this.conversations.findById(escalation.conversation_id);
    if (!conversation) return;
    const visitorMail = conversation.visitor_email;
    const said = present ? BUSY_NOTICE : LATER_NOTICE;
    const text = visitorMail ? said + LATER_BY_MAIL : said;
    const notice = noticeOf(present, Boolean(visitorMail));
    const messageId = timeOrderedUuid();
    if (await this.store.addSystemMessage(conversation.id, messageId, text, notice)) {
      const message = { id: messageId, role: 'system' as const, content: text, notice };
      await this.announcer.toConversation(conversation, { event: 'message', data: message });
      await this.announcer.toInbox(conversation.tenant_id, {
        event: 'message',
        data: { ...inboxScopeOf(escalation), ...message, escalation_id: escalation.id, conversation_id: conversation.id, created_at: new Date().toISOString() },
      });
    }
    if (!this.mailer) {
      this.logger.warn({ escalationId: escalation.id }, 'an escalation waits with nobody there, and no mail is configured (SMTP_URL) to tell anyone');
      return;
    }
    const { tenants } = await this.bus.request('links.tenants.list', { tenantId: escalation.tenant_id });
    const operatorEmail = tenants[0]?.operator_email;
    const waited = Math.max(1, Math.round((this.now().getTime() - new Date(escalation.created_at).getTime()) / 60_000));
    if (operatorEmail) {
      const inbox = this.options.consoleBaseUrl ? `${this.options.consoleBaseUrl}/console/inbox/${escalation.id}` : 'the console’s inbox';
      await this.mailer.send({
        to: operatorEmail,
        subject: `A conversation is waiting for a person: ${escalation.reason}`,
        text: [
          present
            ? `A conversation has been waiting for a person for ${waited} min, and nobody has claimed it yet.`
            : `A conversation has been waiting for a person for ${waited} min, and no operator has the inbox open.`,
          '',
          `Reason: ${escalation.reason}`,
          `Channel: ${conversation.channel === 'link' ? 'public link' : 'Text Chat API'}`,
          '',
          `Answer it from ${inbox}.`,
        ].join('\n'),
      });
    }
    // In the language of the page the conversation was started from (docs/public-chat-api.md "Visitors' language and look").
    if (visitorMail) await this.mailer.send(waitingMail(visitorMail, await this.conversations.visitorLanguage(conversation.id), present));
  }
}
