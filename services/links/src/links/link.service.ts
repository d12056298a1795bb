import { identityHashValid, newIdentitySecret, randomToken, sha256Hex } from '@parley/auth';
import {
  AppError,
  type CreateLinkBody,
  type IdentityCheck,
  type LinkAccess,
  linkIdPattern,
  type SendSpec,
  type SplitArm,
  type UpdateLinkBody,
} from '@parley/contracts';
import type { DB } from '@parley/db';
import type { Logger } from '@parley/logger';
import type { Kysely } from 'kysely';
import type { Distribution } from '../distribution/types.js';
import { sealInClear } from '../sealing/seal-in-clear.js';
import { SecretNotOpened } from '../sealing/sealed-text.js';
import type { RegistryRepository } from '../store/registry.repository.js';
import type { TemplateService } from '../templates/template.service.js';
import type { IdentitySecrets } from './identity-secrets.js';
import { verifyIdentityToken } from './identity-token.js';
import { LinkRepository } from './link.repository.js';
import { linkAccessOf, linkChanges, linkView, newLinkColumns, resolveSettings, versionColumns } from './settings.js';

/** A link's token: 192 random bits. The id is a separate random value, so it reveals nothing of the token. */
export const newLinkToken = () => randomToken(24);
export const newLinkId = () => `lnk_${randomToken(12)}`;
export const linkUrl = (publicBaseUrl: string, token: string) => `${publicBaseUrl.replace(/\/+$/, '')}/c/${token}`;

/**
 * Public chat links of a tenant's agents. A link is addressed through its agent (by name, within
 * the tenant), so another tenant's link is simply not found. The token is handed out once, at
 * creation; only its SHA-256 is kept, which is what visitors' requests are resolved by.
 */
