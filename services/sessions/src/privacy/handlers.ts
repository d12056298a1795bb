import { withLogContext } from '@parley/logger';
import { handlers } from '../parts.js';

/** The sessions service's share of a visitor's export and erasure (docs/management-api.md, "Privacy"). */
export const privacyHandlers = handlers({
  /** A page of a visitor's conversations, for their export (docs/management-api.md, "Privacy"). */
  'sessions.privacy.conversations':
    ({ privacy }) =>
    (req) =>
      privacy.conversations(req),
  /** A page of one conversation's messages with the files each carries, for a visitor's export (docs/management-api.md, "Privacy"). */
  'sessions.privacy.messages':
    ({ privacyRepository, uploads }) =>
    async (req) => {
      const messages = await privacyRepository.messages(req.tenantId, req.conversationId, req.after, req.limit);
      const attachments = await uploads.ofMessages(messages.filter((m) => m.role === 'user').map((m) => m.id));
      return { messages: messages.map((m) => (attachments.has(m.id) ? { ...m, attachments: attachments.get(m.id) } : m)) };
    },
  /** A page of one conversation's workflow transitions, for a visitor's export (docs/management-api.md, "Privacy"). */
  'sessions.privacy.transitions':
    ({ privacyRepository }) =>
    async (req) => ({
      transitions: await privacyRepository.transitions(req.tenantId, req.conversationId, req.after, req.limit),
    }),
  /** A page of one conversation's turn traces, for a visitor's export (docs/management-api.md, "Privacy"). */
  'sessions.privacy.traces':
    ({ privacyRepository }) =>
    async (req) => ({
      traces: await privacyRepository.traces(req.tenantId, req.conversationId, req.after, req.limit),
    }),
  /** Erases a visitor's conversations in a tenant (docs/management-api.md, "Privacy"). */
  'sessions.privacy.erase-visitor':
    ({ privacy }) =>
    (req) =>
      privacy.eraseVisitor(req.tenantId, req.visitor, req.linkIds),
  /** A page of the ids of a visitor's conversations (docs/management-api.md, "Privacy"). */
  'sessions.privacy.conversation-ids':
    ({ privacy }) =>
    (req) =>
      privacy.conversationIds(req),
  /** The signed-in users of an email's conversations, whose memories its export and erasure take along (docs/management-api.md, "Privacy"). */
  'sessions.privacy.signed-users':
    ({ privacy }) =>
    (req) =>
      privacy.signedUsers(req.tenantId, req.email),
  /** The operators' inbox events about a visitor's conversations, for their export (docs/management-api.md, "Privacy"). */
  'sessions.privacy.inbox-events':
    ({ privacy }) =>
    (req) =>
      privacy.inboxEvents(req.tenantId, req.conversationIds),
  /** A visitor erases their own conversation (docs/management-api.md, "Privacy"). */
  'sessions.privacy.erase-session':
    ({ privacy }) =>
    (req) =>
      withLogContext({ linkId: req.linkId }, () => privacy.eraseSession(req.linkId, req.credentialHash)),
});
