import { handler } from './handler.js';

/** The signed-in users of an email's conversations, whose memories its export and erasure take along (docs/api.md, "Privacy"). */
export default handler('sessions.privacy.signed-users', ({ privacy }) => (req) => privacy.signedUsers(req.tenantId, req.email));
