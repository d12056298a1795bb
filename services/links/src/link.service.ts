import { randomToken, sha256Hex } from '@parley/auth';
import { AppError, type CreateLinkBody, type LinkAccess, linkIdPattern, type UpdateLinkBody } from '@parley/contracts';
import type { LinkRepository } from './link.repository.js';
import { linkAccessOf, linkChanges, linkView, newLinkColumns } from './link-settings.js';
import type { RegistryRepository } from './registry.repository.js';

/**
 * Public chat links of a tenant's agents. A link is addressed through its agent (by name, within
 * the tenant), so another tenant's link is simply not found. The token is handed out once, at
 * creation; only its SHA-256 is kept, which is what visitors' requests are resolved by.
 */
export class LinkService {
  constructor(
    private readonly links: LinkRepository,
    private readonly registry: RegistryRepository,
  ) {}

  async create(tenantId: string, agentName: string, settings: CreateLinkBody, publicBaseUrl: string) {
    const agent = await this.agent(tenantId, agentName);
    // 192 random bits; the id is a separate random value, so it reveals nothing of the token.
    const token = randomToken(24);
    const link = await this.links.create({
      id: `lnk_${randomToken(12)}`,
      tenant_id: tenantId,
      agent_id: agent.id,
      token_hash: sha256Hex(token),
      ...(await newLinkColumns(settings)),
    });
    return { ...linkView(link, agent.name), token, url: `${publicBaseUrl.replace(/\/+$/, '')}/c/${token}` };
  }

  async list(tenantId: string, agentName: string) {
    const agent = await this.agent(tenantId, agentName);
    const links = await this.links.listForAgent(tenantId, agent.id);
    return { links: links.map((link) => linkView(link, agent.name)) };
  }

  async update(tenantId: string, agentName: string, linkId: string, changes: UpdateLinkBody) {
    const agent = await this.agent(tenantId, agentName);
    if (!linkIdPattern.test(linkId)) throw notFound();
    const link = await this.links.update(tenantId, agent.id, linkId, await linkChanges(changes));
    if (!link) throw notFound();
    return linkView(link, agent.name);
  }

  async delete(tenantId: string, agentName: string, linkId: string) {
    const agent = await this.agent(tenantId, agentName);
    if (!linkIdPattern.test(linkId) || !(await this.links.softDelete(tenantId, agent.id, linkId))) throw notFound();
    return { deleted: true as const };
  }

  async resolve(tokenHash: string): Promise<LinkAccess> {
    const link = await this.links.findByTokenHash(tokenHash);
    if (!link) throw notFound();
    return linkAccessOf(link);
  }

  private async agent(tenantId: string, name: string) {
    const agent = await this.registry.findAgentByName(tenantId, name);
    if (!agent) throw new AppError('not_found', `agent "${name}" not found`);
    return agent;
  }
}

const notFound = () => new AppError('not_found', 'link not found');
