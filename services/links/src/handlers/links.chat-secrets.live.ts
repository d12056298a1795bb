import { handler } from './handler.js';

/** The tenant's secrets opened: what a gateway verifies that tenant's signed requests with. */
export default handler('links.chat-secrets.live', ({ chatSecrets }) => (req) => chatSecrets.live(req.tenantId));
