import { analyticsAnswer } from './analytics.js';
import * as examples from './api-examples.js';
import { nameApiSchema as named } from './api-schemas.js';
import { auditActor, auditEntry, auditList, auditVerification } from './audit.js';
import { chatSecretCreated, chatSecretList, chatSecretSummary, createChatSecretBody } from './chat-secrets.js';
import {
  bulkCreateBody,
  bulkCreated,
  bulkDeleteBody,
  bulkDeleted,
  bulkUpdateBody,
  bulkUpdated,
  createScheduleBody,
  createTemplateBody,
  failedDelivery,
  linkTemplate,
  linkTemplateList,
  recipient,
  rotateBody,
  rotatedLink,
  schedule,
  scheduleList,
  scheduleRun,
  scheduleRunError,
  scheduleRunList,
  updateScheduleBody,
  updateTemplateBody,
} from './distribution.js';
import {
  conversationDetail,
  conversationLabelsAnswer,
  conversationLabelsBody,
  conversationNote,
  conversationSearchList,
  conversationSummary,
  conversationVisitor,
  escalateBody,
  escalationList,
  inboxItem,
  inboxItemAnswer,
  inboxList,
  inboxTransfer,
  noteBody,
  operatorMessageSent,
  publicEscalateBody,
} from './escalations.js';
import {
  agentSettings,
  agentTest,
  agentTestBody,
  agentTestCreated,
  agentTestList,
  fromConversationBody,
  testRun,
  testRunList,
  testRunSummary,
  updateAgentBody,
} from './evaluations.js';
import { conversationRatingBody, messageFeedbackBody } from './feedback.js';
import {
  addKnowledgeDocumentBody,
  citation,
  createKnowledgeBaseBody,
  knowledgeBase,
  knowledgeBaseList,
  knowledgeDocument,
  knowledgeDocumentList,
  knowledgePassage,
  knowledgeSearchResults,
  updateKnowledgeBaseBody,
} from './knowledge.js';
import { knowledgeGap, knowledgeGapList } from './knowledge-answers.js';
import { linkSession, linkSessionList } from './link-sessions.js';
import {
  activatedVersion,
  agentDetail,
  agentList,
  agentSummary,
  agentVersionDetail,
  apiKeyCreated,
  apiKeyList,
  apiKeySummary,
  createAgentBody,
  createApiKeyBody,
  createKeyBody,
  createTenantBody,
  createVersionBody,
  setActiveVersionBody,
  tenantKeyResponse,
  tenantList,
  tenantResponse,
  updateTenantBody,
  versionResponse,
} from './management.js';
import { createMemberBody, member, memberList, meResponse, updateMemberBody } from './members.js';
import {
  cannedReply,
  cannedReplyList,
  createCannedReplyBody,
  createTeamBody,
  escalationCreatedWithOffline,
  offlineMessageBody,
  offlineMessageLeft,
  offlineNotice,
  operatorPresenceList,
  presenceBody,
  team,
  teamHours,
  teamList,
  transcriptRequestBody,
  transcriptRequested,
  transferBody,
  updateCannedReplyBody,
  updateTeamBody,
} from './operators.js';
import { erasureResult, phoneErasureResult } from './privacy.js';
import {
  contentRules,
  createdPublicLink,
  createLinkBody,
  linkBudget,
  linkChangesBody,
  linkDeliveryList,
  linkDeliveryView,
  linkSettingsInput,
  linkTheme,
  linkUsage,
  proofOfWorkChallenge,
  publicChatBody,
  publicChatResponse,
  publicHistoryResponse,
  publicLink,
  publicLinkInfo,
  publicLinkListWithUsage,
  publicMessage,
  publicSessionStarted,
  sendChannel,
  sendSpec,
  splitArm,
  templateSettings,
  updateLinkBody,
  uploadSettings,
  uploadSettingsView,
  verificationSent,
  verifyConfirmBody,
  verifyStartBody,
} from './public-links.js';
import { createTenantSecretBody, tenantSecretCreated, tenantSecretList, tenantSecretSummary, updateTenantSecretBody } from './tenant-secrets.js';
import {
  createSessionBody,
  createSessionResponse,
  endSessionResponse,
  sendMessageBody,
  sendMessageResponse,
  sessionStatusResponse,
  transitionInfo,
} from './text-chat.js';
import { agentToolList, toolCallReport } from './tool-calls.js';
import { conversationTrace } from './turn-traces.js';
import { attachment, uploadCreated } from './uploads.js';
import {
  identitySecret,
  resumeBody,
  resumedSession,
  userConversation,
  userConversationList,
  visitorConversation,
  visitorConversationList,
  visitorUser,
} from './user-conversations.js';
import { visitorContext } from './visitor-context.js';
import { createdWebhook, createWebhookBody, webhook, webhookAttempt, webhookDeliveries, webhookList } from './webhooks.js';

