import type { PlatformBus } from '@parley/bus';
import { AppError, type LinkAccess, type TranscriptRequested, type VisitorLanguage } from '@parley/contracts';
import { visitorMailLanguage, visitorMailWords } from '@parley/contracts/visitor-mails';
import type { Logger } from '@parley/logger';
import { LRUCache } from 'lru-cache';
import type { NoticeMailer } from '../mail/notice-mailer.js';
import { unknownSession } from '../public-sessions/visitor-message.js';
import type { ConversationRepository } from '../store/conversation.repository.js';
import { type TranscriptReader, transcriptHtml, transcriptText } from './text.js';
import type { TranscriptRepository, TranscriptState } from './transcript.repository.js';

/**
 * Transcripts by email (docs/escalation.md "Transcripts by email"): a visitor leaves an address, and
 * when the conversation ends – however it ends – its transcript goes there, and to the tenant's
 * operator address when the link says so. Exactly once across replicas (TranscriptRepository.claim),
 * never for an erased conversation, never with an address in a log line.
 */
export class TranscriptMail {
  /**
   * Links as the ends of their conversations found them, for a few seconds: a link that closes
   * ends all its sessions at once, and their transcripts ask about it once. A changed
   * `transcript_to_tenant` applies within that time.
   */
  private readonly links = new LRUCache<string, { link: LinkAccess | undefined }>({ max: 1_000, ttl: 10_000 });

  constructor(
    private readonly repository: TranscriptRepository,
    private readonly conversations: ConversationRepository,
    private readonly bus: PlatformBus,
    private readonly logger: Logger,
    /** Undefined without mail (SMTP_URL): a visitor's request is refused, and no transcript goes out. */
    private readonly mailer: NoticeMailer | undefined,
  ) {}

  /**
   * A visitor's address for their conversation's transcript: mailed at its end, or now if it has
   * ended, in the language of the page that asked (kept with the address for the end).
   */
  async request(request: { link: LinkAccess; credentialHash: string; email: string; language?: VisitorLanguage | undefined }): Promise<TranscriptRequested> {
    const found = await this.conversations.findByCredential(request.credentialHash);
    if (!found || found.conversation.link_id !== request.link.linkId) throw unknownSession();
    if (!this.mailer)
      throw new AppError('unavailable', 'transcripts cannot be mailed: this platform has no mail set up', { details: { reason: 'mail_unavailable' } });
    const conversationId = found.conversation.id;
    const kept = await this.repository.keepAddress(conversationId, request.email, request.language);
    // Its messages are gone (retention): there is nothing left to send.
    if (!kept) throw new AppError('gone', 'this conversation’s messages are no longer kept', { details: { reason: 'purged' } });
    if (kept.status === 'active') return { email: request.email, at: 'end' };
    if (kept.sentAt === null) await this.atEnd(conversationId);
    // The end's transcript went out (to the tenant) before any address came: this one gets its copy, once.
    else if (kept.kept) await this.sendNow(conversationId, request.email, request.language);
    // Once a visitor's copy went out, no other address gets one: a conversation is never mailed around.
    else if (kept.previous !== request.email) {
      throw new AppError('conflict', 'the transcript of this conversation was mailed already', { details: { reason: 'transcript_sent' } });
    }
    return { email: request.email, at: 'now' };
  }

  /**
   * An ended conversation's transcript, to the visitor's address and the tenant's (as its link
   * says), claimed first so that only one replica sends it. A claim none of whose mails could go
   * is given back and the failure thrown: the end event is delivered again.
   */
  async atEnd(conversationId: string): Promise<void> {
    const state = await this.repository.state(conversationId);
    if (!state || state.status === 'active' || state.transcript_sent_at !== null || !this.mailer) return;
    const link = await this.linkOf(state.link_id);
    const toTenant = link?.transcriptToTenant === true;
    if (state.transcript_email === null && !toTenant) return;
    const claimed = await this.repository.claim(conversationId);
    if (!claimed) return;
    const tenantAddress = toTenant ? await this.operatorAddress(state.tenant_id) : null;
    const mails: { to: string; reader: TranscriptReader }[] = [
      ...(claimed.transcript_email ? [{ to: claimed.transcript_email, reader: 'visitor' as const }] : []),
      ...(tenantAddress ? [{ to: tenantAddress, reader: 'tenant' as const }] : []),
    ];
    if (mails.length === 0) return;
    const sent = await this.send(state, link, mails);
    if (sent === 0) {
      await this.repository.unclaim(conversationId);
      throw new AppError('unavailable', 'no transcript mail could be sent', { details: { reason: 'mail_failed' } });
    }
  }

  /** A copy for an address given after the end's transcript went out, in the language of the page that asked for it. */
  private async sendNow(conversationId: string, email: string, language: VisitorLanguage | undefined): Promise<void> {
    const found = await this.repository.state(conversationId);
    if (!found) return;
    const state = language === undefined ? found : { ...found, visitor_language: language };
    const sent = await this.send(state, await this.linkOf(state.link_id), [{ to: email, reader: 'visitor' }]);
    if (sent === 0) throw new AppError('unavailable', 'the transcript could not be mailed just now; try again', { details: { reason: 'mail_failed' } });
  }

  /**
   * Sends each mail; answers how many went. Failures are logged by conversation, never by address.
   * The visitor's copy is in the language of their page (docs/public-chat-api.md "Visitors'
   * language and look"), the tenant's in English.
   */
  private async send(state: TranscriptState, link: LinkAccess | undefined, mails: { to: string; reader: TranscriptReader }[]): Promise<number> {
    const language = visitorMailLanguage(state.visitor_language);
    const t = visitorMailWords(language);
    const facts = {
      title: link?.title ?? null,
      agent: link?.agentName ?? null,
      startedAt: new Date(state.created_at),
      endedAt: state.ended_at ? new Date(state.ended_at) : null,
      messages: await this.repository.messages(state.id),
    };
    let sent = 0;
    for (const mail of mails) {
      try {
        await this.mailer?.send(
          mail.reader === 'visitor'
            ? {
                to: mail.to,
                subject: t.text('transcript.subject', { agent: facts.agent ?? t.text('transcript.agentFallback') }),
                text: transcriptText(facts, 'visitor', language),
                html: transcriptHtml(facts, language),
                language,
              }
            : { to: mail.to, subject: `Transcript: ${facts.title ?? 'Chat'}`, text: transcriptText(facts, 'tenant') },
        );
        sent += 1;
      } catch (error) {
        this.logger.warn({ err: error, conversationId: state.id, reader: mail.reader }, 'a transcript mail could not be sent');
      }
    }
    this.logger.info({ conversationId: state.id, mails: sent }, 'transcript mailed');
    return sent;
  }

  /** The conversation's link as it is now; undefined for the Text Chat API, or a link since deleted. */
  private async linkOf(linkId: string | null): Promise<LinkAccess | undefined> {
    if (linkId === null) return undefined;
    const known = this.links.get(linkId);
    if (known) return known.link;
    let link: LinkAccess | undefined;
    try {
      link = await this.bus.request('links.links.access', { linkId });
    } catch (error) {
      if (!(error instanceof AppError && error.code === 'not_found')) throw error;
    }
    this.links.set(linkId, { link });
    return link;
  }

  private async operatorAddress(tenantId: string): Promise<string | null> {
    const { tenants } = await this.bus.request('links.tenants.list', { tenantId });
    return tenants[0]?.operator_email ?? null;
  }
}
