import { handler } from './handler.js';

/** A page of the ids of a visitor's conversations (docs/api.md, "Privacy"). */
export default handler('sessions.privacy.conversation-ids', ({ privacy }) => (req) => privacy.conversationIds(req));