/**
 * The names of the API's schemas in the OpenAPI document (docs/api.md, "OpenAPI document and
 * reference page"): every request body and answer, and what they hold that a client works with on
 * its own (a link, an agent, an inbox item). A request body is `…Request`; an answer is named for
 * what it is. A schema left out here stays inline where it is used.
 */

// The Text Chat API.
named(createSessionBody, 'CreateSessionRequest', examples.createSessionExample);
named(createSessionResponse, 'CreateSessionResponse', examples.createSessionResponseExample);
named(sendMessageBody, 'SendMessageRequest', examples.sendMessageExample);
named(sendMessageResponse, 'SendMessageResponse', examples.sendMessageResponseExample);
named(sessionStatusResponse, 'SessionStatusResponse', examples.sessionStatusExample);
named(endSessionResponse, 'EndSessionResponse');
named(transitionInfo, 'Transition');
named(toolCallReport, 'ToolCallReport');
named(citation, 'Citation');
named(userConversationList, 'UserConversationList');
named(userConversation, 'UserConversation');

// Tenants, keys, members and secrets.
named(createTenantBody, 'CreateTenantRequest');
named(updateTenantBody, 'UpdateTenantRequest');
named(tenantResponse, 'Tenant', examples.tenantExample);
named(tenantList, 'TenantList');
named(createKeyBody, 'CreateTenantKeyRequest');
named(tenantKeyResponse, 'TenantKeyCreated');
named(createApiKeyBody, 'CreateApiKeyRequest');
named(apiKeyCreated, 'ApiKeyCreated');
named(apiKeySummary, 'ApiKey', examples.apiKeyExample);
named(apiKeyList, 'ApiKeyList');
named(meResponse, 'Me');
named(createMemberBody, 'CreateMemberRequest');
named(updateMemberBody, 'UpdateMemberRequest');
named(member, 'Member', examples.memberExample);
named(memberList, 'MemberList');
named(createChatSecretBody, 'CreateChatSecretRequest');
named(chatSecretCreated, 'ChatSecretCreated');
named(chatSecretSummary, 'ChatSecret');
named(chatSecretList, 'ChatSecretList');
named(createTenantSecretBody, 'CreateTenantSecretRequest', examples.createTenantSecretExample);
named(updateTenantSecretBody, 'UpdateTenantSecretRequest');
named(tenantSecretCreated, 'TenantSecretCreated');
named(tenantSecretSummary, 'TenantSecret', examples.tenantSecretExample);
named(tenantSecretList, 'TenantSecretList');

// Agents, their versions, tests and tools.
named(createAgentBody, 'CreateAgentRequest', examples.createAgentExample);
named(updateAgentBody, 'UpdateAgentRequest');
named(agentSummary, 'Agent', examples.agentExample);
named(agentList, 'AgentList');
named(agentDetail, 'AgentDetail', examples.agentDetailExample);
named(agentDetail.shape.versions.element, 'AgentVersionSummary');
named(agentSettings, 'AgentSettings');
named(createVersionBody, 'CreateVersionRequest', examples.createVersionExample);
named(versionResponse, 'AgentVersionCreated');
named(agentVersionDetail, 'AgentVersion', examples.agentVersionExample);
named(setActiveVersionBody, 'SetActiveVersionRequest');
named(activatedVersion, 'ActivatedVersion');
named(agentToolList, 'AgentToolList');
named(agentTestBody, 'AgentTestRequest');
named(fromConversationBody, 'AgentTestFromConversationRequest');
named(agentTestCreated, 'AgentTestCreated');
named(agentTest, 'AgentTest');
named(agentTestList, 'AgentTestList');
named(testRun, 'TestRun');
named(testRunSummary, 'TestRunSummary');
named(testRunList, 'TestRunList');

