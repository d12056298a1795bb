export { createOpenAiLlm, type OpenAiLlmOptions } from './openai-llm.js';
export { noLlm } from './no-llm.js';
export { type LlmPurpose, purposeHeader } from './purpose.js';
