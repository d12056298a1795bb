/** What the bench agent says on every turn. */
export const STATIC_TEXT = 'Noted. Tell me more.';

/**
 * One static_text node whose `user_responded` transition loops back to itself: every message is
 * exactly one turn that follows one transition and says STATIC_TEXT, with no LLM involved, so
 * the figures measure the platform and nothing else.
 */
export const benchAgentConfig = {
  workflow: {
    initial_node: 'listen',
    nodes: [
      {
        id: 'listen',
        name: 'Listen',
        static_text: STATIC_TEXT,
        transitions: [{ to: 'listen', condition: 'user_responded' }],
      },
    ],
  },
};

/** What the fake LLM server answers every reply with (see fake-llm-process.ts). */
export const LLM_REPLY = 'Happy to help with that.';

/**
 * The same loop with an LLM prompt node instead: every message is one turn that follows one
 * transition and asks the LLM once (with the conversation's history; a reply read whole, as no
 * live client watches a Text Chat API conversation), so the figures measure what the platform
 * spends around an LLM call. The fake LLM server answers at
 * once with LLM_REPLY. No fallback_text: a failed LLM call is a failed turn (HTTP 503), which
 * the load counts as an error.
 */
export const llmBenchAgentConfig = {
  llm: { model: 'bench-model', temperature: 0.2, max_tokens: 60 },
  workflow: {
    initial_node: 'listen',
    nodes: [
      {
        id: 'listen',
        name: 'Listen',
        prompt: 'You are a friendly assistant. Answer in one short sentence.',
        transitions: [{ to: 'listen', condition: 'user_responded' }],
      },
    ],
  },
};

/** The tool agent's one tool, and the order its model looks up on every turn (see fake-llm-server.ts). */
export const ORDER_TOOL = 'order_status';
export const BENCH_ORDER_ID = 'BK-1042';

/**
 * The same loop again, with a prompt node whose model may call one http tool: `GET
 * <shop>/api/orders/{order_id}` on the shop service that runs beside the fake LLM. The fake asks
 * for that call on every turn and answers LLM_REPLY once it has the result, so every message is
 * one turn with two LLM calls and one HTTP call. The shop's address is known only once it runs.
 */
export function toolBenchAgentConfig(shopUrl: string) {
  return {
    llm: llmBenchAgentConfig.llm,
    tools: [
      {
        name: ORDER_TOOL,
        description: 'Look up an order by its number',
        http: { method: 'GET', url: `${shopUrl}/api/orders/{{args.order_id}}` },
        parameters: { type: 'object', properties: { order_id: { type: 'string' } }, required: ['order_id'] },
      },
    ],
    workflow: {
      initial_node: 'listen',
      nodes: [
        {
          id: 'listen',
          name: 'Listen',
          prompt: 'You are a shop assistant. Look orders up with your tool; answer in one short sentence.',
          tools: [ORDER_TOOL],
          transitions: [{ to: 'listen', condition: 'user_responded' }],
        },
      ],
    },
  };
}

/** The knowledge agent's answer: the fake LLM cites the first passage when the prompt has passages (see fake-llm-server.ts). */
export const CITED_REPLY = `${LLM_REPLY} [1]`;

/**
 * The LLM loop once more, with `knowledge` on its prompt node: every turn searches the tenant's
 * bench base (BENCH_BASE of bench-knowledge.ts, which must exist before the agent is saved) for the
 * visitor's question, puts the best passages in the prompt, and the reply cites one of them.
 */
export function knowledgeBenchAgentConfig(base: string) {
  return {
    llm: llmBenchAgentConfig.llm,
    workflow: {
      initial_node: 'listen',
      nodes: [
        {
          id: 'listen',
          name: 'Listen',
          prompt: 'You answer questions about the platform from its documentation, in one short sentence.',
          knowledge: { bases: [base], top_k: 4 },
          transitions: [{ to: 'listen', condition: 'user_responded' }],
        },
      ],
    },
  };
}

/**
 * Which bench agent: `static` says STATIC_TEXT, `llm` says what the LLM answers (LLM_REPLY from
 * the fake), `tool` says it too after one call of ORDER_TOOL, `knowledge` says CITED_REPLY from
 * the passages its search found.
 */