// Public links, their settings, templates, deliveries and sessions.
named(createLinkBody, 'CreateLinkRequest', examples.createLinkExample);
named(updateLinkBody, 'UpdateLinkRequest');
named(publicLink, 'Link', examples.linkExample);
named(createdPublicLink, 'CreatedLink', examples.createdLinkExample);
named(publicLinkListWithUsage, 'LinkList');
named(publicLinkListWithUsage.shape.links.element, 'LinkWithUsage', examples.linkWithUsageExample);
named(linkUsage, 'LinkUsage');
named(linkTheme, 'LinkTheme');
named(uploadSettings, 'UploadSettings');
named(uploadSettingsView, 'LinkUploads');
named(contentRules, 'ContentRules');
named(linkBudget, 'LinkBudget');
named(splitArm, 'SplitArm');
named(sendSpec, 'SendSpec');
named(sendChannel, 'SendChannel');
named(linkSettingsInput, 'LinkSettings');
named(linkChangesBody, 'LinkChanges');
named(linkDeliveryView, 'LinkDelivery', examples.linkDeliveryExample);
named(linkDeliveryList, 'LinkDeliveryList');
named(identitySecret, 'IdentitySecret');
named(linkSession, 'LinkSession');
named(linkSessionList, 'LinkSessionList');
named(templateSettings, 'TemplateSettings');
named(createTemplateBody, 'CreateLinkTemplateRequest');
named(updateTemplateBody, 'UpdateLinkTemplateRequest');
named(linkTemplate, 'LinkTemplate');
named(linkTemplateList, 'LinkTemplateList');
named(recipient, 'Recipient');
named(bulkCreateBody, 'BulkCreateLinksRequest');
named(bulkCreated, 'BulkCreatedLinks');
named(failedDelivery, 'FailedDelivery');
named(bulkUpdateBody, 'BulkUpdateLinksRequest');
named(bulkUpdated, 'BulkUpdatedLinks');
named(bulkDeleteBody, 'BulkDeleteLinksRequest');
named(bulkDeleted, 'BulkDeletedLinks');
named(rotateBody, 'RotateLinkRequest');
named(rotatedLink, 'RotatedLink');

// Schedules.
named(createScheduleBody, 'CreateScheduleRequest', examples.createScheduleExample);
named(updateScheduleBody, 'UpdateScheduleRequest');
named(schedule, 'Schedule', examples.scheduleExample);
named(scheduleList, 'ScheduleList');
named(scheduleRun, 'ScheduleRun', examples.scheduleRunExample);
named(scheduleRunError, 'ScheduleRunError');
named(scheduleRunList, 'ScheduleRunList');

// The public chat: what a visitor's client sends and gets.
named(publicLinkInfo, 'PublicLinkInfo');
named(proofOfWorkChallenge, 'ProofOfWorkChallenge');
named(publicChatBody, 'PublicChatRequest', examples.publicChatExample);
named(publicChatResponse, 'PublicChatResponse', examples.publicChatResponseExample);
named(visitorUser, 'VisitorUser');
named(visitorContext, 'VisitorContext');
named(publicHistoryResponse, 'PublicHistory');
named(publicMessage, 'PublicMessage');
named(attachment, 'Attachment');
named(uploadCreated, 'UploadCreated');
named(verifyStartBody, 'VerifyEmailRequest');
named(verificationSent, 'VerificationSent');
named(verifyConfirmBody, 'ConfirmEmailRequest');
named(publicSessionStarted, 'PublicSessionStarted');
named(visitorConversation, 'VisitorConversation');
named(visitorConversationList, 'VisitorConversationList');
named(resumeBody, 'ResumeConversationRequest');
named(resumedSession, 'ResumedSession');
named(messageFeedbackBody, 'MessageFeedbackRequest');
named(conversationRatingBody, 'ConversationRatingRequest');
named(offlineMessageBody, 'OfflineMessageRequest');
named(offlineMessageLeft, 'OfflineMessageLeft');
named(transcriptRequestBody, 'TranscriptRequest');
named(transcriptRequested, 'TranscriptRequested');

