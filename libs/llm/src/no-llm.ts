import { LlmUnavailableError, type WorkflowLlm } from '@parley/workflow';

/** For deployments without an LLM: prompt nodes say their fallback_text, extraction and intents skip the LLM. */
export function noLlm(): WorkflowLlm {
  const unavailable = async (): Promise<never> => {
    throw new LlmUnavailableError('no LLM is configured');
  };
  return { available: false, reply: unavailable, extract: unavailable, classify: unavailable };
}
