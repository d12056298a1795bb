import { handler } from './handler.js';

/** Operators' and teams' work over a period, for analytics. */
export default handler('sessions.operator-activity', ({ operators }) => (req) =>
  operators.activity({ tenantId: req.tenantId, from: new Date(req.from), to: new Date(req.to), agentId: req.agentId, linkId: req.linkId }),
);