// Escalations, the inbox and conversations.
named(escalateBody, 'EscalateRequest');
named(publicEscalateBody, 'PublicEscalateRequest');
named(escalationCreatedWithOffline, 'EscalationCreated');
named(offlineNotice, 'OfflineNotice');
named(escalationList, 'EscalationList');
named(escalationList.shape.escalations.element, 'Escalation', examples.escalationExample);
named(inboxItem, 'InboxItem', examples.inboxItemExample);
named(inboxList, 'InboxList');
named(inboxItemAnswer, 'InboxItemAnswer');
named(inboxTransfer, 'InboxTransfer');
named(transferBody, 'TransferRequest');
named(presenceBody, 'Presence');
named(operatorPresenceList, 'OperatorPresenceList');
named(noteBody, 'CreateNoteRequest');
named(conversationNote, 'ConversationNote');
named(operatorMessageSent, 'OperatorMessageSent');
named(conversationLabelsBody, 'SetConversationLabelsRequest');
named(conversationLabelsAnswer, 'ConversationLabels');
named(conversationDetail, 'ConversationDetail');
named(conversationVisitor, 'ConversationVisitor');
named(conversationSummary, 'ConversationSummary');
named(conversationSearchList, 'ConversationSearchList');
named(conversationTrace, 'ConversationTrace');
named(team, 'Team', examples.teamExample);
named(team.shape.members.element, 'TeamMember');
named(teamHours, 'TeamHours', examples.teamHoursExample);
named(teamList, 'TeamList');
named(createTeamBody, 'CreateTeamRequest');
named(updateTeamBody, 'UpdateTeamRequest');
named(cannedReply, 'CannedReply');
named(cannedReplyList, 'CannedReplyList');
named(createCannedReplyBody, 'CreateCannedReplyRequest');
named(updateCannedReplyBody, 'UpdateCannedReplyRequest');

// Webhooks, knowledge, analytics, audit and privacy.
named(createWebhookBody, 'CreateWebhookRequest', examples.createWebhookExample);
named(webhook, 'Webhook', examples.webhookExample);
named(createdWebhook, 'WebhookCreated', examples.createdWebhookExample);
named(webhookList, 'WebhookList');
named(webhookAttempt, 'WebhookDelivery', examples.webhookDeliveryExample);
named(webhookDeliveries, 'WebhookDeliveryList');
named(createKnowledgeBaseBody, 'CreateKnowledgeBaseRequest', examples.createKnowledgeBaseExample);
named(updateKnowledgeBaseBody, 'UpdateKnowledgeBaseRequest');
named(knowledgeBase, 'KnowledgeBase', examples.knowledgeBaseExample);
named(knowledgeBaseList, 'KnowledgeBaseList');
named(addKnowledgeDocumentBody, 'AddKnowledgeDocumentRequest');
named(knowledgeDocument, 'KnowledgeDocument', examples.knowledgeDocumentExample);
named(knowledgeDocumentList, 'KnowledgeDocumentList');
named(knowledgePassage, 'KnowledgePassage');
named(knowledgeSearchResults, 'KnowledgeSearchResults');
named(knowledgeGap, 'KnowledgeGap');
named(knowledgeGapList, 'KnowledgeGapList');
named(analyticsAnswer, 'AnalyticsReport', examples.analyticsExample);
named(auditEntry, 'AuditEntry', examples.auditEntryExample);
named(auditActor, 'AuditActor');
named(auditList, 'AuditList');
named(auditVerification, 'AuditVerification');
named(erasureResult, 'ErasureResult');
named(phoneErasureResult, 'PhoneErasureResult');
