import { handler } from './handler.js';

/** Deletes a Text Chat API secret; every gateway refuses it within a second. */
export default handler('links.chat-secrets.delete', ({ chatSecrets, broadcasts }) => async (req) => {
  const deleted = await chatSecrets.delete(req.tenantId, req.secretId);
  await broadcasts.chatSecretsChanged(req.tenantId);
  return deleted;
});
