import { handlers } from '../parts.js';

/** The agent's tool calls, as its transcripts keep them. */
export const toolCallHandlers = handlers({
  /** Per tool, the calls an agent's conversations made over a period, for analytics. */
  'sessions.tool-activity':
    ({ toolActivity }) =>
    async (req) => ({
      tools: await toolActivity.activity({ tenantId: req.tenantId, agentId: req.agentId, from: new Date(req.from), to: new Date(req.to) }),
    }),
});
