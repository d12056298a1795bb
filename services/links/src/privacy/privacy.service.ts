import type { DB } from '@parley/db';
import type { Kysely } from 'kysely';
import { PrivacyPhonesRepository } from './privacy-phones.repository.js';
import { PrivacyRecipientsRepository } from './privacy-recipients.repository.js';
import { LinkPrivacyRepository } from './privacy.repository.js';
import { WebhookPrivacyRepository } from '../webhooks/privacy-deliveries.repository.js';

/** Emails are stored lower-cased (verification) or compared so (recipients, variables). */
const lower = (email: string) => email.trim().toLowerCase();

/**
 * The links service's share of a visitor's export and erasure (docs/management-api.md "Privacy"): email
 * verification records, personalised links, sendings of links, schedules' recipients, and the
 * webhook deliveries of events about the visitor's conversations; and a phone number's: the texts
 * sent to it and the schedules that text it.
 */
export class LinkPrivacyService {
  /** Verification records and the links' own retention. */
  readonly records: LinkPrivacyRepository;
  private readonly recipients: PrivacyRecipientsRepository;
  private readonly phones: PrivacyPhonesRepository;
  private readonly webhooks: WebhookPrivacyRepository;

  constructor(private readonly db: Kysely<DB>) {
    this.records = new LinkPrivacyRepository(db);
    this.recipients = new PrivacyRecipientsRepository(db);
    this.phones = new PrivacyPhonesRepository(db);
    this.webhooks = new WebhookPrivacyRepository(db);
  }

  async links(tenantId: string, email: string, after: string | null, limit: number) {
    return { links: await this.recipients.links(tenantId, lower(email), after, limit) };
  }

  async deliveries(tenantId: string, email: string, after: string | null, limit: number) {
    return { deliveries: await this.recipients.deliveries(tenantId, lower(email), after, limit) };
  }

  async schedules(tenantId: string, email: string) {
    return { schedules: await this.recipients.schedules(tenantId, lower(email)) };
  }

  async webhookDeliveries(tenantId: string, conversationIds: string[], after: string | null, limit: number) {
    return { deliveries: await this.webhooks.deliveries(tenantId, conversationIds, after, limit) };
  }

  async eraseWebhookDeliveries(tenantId: string, conversationIds: string[]) {
    return { deliveries: await this.webhooks.erase(tenantId, conversationIds) };
  }

  /** Everything of the email in one transaction: a failure leaves it all for the retry. */
  eraseEmail(tenantId: string, email: string) {
    return this.db.transaction().execute(async (trx) => {
      const verifications = await this.records.eraseVerifications(tenantId, email, trx);
      const erased = await this.recipients.erase(trx, tenantId, lower(email));
      return { verifications, ...erased };
    });
  }

  async phoneDeliveries(tenantId: string, phone: string, after: string | null, limit: number) {
    return { deliveries: await this.phones.deliveries(tenantId, phone, after, limit) };
  }

  async phoneSchedules(tenantId: string, phone: string) {
    return { schedules: await this.phones.schedules(tenantId, phone) };
  }

  /** Everything of the phone number in one transaction: a failure leaves it all for the retry. */
  async erasePhone(tenantId: string, phone: string) {
    return { erased: await this.db.transaction().execute((trx) => this.phones.erase(trx, tenantId, phone)) };
  }

  async purgeSmsNumbers(olderThanDays: number, limit: number) {
    return { deliveries: await this.phones.purgeNumbers(olderThanDays, limit) };
  }

  async purgeWebhookBodies(olderThanDays: number, limit: number) {
    return { deliveries: await this.webhooks.purgeBodies(olderThanDays, limit) };
  }
}
