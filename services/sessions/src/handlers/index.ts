import sessionsAbandonIdle from './sessions.abandon-idle.js';
import sessionsActiveLinks from './sessions.active-links.js';
import sessionsConversationsGet from './sessions.conversations.get.js';
import sessionsCreate from './sessions.create.js';
import sessionsEnd from './sessions.end.js';
import sessionsEndForLinks from './sessions.end-for-links.js';
import sessionsEndLinkSession from './sessions.end-link-session.js';
import sessionsEscalationsCreate from './sessions.escalations.create.js';
import sessionsEscalationsList from './sessions.escalations.list.js';
import sessionsFeedbackMessage from './sessions.feedback.message.js';
import sessionsFeedbackRate from './sessions.feedback.rate.js';
import sessionsInboxAct from './sessions.inbox.act.js';
import sessionsInboxList from './sessions.inbox.list.js';
import sessionsInboxReply from './sessions.inbox.reply.js';
import sessionsInboxTransfer from './sessions.inbox.transfer.js';
import sessionsInboxPresenceChanged from './sessions.inbox.presence-changed.js';
import sessionsInboxPresence from './sessions.inbox.presence.js';
import sessionsInboxSight from './sessions.inbox.sight.js';
import sessionsTeamsList from './sessions.teams.list.js';
import sessionsTeamsGet from './sessions.teams.get.js';
import sessionsTeamsCreate from './sessions.teams.create.js';
import sessionsTeamsUpdate from './sessions.teams.update.js';
import sessionsTeamsDelete from './sessions.teams.delete.js';
import sessionsOperatorActivity from './sessions.operator-activity.js';
import sessionsLinkSessions from './sessions.link-sessions.js';
import sessionsLinkUsage from './sessions.link-usage.js';
import sessionsMessages from './sessions.messages.js';
import sessionsOfflineMessage from './sessions.offline-message.js';
import sessionsPrivacyConversationIds from './sessions.privacy.conversation-ids.js';
import sessionsPrivacyConversations from './sessions.privacy.conversations.js';
import sessionsPrivacyEraseSession from './sessions.privacy.erase-session.js';
import sessionsPrivacyEraseVisitor from './sessions.privacy.erase-visitor.js';
import sessionsPrivacyInboxEvents from './sessions.privacy.inbox-events.js';
import sessionsPrivacyMessages from './sessions.privacy.messages.js';
import sessionsPrivacySignedUsers from './sessions.privacy.signed-users.js';
import sessionsPrivacyTransitions from './sessions.privacy.transitions.js';
import sessionsPublicConversations from './sessions.public-conversations.js';
import sessionsPublicHistory from './sessions.public-history.js';
import sessionsPublicResume from './sessions.public-resume.js';
import sessionsPublicSend from './sessions.public-send.js';
import sessionsPublicSession from './sessions.public-session.js';
import sessionsPublicStart from './sessions.public-start.js';
import sessionsPurgeEnded from './sessions.purge-ended.js';
import sessionsResolutionsSweep from './sessions.resolutions.sweep.js';
import sessionsSend from './sessions.send.js';
import sessionsStatus from './sessions.status.js';
import sessionsTenant from './sessions.tenant.js';
import sessionsTranscript from './sessions.transcript.js';
import sessionsTranscriptRequest from './sessions.transcript-request.js';
import sessionsTranscriptsPage from './sessions.transcripts.page.js';
import sessionsUploadsAdmit from './sessions.uploads.admit.js';
import sessionsUploadsGet from './sessions.uploads.get.js';
import sessionsUploadsRecord from './sessions.uploads.record.js';
import sessionsUploadsSweep from './sessions.uploads.sweep.js';
import sessionsUserConversations from './sessions.user-conversations.js';
import sessionsVisitorTyping from './sessions.visitor-typing.js';

/** Every subject of the sessions catalog (libs/contracts/src/catalog/sessions.ts), one file each. */
export const sessionsHandlers = [
  sessionsPublicSend,
  sessionsPublicStart,
  sessionsPublicSession,
  sessionsPublicHistory,
  sessionsPublicConversations,
  sessionsPublicResume,
  sessionsFeedbackMessage,
  sessionsFeedbackRate,
  sessionsUserConversations,
  sessionsMessages,
  sessionsTranscriptsPage,
  sessionsTranscript,
  sessionsCreate,
  sessionsSend,
  sessionsLinkUsage,
  sessionsLinkSessions,
  sessionsEndLinkSession,
  sessionsTenant,
  sessionsStatus,
  sessionsEnd,
  sessionsAbandonIdle,
  sessionsActiveLinks,
  sessionsEndForLinks,
  sessionsPurgeEnded,
  sessionsResolutionsSweep,
  sessionsEscalationsCreate,
  sessionsEscalationsList,
  sessionsInboxList,
  sessionsInboxAct,
  sessionsInboxReply,
  sessionsInboxTransfer,
  sessionsInboxPresenceChanged,
  sessionsInboxPresence,
  sessionsInboxSight,
  sessionsTeamsList,
  sessionsTeamsGet,
  sessionsTeamsCreate,
  sessionsTeamsUpdate,
  sessionsTeamsDelete,
  sessionsOperatorActivity,
  sessionsConversationsGet,
  sessionsVisitorTyping,
  sessionsOfflineMessage,
  sessionsTranscriptRequest,
  sessionsPrivacyConversations,
  sessionsPrivacyMessages,
  sessionsPrivacyTransitions,
  sessionsPrivacyEraseVisitor,
  sessionsPrivacyConversationIds,
  sessionsPrivacyInboxEvents,
  sessionsPrivacySignedUsers,
  sessionsPrivacyEraseSession,
  sessionsUploadsAdmit,
  sessionsUploadsRecord,
  sessionsUploadsSweep,
  sessionsUploadsGet,
];
