import { replyWith, startFakeLlm } from '@parley/testing';
import { LLM_REPLY } from './bench-agent.js';

/**
 * The fake LLM server as a process of its own (started by fake-llm-process.ts), so its CPU is
 * measured apart from the stack's and the load generator's. It answers every chat completion
 * (at once, or after the milliseconds of its first argument) with LLM_REPLY – streamed in
 * word-sized chunks when the request streams, as the agent-runner's replies do – and keeps no
 * record of the requests.
 */
const delayMs = Number(process.argv[2] ?? 0) || 0;
const fake = await startFakeLlm({ handler: replyWith(delayMs > 0 ? { content: LLM_REPLY, delayMs } : LLM_REPLY), record: false });
process.stdout.write(`fake LLM: ${fake.url}\n`);

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    void fake.close().finally(() => process.exit(0));
  });
}
