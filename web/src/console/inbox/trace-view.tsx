import { useEffect, useState } from 'preact/hooks';
import type { ConversationTrace, ManagementApi } from '../api/management-api';
import { useApiCall } from '../api/use-api-call';
import { Problem } from '../ui/problem';
import { t } from '../words';

/** USD with enough digits for a single call's fraction of a cent. */
const usd = (value: number) => t.number(value, { style: 'currency', currency: 'USD', maximumSignificantDigits: 3 });

/** Each turn of the conversation: its LLM calls with their tokens, time and cost, its tool calls and the passages retrieved. */
export function TraceView(props: { api: ManagementApi; conversationId: string; onUnauthorized(): void }) {
  const { api, conversationId } = props;
  const [trace, setTrace] = useState<ConversationTrace>();
  const load = useApiCall(props.onUnauthorized);
  useEffect(() => {
    void load.run(async () => setTrace(await api.conversationTrace(conversationId)));
  }, [api, conversationId]);
  if (load.error) return <Problem error={load.error} />;
  if (!trace) return <p class="muted">{t('common.loading')}</p>;
  const calls = trace.turns.flatMap((turn) => turn.llm_calls);
  const priced = calls.filter((call) => call.cost !== undefined);
  return (
    <section class="turn-costs" aria-label={t('trace.title')}>
      <p>
        {t('trace.total', {
          calls: t.number(calls.length),
          tokens: t.number(calls.reduce((sum, call) => sum + call.prompt_tokens + call.completion_tokens, 0)),
        })}
        {priced.length > 0 && ` · ${usd(priced.reduce((sum, call) => sum + (call.cost ?? 0), 0))}`}
      </p>
      <ol class="turn-costs-list">
        {trace.turns.map((turn) => (
          <li key={turn.turn}>
            <strong>{t('trace.turnNumber', { turn: turn.turn })}</strong> <span class="muted">{turn.node_path.join(' → ')}</span>
            {turn.llm_calls.map((call, i) => (
              <div key={i}>
                {t('trace.call', {
                  model: call.model,
                  prompt: t.number(call.prompt_tokens),
                  completion: t.number(call.completion_tokens),
                  ms: t.number(call.latency_ms),
                })}
                {call.cost !== undefined && ` · ${usd(call.cost)}`}
              </div>
            ))}
            {turn.tool_calls.length > 0 && (
              <div>
                {t('trace.tools')}: {turn.tool_calls.map((call) => `${call.tool} (${call.status})`).join(', ')}
              </div>
            )}
            {turn.retrieval && <div>{t('trace.passages', { count: t.number(turn.retrieval.length) })}</div>}
          </li>
        ))}
      </ol>
    </section>
  );
}
