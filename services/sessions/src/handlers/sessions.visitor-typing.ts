import { handler } from './handler.js';

/** A visitor is typing: the operators of an escalated conversation see it. */
export default handler('sessions.visitor-typing', ({ escalations }) => (req) => escalations.visitorTyping(req));
