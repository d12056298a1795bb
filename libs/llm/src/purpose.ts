/**
 * Every call carries `x-parley-purpose: reply | extraction | classification | moderation | embedding`, so logs, proxies
 * and the fake LLM server in @parley/testing (which routes its canned answers on it) can tell the
 * calls apart. A header rather than a prompt line or a body field: the model sees nothing of it
 * and OpenAI-compatible servers ignore headers they do not know.
 */
export const purposeHeader = 'x-parley-purpose';

export type LlmPurpose = 'reply' | 'extraction' | 'classification' | 'moderation' | 'embedding';
