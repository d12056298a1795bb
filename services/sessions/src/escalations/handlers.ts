import { withLogContext } from '@parley/logger';
import { handlers } from '../parts.js';

/** Conversations handed to a person, and the operators' inbox: acting on escalations, presence, transfers, offline messages. */
export const escalationHandlers = handlers({
  /** Hands a conversation to a person. */
  'sessions.escalations.create':
    ({ escalations }) =>
    (req) =>
      escalations.create(req),
  /** A conversation's escalations, newest first. */
  'sessions.escalations.list':
    ({ escalations }) =>
    (req) =>
      escalations.list(req.target),
  /** The tenant's inbox. */
  'sessions.inbox.list':
    ({ escalations }) =>
    (req) =>
      escalations.inbox(req),
  /** An operator claims, releases or closes an escalation, or says they are typing. */
  'sessions.inbox.act':
    ({ escalations }) =>
    (req) =>
      withLogContext({ escalationId: req.escalationId }, () => escalations.act(req)),
  /**
   * An operator's message to the visitor of a conversation they claimed; when the visitor left a
   * message and an email while nobody was there, the answer is mailed to them too (offline-capture.ts).
   */
  'sessions.inbox.reply':
    ({ escalations, offlineCapture }) =>
    (req) =>
      withLogContext({ escalationId: req.escalationId }, async () => {
        const sent = await escalations.reply(req);
        await offlineCapture.answered(req);
        return sent;
      }),
  /** An operator's internal note on a conversation they may see: operators only, never the visitor. */
  'sessions.inbox.note':
    ({ annotations }) =>
    (req) =>
      withLogContext({ escalationId: req.escalationId }, () => annotations.note(req)),
  /** An operator hands the conversation they have to a colleague or a team's queue. */
  'sessions.inbox.transfer':
    ({ escalations }) =>
    (req) =>
      withLogContext({ escalationId: req.escalationId }, () => escalations.transfer(req)),
  /** An operator's presence changed: the inbox is told, and the queue placed. */
  'sessions.inbox.presence-changed':
    ({ escalations }) =>
    async (req) => {
      await escalations.presenceChanged(req);
      return {};
    },
  /** The tenant's operators with their presence and open load. */
  'sessions.inbox.presence':
    ({ escalations }) =>
    (req) =>
      escalations.presence(req.tenantId),
  /** The teams whose escalations an operator's inbox stream passes on besides the tenant's queue and their own. */
  'sessions.inbox.sight':
    ({ escalations }) =>
    (req) =>
      escalations.sight(req.tenantId, req.memberId),
  /** Operators' and teams' work over a period, for analytics. */
  'sessions.operator-activity':
    ({ operators }) =>
    (req) =>
      operators.activity({ tenantId: req.tenantId, from: new Date(req.from), to: new Date(req.to), agentId: req.agentId, linkId: req.linkId }),
  /** A visitor is typing: the operators of an escalated conversation see it. */
  'sessions.visitor-typing':
    ({ escalations }) =>
    (req) =>
      escalations.visitorTyping(req),
  /** A visitor's message left with their email while nobody can answer: it opens in the inbox. */
  'sessions.offline-message':
    ({ offlineCapture }) =>
    (req) =>
      withLogContext({ linkId: req.link.linkId }, () => offlineCapture.leave(req)),
});
