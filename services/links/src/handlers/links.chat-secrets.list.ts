import { handler } from './handler.js';

/** The tenant's live Text Chat API secrets; never a secret. */
export default handler('links.chat-secrets.list', ({ chatSecrets }) => (req) => chatSecrets.list(req.tenantId));
