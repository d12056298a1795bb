import { createOpenAiLlm, type LlmMetrics } from '@parley/llm';
import type { Logger } from '@parley/logger';
import { openGuardedFetch } from '@parley/outbound';
import { type ForeignBackend, LlmUnavailableError, type WorkflowLlm } from '@parley/workflow';
import { KeptClients } from './kept-clients.js';
import { type Backend, BackendFailed, type BackendAnswer, type BackendAsk, BACKEND_ATTEMPT_MS } from './backend-kinds.js';

interface KeptLlm {
  llm: WorkflowLlm;
  close: () => Promise<void>;
}

/**
 * An OpenAI-compatible chat completions endpoint (docs/workflow.md "Backends"): a LiteLLM proxy,
 * vLLM, a hosted assistant. It gets the conversation and the message, and answers – streamed
 * when someone watches live – with the tokens it reports counted like the platform's own model's.
 * Every request goes through the outbound guard.
 */
export function openAiBackend(options: { allowPrivate: boolean; logger: Logger; metrics?: LlmMetrics | undefined }): Backend & { close(): Promise<void> } {
  const clients = new KeptClients<KeptLlm>(
    async (key) => {
      const { url, headers } = JSON.parse(key) as { url: string; headers: Record<string, string> };
      const guarded = openGuardedFetch({ allowPrivate: options.allowPrivate, who: 'backends' });
      const llm = createOpenAiLlm({
        baseUrl: url,
        headers,
        fetch: guarded.fetch,
        timeoutMs: BACKEND_ATTEMPT_MS,
        // One more attempt on a 429, a 5xx or a dropped connection, as for the platform's own model.
        maxRetries: 1,
        logger: options.logger,
        ...(options.metrics ? { metrics: options.metrics } : {}),
      });
      return { llm, close: guarded.close };
    },
    (kept) => kept.close(),
    { max: 100, ttlMs: 10 * 60_000 },
  );
  return {
    async answer(backend: ForeignBackend, ask: BackendAsk): Promise<BackendAnswer> {
      if (backend.kind !== 'openai') throw new TypeError(`not an openai backend: ${backend.kind}`);
      const { llm } = await clients.get(JSON.stringify({ url: ask.url, headers: ask.headers }));
      try {
        const result = await llm.reply({
          settings: { model: backend.model },
          // The endpoint's assistant has its own instructions: the platform adds none.
          system: '',
          history: [...ask.history, { role: 'user', content: ask.message }],
          ...(ask.onDelta ? { onDelta: ask.onDelta } : {}),
        });
        return { reply: result.value, ...(result.usage ? { usage: result.usage } : {}), ...(result.calls ? { calls: result.calls } : {}) };
      } catch (error) {
        if (error instanceof LlmUnavailableError) throw new BackendFailed(error.message);
        throw error;
      }
    },
    close: () => clients.closeAll(),
  };
}
