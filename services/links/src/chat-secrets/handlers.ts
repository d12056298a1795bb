import { handlers } from '../parts.js';

/** A tenant's Text Chat API secrets (docs/text-chat-api.md, "Text Chat API secrets"). */
export const chatSecretHandlers = handlers({
  /** A tenant's new Text Chat API secret (docs/text-chat-api.md, "Text Chat API secrets"); every gateway takes it at once. */
  'links.chat-secrets.create':
    ({ chatSecrets, broadcasts }) =>
    async (req) => {
      const created = await chatSecrets.create(req.tenantId);
      await broadcasts.chatSecretsChanged(req.tenantId);
      return created;
    },
  /** The tenant's live Text Chat API secrets; never a secret. */
  'links.chat-secrets.list':
    ({ chatSecrets }) =>
    (req) =>
      chatSecrets.list(req.tenantId),
  /** Deletes a Text Chat API secret; every gateway refuses it within a second. */
  'links.chat-secrets.delete':
    ({ chatSecrets, broadcasts }) =>
    async (req) => {
      const deleted = await chatSecrets.delete(req.tenantId, req.secretId);
      await broadcasts.chatSecretsChanged(req.tenantId);
      return deleted;
    },
  /** The tenant's secrets opened: what a gateway verifies that tenant's signed requests with. */
  'links.chat-secrets.live':
    ({ chatSecrets }) =>
    (req) =>
      chatSecrets.live(req.tenantId),
  /** Notes that a secret verified a request now. */
  'links.chat-secrets.touch':
    ({ chatSecrets }) =>
    (req) =>
      chatSecrets.touch(req.secretId),
});
