import { handlers } from '../parts.js';

/** The turns' traces (docs/workflow.md "Traces"): a conversation's, and what a period's LLM calls cost. */
export const traceHandlers = handlers({
  'sessions.conversation-trace':
    ({ turnTraces }) =>
    (req) =>
      turnTraces.conversation(req.tenantId, req.conversationId),
  'sessions.llm-cost':
    ({ turnTraces }) =>
    (req) =>
      turnTraces.cost({
        tenantId: req.tenantId,
        agentId: req.agentId,
        linkId: req.linkId,
        from: new Date(req.from),
        to: new Date(req.to),
        bucket: req.bucket,
      }),
});
