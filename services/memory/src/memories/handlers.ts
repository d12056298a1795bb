import { withLogContext } from '@parley/logger';
import { handlers } from '../parts.js';

/** What an agent remembers about an identified visitor. */
export const visitorMemoryHandlers = handlers({
  /** The summary kept for an identified visitor of an agent, asked before their turn. */
  'memory.get':
    ({ memory }) =>
    (req) =>
      withLogContext({ agentId: req.agentId }, () => memory.get(req.agentId, req)),
});
