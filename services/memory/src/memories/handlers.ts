import { withLogContext } from '@parley/logger';
import { handler } from './handler.js';

/** The summary kept for an identified visitor of an agent, asked before their turn. */
export default handler('memory.get', ({ memory }) => (req) => withLogContext({ agentId: req.agentId }, () => memory.get(req.agentId, req)));
