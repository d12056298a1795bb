import { handlers } from '../parts.js';

/** What an agent's knowledge answered, as its conversations keep it (docs/workflow.md "Answers from knowledge in the transcript"). */
export const knowledgeHandlers = handlers({
  /** Answers from knowledge, those with sources, and questions without a match over a period, for analytics. */
  'sessions.knowledge-activity':
    ({ knowledgeAnswers }) =>
    (req) =>
      knowledgeAnswers.activity({ tenantId: req.tenantId, agentId: req.agentId, from: new Date(req.from), to: new Date(req.to) }),
  /** The visitors' questions that found no passage over a period, newest first. */
  'sessions.knowledge-gaps':
    ({ knowledgeAnswers }) =>
    async (req) => ({
      gaps: await knowledgeAnswers.gaps({ tenantId: req.tenantId, agentId: req.agentId, from: new Date(req.from), to: new Date(req.to), limit: req.limit }),
    }),
});
