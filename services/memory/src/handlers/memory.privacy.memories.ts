import { handler } from './handler.js';

/** A visitor's memories (and those of the signed-in users of an email's conversations), for their export (docs/api.md, "Privacy"). */
export default handler('memory.privacy.memories', ({ privacy }) => async (req) => ({ memories: await privacy.memories(req.tenantId, req.visitor, req.users) }));
