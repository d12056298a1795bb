import type { Migration } from 'kysely/migration';
import * as init from './2026112101_init.js';
import * as nodeNamesAndJobClaims from './2026112102_node_names_and_job_claims.js';
import * as hotTurnUpdates from './2026112103_hot_turn_updates.js';
import * as publicLinks from './2026112201_public_links.js';
import * as visitorSecurity from './2026112202_visitor_security.js';
import * as visitorMemories from './2026112203_visitor_memories.js';
import * as sessionCleanup from './2026112204_session_cleanup.js';
import * as escalations from './2026112205_escalations.js';
import * as webhooks from './2026112206_webhooks.js';
import * as visitorIdentity from './2026112207_visitor_identity.js';
import * as audit from './2026112208_audit.js';
import * as analytics from './2026112209_analytics.js';
import * as privacy from './2026112210_privacy.js';
import * as linkDistribution from './2026112301_link_distribution.js';
import * as purgeEveryChannel from './2026112302_purge_every_channel.js';
import * as linkLockouts from './2026112401_link_lockouts.js';
import * as identityRealms from './2026112402_identity_realms.js';
import * as privacyReach from './2026112403_privacy_reach.js';
import * as auditKeyedChain from './2026112404_audit_keyed_chain.js';
import * as linkDeliveryResponseCode from './2026112406_link_delivery_response_code.js';
import * as keyRoles from './2026112421_key_roles.js';
import * as chatSecrets from './2026112422_chat_secrets.js';
import * as members from './2026112423_members.js';
import * as linkLook from './2026112501_link_look.js';
import * as uploads from './2026112502_uploads.js';
import * as feedback from './2026112503_feedback.js';
import * as unfinishedUploads from './2026112504_unfinished_uploads.js';
import * as protection from './2026112505_protection.js';
import * as tokenUsage from './2026112506_token_usage.js';
import * as conversationSentiment from './2026112509_conversation_sentiment.js';
import * as operators from './2026112601_operators.js';
import * as visitorChoice from './2026112611_visitor_choice.js';
import * as agentVersions from './2026112701_agent_versions.js';
import * as outcomes from './2026112702_outcomes.js';
import * as escalationTransfers from './2026112801_escalation_transfers.js';
import * as privacyEmailLookups from './2026112911_privacy_email_lookups.js';
import * as teamVisibility from './2026112912_team_visibility.js';
import * as linkRateLimitPerLink from './2026112941_link_rate_limit_per_link.js';
import * as eventOutbox from './2026113001_event_outbox.js';
import * as tenantSecrets from './2026113002_tenant_secrets.js';
import * as toolMessages from './2026113011_tool_messages.js';
import * as knowledgeBases from './2026113021_knowledge_bases.js';
import * as knowledgeAnswers from './2026113051_knowledge_answers.js';
import * as knowledgeLengths from './2026113052_knowledge_lengths.js';
import * as turnTraces from './2026113061_turn_traces.js';
import * as agentTests from './2026113071_agent_tests.js';
import * as testRunListing from './2026113072_test_run_listing.js';
import * as smsDeliveries from './2026113074_sms_deliveries.js';
import * as conversationLabelsNotes from './2026113075_conversation_labels_notes.js';
import * as messageNotices from './2026113076_message_notices.js';
import * as knowledgeGinFastupdate from './2026113077_knowledge_gin_fastupdate.js';
import * as visitorLanguage from './2026113078_visitor_language.js';
import * as knowledgeGeneration from './2026113079_knowledge_generation.js';
import * as securityEventCounts from './2026113080_security_event_counts.js';
import * as turnTracesUnreferenced from './2026113081_turn_traces_unreferenced.js';
import * as turnTracesPricedIndex from './2026113082_turn_traces_priced_index.js';

/**
 * Every migration, by name, in the order they apply. Imported rather than read from disk so a
 * bundled service carries its migrations. A new migration is a new timestamp-prefixed file here.
 */
export const migrations: Record<string, Migration> = {
  '2026112101_init': init,
  '2026112102_node_names_and_job_claims': nodeNamesAndJobClaims,
  '2026112103_hot_turn_updates': hotTurnUpdates,
  '2026112201_public_links': publicLinks,
  '2026112202_visitor_security': visitorSecurity,
  '2026112203_visitor_memories': visitorMemories,
  '2026112204_session_cleanup': sessionCleanup,
  '2026112205_escalations': escalations,
  '2026112206_webhooks': webhooks,
  '2026112207_visitor_identity': visitorIdentity,
  '2026112208_audit': audit,
  '2026112209_analytics': analytics,
  '2026112210_privacy': privacy,
  '2026112301_link_distribution': linkDistribution,
  '2026112302_purge_every_channel': purgeEveryChannel,
  '2026112401_link_lockouts': linkLockouts,
  '2026112402_identity_realms': identityRealms,
  '2026112403_privacy_reach': privacyReach,
  '2026112404_audit_keyed_chain': auditKeyedChain,
  '2026112406_link_delivery_response_code': linkDeliveryResponseCode,
  '2026112421_key_roles': keyRoles,
  '2026112422_chat_secrets': chatSecrets,
  '2026112423_members': members,
  '2026112501_link_look': linkLook,
  '2026112502_uploads': uploads,
  '2026112503_feedback': feedback,
  '2026112504_unfinished_uploads': unfinishedUploads,
  '2026112505_protection': protection,
  '2026112506_token_usage': tokenUsage,
  '2026112509_conversation_sentiment': conversationSentiment,
  '2026112601_operators': operators,
  '2026112611_visitor_choice': visitorChoice,
  '2026112701_agent_versions': agentVersions,
  '2026112702_outcomes': outcomes,
  '2026112801_escalation_transfers': escalationTransfers,
  '2026112911_privacy_email_lookups': privacyEmailLookups,
  '2026112912_team_visibility': teamVisibility,
  '2026112941_link_rate_limit_per_link': linkRateLimitPerLink,
  '2026113001_event_outbox': eventOutbox,
  '2026113002_tenant_secrets': tenantSecrets,
  '2026113011_tool_messages': toolMessages,
  '2026113021_knowledge_bases': knowledgeBases,
  '2026113051_knowledge_answers': knowledgeAnswers,
  '2026113052_knowledge_lengths': knowledgeLengths,
  '2026113061_turn_traces': turnTraces,
  '2026113071_agent_tests': agentTests,
  '2026113072_test_run_listing': testRunListing,
  '2026113074_sms_deliveries': smsDeliveries,
  '2026113075_conversation_labels_notes': conversationLabelsNotes,
  '2026113076_message_notices': messageNotices,
  '2026113077_knowledge_gin_fastupdate': knowledgeGinFastupdate,
  '2026113078_visitor_language': visitorLanguage,
  '2026113079_knowledge_generation': knowledgeGeneration,
  '2026113080_security_event_counts': securityEventCounts,
  '2026113081_turn_traces_unreferenced': turnTracesUnreferenced,
  '2026113082_turn_traces_priced_index': turnTracesPricedIndex,
};
