import { handler } from './handler.js';

/** What the memory service's sentiment classifier reads of an ended conversation (docs/api.md "Sentiment"). */
export default handler('sessions.transcript', ({ sentiments }) => (req) => sentiments.transcript(req.conversationId));
