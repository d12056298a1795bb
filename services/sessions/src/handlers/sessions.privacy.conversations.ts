import { handler } from './handler.js';

/** A page of a visitor's conversations, for their export (docs/api.md, "Privacy"). */
export default handler('sessions.privacy.conversations', ({ privacy }) => (req) => privacy.conversations(req));
