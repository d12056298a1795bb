import { hashPasscode, sha256Hex } from '@parley/auth';
import { AppError, type BulkCreateBody, type BulkCreated, linkIdPattern, type PublicLink, type UpdateLinkBody } from '@parley/contracts';
import type { DB } from '@parley/db';
import type { Kysely } from 'kysely';
import type { LinkAnnouncements } from '../links/announcements.js';
import type { LinkClosureService } from '../links/closure.service.js';
import { linkUrl, newLinkId, newLinkToken } from '../links/link.service.js';
import { linkChanges, linkView, newLinkColumns, resolveSettings } from '../links/settings.js';
import type { BulkLinkMaker } from '../schedules/types.js';
import type { RegistryRepository } from '../store/registry.repository.js';
import type { TemplateService } from '../templates/template.service.js';
import { BulkLinkRepository } from './bulk-link.repository.js';
import type { Distribution, DistributionItem } from './types.js';

/** Announcements (`link.created`) go out this many at a time after a bulk creation. */
const ANNOUNCE_CONCURRENCY = 32;

/**
 * Links in bulk (docs/management-api.md, "Personalised links and bulk operations"): one personalised link per recipient, made all or nothing in one
 * transaction – a request that names a bad template or setting makes no link at all, and a
 * caller never has to find out which half of a list got links. Sending is per recipient instead:
 * a mail that fails is retried, and never undoes the links; the API answers once the links are
 * made, with their deliveries queued.
 */
export class BulkLinkService implements BulkLinkMaker {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly registry: RegistryRepository,
    private readonly templates: TemplateService,
    private readonly distribution: Distribution,
    private readonly announcements: LinkAnnouncements,
    private readonly closures: LinkClosureService,
  ) {}

  /**
   * `awaitFirstAttempts`: wait (bounded) for the deliveries' first attempts, so the answer counts
   * what went out – for a schedule's run, which records it. The API answers without waiting.
   */
  async createAndSend(
    tenantId: string,
    agentName: string,
    body: BulkCreateBody,
    publicBaseUrl: string,
    options: { awaitFirstAttempts?: boolean } = {},
  ): Promise<BulkCreated> {
    const agent = await this.registry.findAgentByName(tenantId, agentName);
    if (!agent) throw new AppError('not_found', `agent "${agentName}" not found`);
    const { variables: shared = {}, ...own } = body.settings ?? {};
    const settings = resolveSettings(body.template ? await this.templates.settingsOf(tenantId, body.template, ['body', 'template']) : {}, own, [
      'body',
      'settings',
    ]);
    const recipients = body.recipients ?? Array.from({ length: body.count ?? 0 }, () => null);
    if (body.send) await this.distribution.check(body.send, { hasRecipients: body.recipients !== undefined, links: recipients.length });

    // One slow hash for every link's passcode, not one per link.
    const passcodeHash = settings.passcode ? await hashPasscode(settings.passcode) : null;
    const now = new Date();
    const made = await Promise.all(
      recipients.map(async (recipient) => {
        const token = newLinkToken();
        const variables = recipient
          ? { ...shared, ...recipient.variables, email: recipient.email, ...(recipient.name ? { name: recipient.name } : {}) }
          : { ...shared };
        const columns = {
          id: newLinkId(),
          tenant_id: tenantId,
          agent_id: agent.id,
          token_hash: sha256Hex(token),
          ...(await newLinkColumns(settings, variables, now, passcodeHash)),
        };
        return { token, url: linkUrl(publicBaseUrl, token), variables, recipient, columns };
      }),
    );
    const { rows, deliveryIds } = await this.db.transaction().execute(async (trx) => {
      const rows = await new BulkLinkRepository(trx).insertMany(made.map((link) => link.columns));
      const items: DistributionItem[] = made.map((link) => ({
        tenantId,
        linkId: link.columns.id,
        url: link.url,
        title: settings.title,
        variables: link.variables,
        recipient: link.recipient ? { email: link.recipient.email, name: link.recipient.name ?? null } : null,
        locale: link.columns.locale ?? null,
      }));
      const deliveryIds = body.send ? await this.distribution.enqueue(trx, items, body.send) : [];
      return { rows, deliveryIds };
    });

    await this.announce(
      tenantId,
      rows.map((row) => linkView(row, agent.name)),
    );
    const attempts =
      deliveryIds.length === 0
        ? { sent: 0, pending: 0, failed: [] }
        : options.awaitFirstAttempts
          ? await this.distribution.deliverNow(deliveryIds)
          : await this.distribution.deliverInBackground(deliveryIds);
    return {
      links: made.map((link) => ({
        id: link.columns.id,
        url: link.url,
        token: link.token,
        recipient: link.recipient ? { email: link.recipient.email, name: link.recipient.name ?? null } : null,
      })),
      sent: attempts.sent,
      queued: attempts.pending,
      pending: attempts.pending,
      failed: attempts.failed,
    };
  }

  /** The same changes to many of the tenant's links, whatever their agents; unknown ids are listed, not refused. */
  async update(tenantId: string, ids: string[], changes: UpdateLinkBody): Promise<{ updated: PublicLink[]; not_found: string[] }> {
    const wanted = unique(ids);
    const valid = wanted.filter((id) => linkIdPattern.test(id));
    const rows = valid.length > 0 ? await new BulkLinkRepository(this.db).updateMany(tenantId, valid, await linkChanges(changes)) : [];
    for (const row of rows) await this.closures.afterUpdate(tenantId, linkView(row, row.agent_name), changes);
    const found = new Set(rows.map((row) => row.id));
    return { updated: rows.map((row) => linkView(row, row.agent_name)), not_found: wanted.filter((id) => !found.has(id)) };
  }

  async delete(tenantId: string, ids: string[]): Promise<{ deleted: string[]; not_found: string[] }> {
    const wanted = unique(ids);
    const valid = wanted.filter((id) => linkIdPattern.test(id));
    const deleted = valid.length > 0 ? await new BulkLinkRepository(this.db).softDeleteMany(tenantId, valid) : [];
    for (const id of deleted) await this.closures.afterDelete(tenantId, id);
    const gone = new Set(deleted);
    return { deleted, not_found: wanted.filter((id) => !gone.has(id)) };
  }

  private async announce(tenantId: string, links: PublicLink[]): Promise<void> {
    for (let i = 0; i < links.length; i += ANNOUNCE_CONCURRENCY) {
      await Promise.all(links.slice(i, i + ANNOUNCE_CONCURRENCY).map((link) => this.announcements.created(tenantId, link)));
    }
  }
}

const unique = (ids: string[]) => [...new Set(ids)];
