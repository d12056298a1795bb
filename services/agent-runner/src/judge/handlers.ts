import { AppError } from '@parley/contracts';
import { DEFAULT_MODEL } from '@parley/workflow';
import { handlers } from '../parts.js';

/** The two answers the judge may give, as intents the LLM classifies the question into. */
const VERDICTS = [
  { name: 'yes', description: 'the reply satisfies the statement' },
  { name: 'no', description: 'the reply does not satisfy the statement' },
];

/** Tests' `judge` expectations (docs/evaluations.md): the version's own LLM settings, one classification call. */
export const judgeHandlers = handlers({
  'runner.judge':
    ({ configs, llm, logger }) =>
    async ({ agentId, version, statement, reply }) => {
      if (!llm.available) throw new AppError('unavailable', 'no LLM is configured to judge the reply', { details: { reason: 'llm' } });
      const config = await configs.config({ agentId, version });
      const settings = {
        model: config.llm?.model ?? DEFAULT_MODEL,
        ...(config.llm?.temperature === undefined ? {} : { temperature: config.llm.temperature }),
      };
      try {
        const answered = await llm.classify({
          settings,
          intents: VERDICTS,
          message: `Does the reply below satisfy this statement? Statement: ${statement}\n\nReply:\n${reply}`,
        });
        return { verdict: answered.value === 'yes' };
      } catch (error) {
        logger.warn({ agentId, version, reason: error instanceof Error ? error.message : String(error) }, 'a test’s judge could not be asked');
        throw new AppError('unavailable', 'the LLM could not be asked to judge the reply', { details: { reason: 'llm' } });
      }
    },
});
