import { type FakeReply, type RecordedRequest, startFakeLlm, startShopService, toolMessages } from '@parley/testing';
import { BENCH_ORDER_ID, CITED_REPLY, LLM_REPLY, ORDER_TOOL } from './bench-agent.js';

/**
 * The fake LLM server as a process of its own (started by fake-llm-process.ts), so its CPU is
 * measured apart from the stack's and the load generator's. It answers every chat completion
 * (at once, or after the milliseconds of its first argument) with LLM_REPLY – streamed in
 * word-sized chunks when the request streams, as the agent-runner's replies do – and keeps no
 * record of the requests. A request that offers tools and carries no tool result yet (the tool
 * agent's first call of a turn) is answered with a call of ORDER_TOOL instead; one whose system
 * prompt carries numbered passages (the knowledge agent's) is answered with CITED_REPLY, citing the first.
 *
 * The shop service those calls reach runs here too, so its CPU is not the stack's either. It
 * keeps no record of its requests, only their count, printed as it stops.
 */
const delayMs = Number(process.argv[2] ?? 0) || 0;
const delay = delayMs > 0 ? { delayMs } : {};
const answer: FakeReply = { content: LLM_REPLY, ...delay };
const lookUpOrder: FakeReply = { toolCalls: [{ name: ORDER_TOOL, arguments: { order_id: BENCH_ORDER_ID } }], ...delay };
const cited: FakeReply = { content: CITED_REPLY, ...delay };
const hasPassages = (request: RecordedRequest) =>
  (request.body.messages ?? []).some((m) => m.role === 'system' && typeof m.content === 'string' && m.content.includes('\n[1] ('));
const handler = (request: RecordedRequest): FakeReply => {
  if ((request.body.tools ?? []).length > 0 && toolMessages(request).length === 0) return lookUpOrder;
  return hasPassages(request) ? cited : answer;
};

const fake = await startFakeLlm({ handler, record: false });
const shop = await startShopService();
let shopRequests = 0;
// The shop records every request; under load that list would grow for the whole run.
const countShopRequests = () => {
  shopRequests += shop.requests.length;
  shop.requests.length = 0;
};
setInterval(countShopRequests, 1_000).unref();
process.stdout.write(`fake LLM: ${fake.url}\n`);
process.stdout.write(`shop: ${shop.url}\n`);

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    void Promise.all([fake.close(), shop.close()]).finally(() => {
      countShopRequests();
      process.stdout.write(`shop requests: ${shopRequests}\n`);
      process.exit(0);
    });
  });
}