export class LinkService {
  private readonly links: LinkRepository;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly registry: RegistryRepository,
    private readonly templates: TemplateService,
    private readonly distribution: Distribution,
    private readonly identitySecrets: IdentitySecrets,
    private readonly logger: Logger,
  ) {
    this.links = new LinkRepository(db);
  }

  /**
   * A new link from its template (if any) and the body's own settings, which win. With `send`, its
   * URL is sent right away – the deliveries are recorded in the link's own transaction and their
   * first attempts started in the background: the answer never waits for a mail server or webhook,
   * and says the deliveries are queued (their outcome: GET …/deliveries).
   */
  async create(tenantId: string, agentName: string, body: CreateLinkBody, publicBaseUrl: string) {
    const agent = await this.agent(tenantId, agentName);
    const { template, send, variables = {}, version, split, ...own } = body;
    const settings = resolveSettings(template ? await this.templates.settingsOf(tenantId, template, ['body', 'template']) : {}, own, ['body']);
    await this.checkVersions(agent.id, { version, split });
    if (send) await this.distribution.check(send, { hasRecipients: false });
    const token = newLinkToken();
    const url = linkUrl(publicBaseUrl, token);
    const columns = {
      id: newLinkId(),
      tenant_id: tenantId,
      agent_id: agent.id,
      token_hash: sha256Hex(token),
      ...(await newLinkColumns(settings, variables)),
      ...versionColumns({ version, split }),
    };
    const { link, deliveryIds } = await this.db.transaction().execute(async (trx) => {
      const link = await new LinkRepository(trx).create(columns);
      const deliveryIds = send
        ? await this.distribution.enqueue(trx, [{ tenantId, linkId: link.id, url, title: link.title, variables, recipient: null, locale: link.locale }], send)
        : [];
      return { link, deliveryIds };
    });
    const queued = deliveryIds.length > 0 ? await this.distribution.deliverInBackground(deliveryIds) : undefined;
    return { ...linkView(link, agent.name), token, url, ...(queued ? { deliveries: queued.deliveries, queued: queued.pending } : {}) };
  }

  /**
   * A new token for the link: the old one stops resolving at once (only the new hash is kept).
   * Sessions started on it end with the old URL, as a leaked URL's would. With `send`, the new URL
   * is queued as on creation.
   */
  async rotate(tenantId: string, agentName: string, linkId: string, send: SendSpec | undefined, publicBaseUrl: string) {
    const agent = await this.agent(tenantId, agentName);
    const current = linkIdPattern.test(linkId) ? await this.links.findLive(tenantId, agent.id, linkId) : undefined;
    if (!current) throw notFound();
    // A personalised link's recipient is who its URL goes to when an email channel names no one.
    const recipient = current.variables.email ? { email: current.variables.email, name: current.variables.name ?? null } : null;
    if (send) await this.distribution.check(send, { hasRecipients: recipient !== null });
    const token = newLinkToken();
    const url = linkUrl(publicBaseUrl, token);
    const { link, deliveryIds } = await this.db.transaction().execute(async (trx) => {
      const link = await new LinkRepository(trx).update(tenantId, agent.id, linkId, { token_hash: sha256Hex(token) });
      if (!link) throw notFound();
      const deliveryIds = send
        ? await this.distribution.enqueue(
            trx,
            [{ tenantId, linkId: link.id, url, title: link.title, variables: link.variables, recipient, locale: link.locale }],
            send,
          )
        : [];
      return { link, deliveryIds };
    });
    const queued = deliveryIds.length > 0 ? await this.distribution.deliverInBackground(deliveryIds) : undefined;
    return { id: link.id, token, url, deliveries: queued?.deliveries ?? [], queued: queued?.pending ?? 0 };
  }

  /** The deliveries of one of the tenant's links, newest first. */
  async deliveries(tenantId: string, linkId: string) {
    if (!linkIdPattern.test(linkId) || !(await this.links.belongsTo(tenantId, linkId))) throw notFound();
    return { deliveries: await this.distribution.list(tenantId, linkId) };
  }

  async list(tenantId: string, agentName: string) {
    const agent = await this.agent(tenantId, agentName);
    const links = await this.links.listForAgent(tenantId, agent.id);
    return { links: links.map((link) => linkView(link, agent.name)) };
  }

  async update(tenantId: string, agentName: string, linkId: string, changes: UpdateLinkBody) {
    const agent = await this.agent(tenantId, agentName);
    if (!linkIdPattern.test(linkId)) throw notFound();
    await this.checkVersions(agent.id, changes);
    const link = await this.links.update(tenantId, agent.id, linkId, await linkChanges(changes));
    if (!link) throw notFound();
    return linkView(link, agent.name);
  }

  async delete(tenantId: string, agentName: string, linkId: string) {
    const agent = await this.agent(tenantId, agentName);
    if (!linkIdPattern.test(linkId) || !(await this.links.softDelete(tenantId, agent.id, linkId))) throw notFound();
    return { deleted: true as const };
  }

  /**
   * A new identity secret for the link, answered this once (and kept sealed, identity-secrets.ts);
   * the previous one stops verifying at once.
   */
  async rotateIdentitySecret(tenantId: string, agentName: string, linkId: string): Promise<{ secret: string }> {
    const agent = await this.agent(tenantId, agentName);
    if (!linkIdPattern.test(linkId)) throw notFound();
    const secret = newIdentitySecret();
    if (!(await this.links.setIdentitySecret(tenantId, agent.id, linkId, this.identitySecrets.seal(secret, linkId)))) throw notFound();
    return { secret };
  }

  /** Seals the identity secrets still stored in clear (written before they were sealed); answers how many. */
  sealIdentitySecretsInClear(): Promise<number> {
    return sealInClear(
      {
        inClear: async (afterId, limit) =>
          (await this.links.identitySecretsInClear(afterId, limit)).map((row) => ({ id: row.id, secret: row.identity_secret })),
        replace: (row, sealed) => this.links.replaceIdentitySecretInClear(row.id, row.secret, sealed),
      },
      (row) => this.identitySecrets.seal(row.secret, row.id),
    );
  }

  /**
   * Checks a host site's user here, where the secret lives, so it never crosses the bus: a
   * `user_hash` of the id, or a signed token (identity-token.ts). A valid one answers the user in
   * the link's identity realm – the same id under another link's secret is another person.
   * A deleted link has no secret to check with, nor has one whose secret does not open (SECRETS_KEY
   * changed, or the value moved from another link's row): `no_secret`, until a new one is made.
   */
  async verifyIdentity(
    linkId: string,
    user: { userId: string; userHash: string } | { token: string },
  ): Promise<{ result: IdentityCheck; user?: { id: string; realm: string; name?: string; email?: string } }> {
    const link = await this.links.identity(linkId);
    if (!link?.identity_secret || !link.identity_realm) return { result: 'no_secret' };
    const secret = this.openIdentitySecret(linkId, link.identity_secret);
    if (secret === undefined) return { result: 'no_secret' };
    const realm = link.identity_realm;
    if ('token' in user) {
      const checked = await verifyIdentityToken(secret, user.token);
      return checked.result === 'valid' ? { result: 'valid', user: { ...checked.user, realm } } : checked;
    }
    if (link.identity_token_required) return { result: 'token_required' };
    return identityHashValid(secret, user.userId, user.userHash) ? { result: 'valid', user: { id: user.userId, realm } } : { result: 'invalid' };
  }

  /** The link's identity secret opened; undefined (logged by the link's id, never a value) when it does not open. */
  private openIdentitySecret(linkId: string, stored: string): string | undefined {
    try {
      return this.identitySecrets.open(stored, linkId);
    } catch (error) {
      if (!(error instanceof SecretNotOpened)) throw error;
      this.logger.error({ linkId }, "a link's identity secret does not open with SECRETS_KEY; its signed users are refused until a new one is made");
      return undefined;
    }
  }

  async resolve(tokenHash: string): Promise<LinkAccess> {
    const link = await this.links.findByTokenHash(tokenHash);
    if (!link) throw notFound();
    return linkAccessOf(link);
  }

  /** A live link by its id, as a visitor's request resolves it. */
  async access(linkId: string): Promise<LinkAccess> {
    const link = await this.links.findLiveById(linkId);
    if (!link) throw notFound();
    return linkAccessOf(link);
  }

  /**
   * A pinned version, or each version of a split, must be one of the link's agent (a draft
   * counts: a pinned draft is a preview link). The first that is not is named by its path.
   */
  private async checkVersions(agentId: string, { version, split }: { version?: number | null | undefined; split?: SplitArm[] | null | undefined }) {
    const wanted = [
      ...(version != null ? [{ path: 'body.version', version }] : []),
      ...(split ?? []).map((arm, index) => ({ path: `body.split[${index}].version`, version: arm.version })),
    ];
    if (wanted.length === 0) return;
    const existing = await this.registry.existingVersions(
      agentId,
      wanted.map((want) => want.version),
    );
    const details = wanted
      .filter((want) => !existing.has(want.version))
      .map((want) => ({ path: want.path, message: `the agent has no version ${want.version}` }));
    const first = details[0];
    if (first) throw new AppError('invalid', `${first.path}: ${first.message}`, { details });
  }

  private async agent(tenantId: string, name: string) {
    const agent = await this.registry.findAgentByName(tenantId, name);
    if (!agent) throw new AppError('not_found', `agent "${name}" not found`);
    return agent;
  }
}

const notFound = () => new AppError('not_found', 'link not found');
