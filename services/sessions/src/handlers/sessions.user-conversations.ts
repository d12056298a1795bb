import { handler } from './handler.js';

/** Text Chat API sessions created with a `metadata.user_id`, newest first. */
export default handler('sessions.user-conversations', ({ userConversations }) => (req) => userConversations.forUser(req));
