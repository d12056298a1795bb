import linksAgentsConfig from './links.agents.config.js';
import linksAgentsCreate from './links.agents.create.js';
import linksAgentsCreateVersion from './links.agents.create-version.js';
import linksAgentsGet from './links.agents.get.js';
import linksAgentsGetVersion from './links.agents.get-version.js';
import linksAgentsList from './links.agents.list.js';
import linksAgentsResolveVersion from './links.agents.resolve-version.js';
import linksAgentsSetActiveVersion from './links.agents.set-active-version.js';
import linksAnalyticsGet from './links.analytics.get.js';
import linksAuditList from './links.audit.list.js';
import linksAuditVerify from './links.audit.verify.js';
import linksCannedRepliesCreate from './links.canned-replies.create.js';
import linksCannedRepliesDelete from './links.canned-replies.delete.js';
import linksCannedRepliesList from './links.canned-replies.list.js';
import linksCannedRepliesUpdate from './links.canned-replies.update.js';
import linksChatSecretsCreate from './links.chat-secrets.create.js';
import linksChatSecretsDelete from './links.chat-secrets.delete.js';
import linksChatSecretsList from './links.chat-secrets.list.js';
import linksChatSecretsLive from './links.chat-secrets.live.js';
import linksChatSecretsTouch from './links.chat-secrets.touch.js';
import linksConsoleSessionsCreate from './links.console-sessions.create.js';
import linksConsoleSessionsDelete from './links.console-sessions.delete.js';
import linksConsoleSessionsPurgeExpired from './links.console-sessions.purge-expired.js';
import linksConsoleSessionsResolve from './links.console-sessions.resolve.js';
import linksLinksAnnounceExpired from './links.links.announce-expired.js';
import linksLinksBulkCreate from './links.links.bulk-create.js';
import linksLinksBulkDelete from './links.links.bulk-delete.js';
import linksLinksBulkUpdate from './links.links.bulk-update.js';
import linksLinksClosed from './links.links.closed.js';
import linksLinksCreate from './links.links.create.js';
import linksLinksDelete from './links.links.delete.js';
import linksLinksDeliveries from './links.links.deliveries.js';
import linksLinksIdentitySecret from './links.links.identity-secret.js';
import linksLinksList from './links.links.list.js';
import linksLinksAccess from './links.links.access.js';
import linksLinksResolve from './links.links.resolve.js';
import linksLinksRotate from './links.links.rotate.js';
import linksLinksUpdate from './links.links.update.js';
import linksLinksVerifyIdentity from './links.links.verify-identity.js';
import linksMembersCreate from './links.members.create.js';
import linksMembersDelete from './links.members.delete.js';
import linksMembersForEmail from './links.members.for-email.js';
import linksMembersGet from './links.members.get.js';
import linksMembersList from './links.members.list.js';
import linksMembersUpdate from './links.members.update.js';
import linksPrivacyEraseLinkData from './links.privacy.erase-link-data.js';
import linksPrivacyEraseWebhookDeliveries from './links.privacy.erase-webhook-deliveries.js';
import linksPrivacyLinkDeliveries from './links.privacy.link-deliveries.js';
import linksPrivacyLinks from './links.privacy.links.js';
import linksPrivacyPurgeWebhookBodies from './links.privacy.purge-webhook-bodies.js';
import linksPrivacyRetention from './links.privacy.retention.js';
import linksPrivacySchedules from './links.privacy.schedules.js';
import linksPrivacyVerifications from './links.privacy.verifications.js';
import linksPrivacyWebhookDeliveries from './links.privacy.webhook-deliveries.js';
import linksSchedulesCreate from './links.schedules.create.js';
import linksSchedulesDelete from './links.schedules.delete.js';
import linksSchedulesDue from './links.schedules.due.js';
import linksSchedulesGet from './links.schedules.get.js';
import linksSchedulesList from './links.schedules.list.js';
import linksSchedulesRun from './links.schedules.run.js';
import linksSchedulesRuns from './links.schedules.runs.js';
import linksSchedulesUpdate from './links.schedules.update.js';
import linksTemplatesCreate from './links.templates.create.js';
import linksTemplatesDelete from './links.templates.delete.js';
import linksTemplatesList from './links.templates.list.js';
import linksTemplatesUpdate from './links.templates.update.js';
import linksTenantsCreate from './links.tenants.create.js';
import linksTenantsCreateKey from './links.tenants.create-key.js';
import linksTenantsExists from './links.tenants.exists.js';
import linksTenantsList from './links.tenants.list.js';
import linksTenantsListKeys from './links.tenants.list-keys.js';
import linksTenantsResolveKey from './links.tenants.resolve-key.js';
import linksTenantsRevokeKey from './links.tenants.revoke-key.js';
import linksTenantsTouchKey from './links.tenants.touch-key.js';
import linksTenantsUpdate from './links.tenants.update.js';
import linksVerificationConfirm from './links.verification.confirm.js';
import linksVerificationStart from './links.verification.start.js';
import linksWebhooksCreate from './links.webhooks.create.js';
import linksWebhooksDelete from './links.webhooks.delete.js';
import linksWebhooksDeliveries from './links.webhooks.deliveries.js';
import linksWebhooksList from './links.webhooks.list.js';

