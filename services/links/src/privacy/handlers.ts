import { handlers } from '../parts.js';

/** The links service's share of a visitor's export, erasure and retention (docs/management-api.md, "Privacy"). */
export const privacyHandlers = handlers({
  /** A page of an email's verification records, for its export (docs/management-api.md, "Privacy"). */
  'links.privacy.verifications':
    ({ privacy }) =>
    async (req) => ({ verifications: await privacy.records.verifications(req.tenantId, req.email, req.after, req.limit) }),
  /** A page of an email's personalised links, for its export (docs/management-api.md, "Privacy"). */
  'links.privacy.links':
    ({ privacy }) =>
    (req) =>
      privacy.links(req.tenantId, req.email, req.after, req.limit),
  /** A page of the sendings to an email and of its links, for its export (docs/management-api.md, "Privacy"). */
  'links.privacy.link-deliveries':
    ({ privacy }) =>
    (req) =>
      privacy.deliveries(req.tenantId, req.email, req.after, req.limit),
  /** The schedules naming an email, for its export (docs/management-api.md, "Privacy"). */
  'links.privacy.schedules':
    ({ privacy }) =>
    (req) =>
      privacy.schedules(req.tenantId, req.email),
  /** A page of the webhook deliveries about a visitor's conversations, for their export (docs/management-api.md, "Privacy"). */
  'links.privacy.webhook-deliveries':
    ({ privacy }) =>
    (req) =>
      privacy.webhookDeliveries(req.tenantId, req.conversationIds, req.after, req.limit),
  /** Erases the webhook deliveries about a visitor's conversations (docs/management-api.md, "Privacy"). */
  'links.privacy.erase-webhook-deliveries':
    ({ privacy }) =>
    (req) =>
      privacy.eraseWebhookDeliveries(req.tenantId, req.conversationIds),
  /** Erases an email's share of the links service, in one transaction (docs/management-api.md, "Privacy"). */
  'links.privacy.erase-link-data':
    ({ privacy }) =>
    (req) =>
      privacy.eraseEmail(req.tenantId, req.email),
  /** A page of the texts sent to a phone number, for its export (docs/management-api.md, "Privacy"). */
  'links.privacy.phone-deliveries':
    ({ privacy }) =>
    (req) =>
      privacy.phoneDeliveries(req.tenantId, req.phone, req.after, req.limit),
  /** The schedules that text a phone number, for its export (docs/management-api.md, "Privacy"). */
  'links.privacy.phone-schedules':
    ({ privacy }) =>
    (req) =>
      privacy.phoneSchedules(req.tenantId, req.phone),
  /** Erases a phone number from the links service, in one transaction (docs/management-api.md, "Privacy"). */
  'links.privacy.erase-phone':
    ({ privacy }) =>
    (req) =>
      privacy.erasePhone(req.tenantId, req.phone),
  /** Retention: the phone numbers of old finished texts (docs/management-api.md, "Privacy"). */
  'links.privacy.purge-sms-numbers':
    ({ privacy }) =>
    (req) =>
      privacy.purgeSmsNumbers(req.olderThanDays, req.limit),
  /** Retention: the bodies of old finished webhook deliveries (docs/management-api.md, "Privacy"). */
  'links.privacy.purge-webhook-bodies':
    ({ privacy }) =>
    (req) =>
      privacy.purgeWebhookBodies(req.olderThanDays, req.limit),
  /** Retention: a page of the links with their own retention_days (docs/management-api.md, "Privacy"). */
  'links.privacy.retention':
    ({ privacy }) =>
    async (req) => ({ links: await privacy.records.retention(req.after, req.limit) }),
});
