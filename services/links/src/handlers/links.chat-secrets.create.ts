import { handler } from './handler.js';

/** A tenant's new Text Chat API secret (docs/api.md, "Text Chat API secrets"); every gateway takes it at once. */
export default handler('links.chat-secrets.create', ({ chatSecrets, broadcasts }) => async (req) => {
  const created = await chatSecrets.create(req.tenantId);
  await broadcasts.chatSecretsChanged(req.tenantId);
  return created;
});