/** Every subject of the links catalog (libs/contracts/src/catalog/links.ts), one file each. */
export const linksHandlers = [
  linksTenantsCreate,
  linksTenantsUpdate,
  linksTenantsList,
  linksTenantsCreateKey,
  linksTenantsListKeys,
  linksTenantsRevokeKey,
  linksTenantsTouchKey,
  linksTenantsResolveKey,
  linksTenantsExists,
  linksChatSecretsCreate,
  linksChatSecretsList,
  linksChatSecretsDelete,
  linksChatSecretsLive,
  linksChatSecretsTouch,
  linksMembersCreate,
  linksMembersList,
  linksMembersGet,
  linksMembersUpdate,
  linksMembersDelete,
  linksMembersForEmail,
  linksConsoleSessionsCreate,
  linksConsoleSessionsResolve,
  linksConsoleSessionsDelete,
  linksConsoleSessionsPurgeExpired,
  linksAgentsCreate,
  linksAgentsList,
  linksAgentsGet,
  linksAgentsGetVersion,
  linksAgentsCreateVersion,
  linksAgentsSetActiveVersion,
  linksAgentsResolveVersion,
  linksAgentsConfig,
  linksLinksCreate,
  linksLinksList,
  linksLinksUpdate,
  linksLinksDelete,
  linksLinksIdentitySecret,
  linksLinksVerifyIdentity,
  linksLinksResolve,
  linksLinksAccess,
  linksLinksClosed,
  linksLinksAnnounceExpired,
  linksLinksRotate,
  linksLinksDeliveries,
  linksLinksBulkCreate,
  linksLinksBulkUpdate,
  linksLinksBulkDelete,
  linksTemplatesList,
  linksTemplatesCreate,
  linksTemplatesUpdate,
  linksTemplatesDelete,
  linksCannedRepliesList,
  linksCannedRepliesCreate,
  linksCannedRepliesUpdate,
  linksCannedRepliesDelete,
  linksSchedulesCreate,
  linksSchedulesList,
  linksSchedulesGet,
  linksSchedulesUpdate,
  linksSchedulesDelete,
  linksSchedulesRuns,
  linksSchedulesDue,
  linksSchedulesRun,
  linksWebhooksCreate,
  linksWebhooksList,
  linksWebhooksDelete,
  linksWebhooksDeliveries,
  linksVerificationStart,
  linksVerificationConfirm,
  linksAuditList,
  linksAuditVerify,
  linksAnalyticsGet,
  linksPrivacyVerifications,
  linksPrivacyLinks,
  linksPrivacyLinkDeliveries,
  linksPrivacySchedules,
  linksPrivacyWebhookDeliveries,
  linksPrivacyEraseWebhookDeliveries,
  linksPrivacyEraseLinkData,
  linksPrivacyPurgeWebhookBodies,
  linksPrivacyRetention,
];