export type BenchAgentKind = 'static' | 'llm' | 'tool' | 'knowledge';
export const BENCH_AGENT_KINDS: readonly BenchAgentKind[] = ['static', 'llm', 'tool', 'knowledge'];

/** The knowledge agent's base, by name (bench-knowledge.ts creates it). */
export const BENCH_BASE = 'bench-docs';

export interface SeededAgent {
  tenantId: string;
  agentId: string;
  kind: BenchAgentKind;
  /** Its name, which the management API's agent routes take. */
  name: string;
  /** What every turn of the agent answers. */
  reply: string;
  /** The tool every turn calls, whose call the turn's reply must report as `ok`. */
  tool?: string | undefined;
  /** What its visitors say, in turn (default: numbered messages); the knowledge agent's are questions its base answers. */
  questions?: readonly string[] | undefined;
  /** Every answer cites one passage (the knowledge agent). */
  cites?: boolean | undefined;
}

/** A tool call as a turn's answer reports it (`tool_calls` of the Text Chat API, `toolCalls` of runner.turn). */
interface ReportedCall {
  tool: string;
  status: string;
}

/**
 * Whether a turn answered as the agent always does: its reply, and for the tool agent exactly one
 * call of its tool that the shop answered – a call refused by the outbound guard or failed would
 * still end in LLM_REPLY, and would measure no HTTP call.
 */
export function answeredAsAlways(
  agent: SeededAgent,
  response: unknown,
  calls: readonly ReportedCall[] | undefined,
  citations?: readonly unknown[] | undefined,
): boolean {
  if (response !== agent.reply) return false;
  // A cited answer with no citation reported: the search found nothing, which measures no search.
  if (agent.cites && citations?.length !== 1) return false;
  if (agent.tool === undefined) return true;
  return calls?.length === 1 && calls[0]?.tool === agent.tool && calls[0].status === 'ok';
}

/** A POST of the management API (admin key, acting on `tenantId` when given); answers the 201 body. */
export async function managementPost(url: string, adminKey: string, path: string, body: unknown, tenantId?: string): Promise<any> {
  const response = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${adminKey}`,
      'content-type': 'application/json',
      ...(tenantId ? { 'x-tenant-id': tenantId } : {}),
    },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (response.status !== 201) throw new Error(`POST ${path} answered ${response.status}: ${text}`);
  return JSON.parse(text);
}

/** The static bench agent's name, which the management API's agent routes take. */
export const BENCH_AGENT_NAME = 'bench-static';

const AGENTS: Record<BenchAgentKind, { name: string; config: (shopUrl: string | undefined) => unknown; reply: string; tool?: string; cites?: boolean }> = {
  static: { name: BENCH_AGENT_NAME, config: () => benchAgentConfig, reply: STATIC_TEXT },
  llm: { name: 'bench-llm', config: () => llmBenchAgentConfig, reply: LLM_REPLY },
  tool: {
    name: 'bench-tool',
    config: (shopUrl) => {
      if (!shopUrl) throw new Error('the tool bench agent needs the shop service’s URL (the fake LLM process runs it)');
      return toolBenchAgentConfig(shopUrl);
    },
    reply: LLM_REPLY,
    tool: ORDER_TOOL,
  },
  knowledge: { name: 'bench-knowledge', config: () => knowledgeBenchAgentConfig(BENCH_BASE), reply: CITED_REPLY, cites: true },
};

/**
 * A tenant with a bench agent (the static one unless told), through the management API. The tool
 * agent needs `shopUrl`, where the shop service runs (fake-llm-process.ts). `prepare` runs in the
 * new tenant before the agent is saved: the knowledge agent's base must exist by then.
 */
export async function seedBenchAgent(
  url: string,
  adminKey: string,
  tenantName = 'chat-api bench',
  kind: BenchAgentKind = 'static',
  shopUrl?: string,
  options: { prepare?: (tenantId: string) => Promise<void>; questions?: readonly string[] } = {},
): Promise<SeededAgent> {
  const { name, config, reply, tool, cites } = AGENTS[kind];
  const tenant = await managementPost(url, adminKey, '/api/tenants', { name: tenantName });
  await options.prepare?.(tenant.id);
  const agent = await managementPost(url, adminKey, '/api/agents', { name, config: config(shopUrl) }, tenant.id);
  return { tenantId: tenant.id, agentId: agent.id, kind, name, reply, tool, cites, questions: options.questions };
}
