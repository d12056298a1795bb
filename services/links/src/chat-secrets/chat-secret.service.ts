import { randomToken } from '@parley/auth';
import { AppError, MAX_CHAT_SECRETS } from '@parley/contracts';
import type { Logger } from '@parley/logger';
import type { SecretBox } from '../sealing/secret-box.js';
import type { ChatSecretRepository } from './chat-secret.repository.js';

const iso = (date: Date) => date.toISOString();

/** What a sealed secret is bound to: moved to another tenant's row, or renamed, it does not open. */
const boundTo = (tenantId: string, secretId: string) => `chat-secret:${tenantId.toLowerCase()}/${secretId}`;

/**
 * A tenant's own Text Chat API secrets (docs/text-chat-api.md, "Text Chat API secrets"): `chsec_` + 256 random
 * bits, shown once, kept sealed (SecretBox), at most MAX_CHAT_SECRETS live at once. The gateways ask
 * for them opened (`live`) to verify that tenant's signed requests.
 */
export class ChatSecretService {
  constructor(
    private readonly repository: ChatSecretRepository,
    private readonly box: SecretBox,
    private readonly logger: Logger,
  ) {}

  async create(tenantId: string) {
    const secretId = `chs_${randomToken(9)}`;
    const secret = `chsec_${randomToken(32)}`;
    const created = await this.repository.create({ id: secretId, tenantId, sealed: this.box.seal(secret, boundTo(tenantId, secretId)) }, MAX_CHAT_SECRETS);
    if (created === 'no_tenant') throw new AppError('not_found', 'tenant not found');
    if (created === 'full') {
      throw new AppError(
        'conflict',
        `a tenant has at most ${MAX_CHAT_SECRETS} Text Chat API secrets at once: delete one it no longer signs with (DELETE /api/chat-secrets/{secret_id}) first`,
        { details: { reason: 'too_many_secrets', max: MAX_CHAT_SECRETS } },
      );
    }
    return { secret_id: secretId, secret, created_at: iso(created.created_at) };
  }

  async list(tenantId: string) {
    const rows = await this.repository.list(tenantId);
    return {
      secrets: rows.map((row) => ({
        secret_id: row.id,
        created_at: iso(row.created_at),
        last_used_at: row.last_used_at === null ? null : iso(row.last_used_at),
      })),
    };
  }

  async delete(tenantId: string, secretId: string) {
    const deleted = await this.repository.delete(tenantId, secretId);
    if (!deleted) throw new AppError('not_found', 'secret not found');
    return { secretId: deleted.id };
  }

  /**
   * The tenant's secrets, opened. One that does not open (SECRETS_KEY changed, the row altered) is
   * left out and logged by id: the tenant's other secrets and CHAT_API_SECRET keep working.
   */
  async live(tenantId: string) {
    const secrets: Array<{ secretId: string; secret: string }> = [];
    for (const row of await this.repository.sealed(tenantId)) {
      try {
        secrets.push({ secretId: row.id, secret: this.box.open(row.sealed, boundTo(row.tenant_id, row.id)) });
      } catch {
        this.logger.error({ secretId: row.id, tenantId: row.tenant_id }, 'a Text Chat API secret does not open with SECRETS_KEY; it is not accepted');
      }
    }
    return { secrets };
  }

  async touch(secretId: string) {
    await this.repository.touch(secretId);
    return {};
  }
}
