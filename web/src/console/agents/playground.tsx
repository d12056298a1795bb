import { useEffect, useRef, useState } from 'preact/hooks';
import { Composer } from '../../chat/composer';
import { Sources } from '../../chat/sources/sources';
import type { AgentDetail, Citation, ManagementApi, ToolCallReport, TransitionInfo } from '../api/management-api';
import { useApiCall } from '../api/use-api-call';
import { Problem } from '../ui/problem';
import { t } from '../words';
import { PathSection } from './builder-section';

/** One line of the playground: what was said, and for the agent's lines what the workflow did to say it. */
interface Line {
  id: number;
  role: 'user' | 'assistant';
  text: string;
  node?: { id: string; name: string | null };
  transitions?: TransitionInfo[];
  extracted?: Record<string, string> | null;
  /** The turn's tool calls, in order (docs/workflow.md "Tools"). */
  toolCalls?: ToolCallReport[];
  /** The passages an answer from knowledge cited (docs/workflow.md "Knowledge"), shown as its sources. */
  citations?: Citation[] | undefined;
  latencyMs?: number;
}

/** The newest draft, the version most likely wanted for a try; undefined when every version is published. */
const newestDraft = (agent: AgentDetail) =>
  agent.versions.filter((v) => v.state === 'draft').reduce<number | undefined>((newest, v) => Math.max(newest ?? 0, v.version), undefined);

/** A version's state as the picker names it. */
const stateOf = (v: AgentDetail['versions'][number] | undefined) =>
  t(v?.active ? 'playground.stateActive' : v?.state === 'draft' ? 'playground.stateDraft' : 'playground.statePublished');

const nodeLabel = (id: string, name: string | null) => (name ? `${name} (${id})` : id);

/**
 * The agent tried as a visitor would meet it, with the reference's debug view: every reply shows
 * the node it came from, the transitions followed (with their conditions) and the variables
 * extracted in that turn; the variables collected so far stand beside the conversation.
 */
export function Playground({
  api,
  agent,
  initialVersion,
  onUnauthorized,
}: {
  api: ManagementApi;
  agent: AgentDetail;
  /** The version asked for ("Try in playground"); otherwise the newest draft, else the active version. */
  initialVersion?: number | undefined;
  onUnauthorized(): void;
}) {
  // Until the picker is used the default follows the agent as it is read again (a draft saved a
  // moment ago may arrive after this tab opened); a version picked stays picked.
  const [picked, setVersion] = useState<number>();
  const version = picked ?? initialVersion ?? newestDraft(agent) ?? agent.active_version;
  /** The version the current session runs, which the picker may have left since. */
  const [running, setRunning] = useState<number>();
  const [sessionId, setSessionId] = useState<string>();
  const [lines, setLines] = useState<Line[]>([]);
  const [collected, setCollected] = useState<Record<string, string>>({});
  const [ended, setEnded] = useState(false);
  const [text, setText] = useState('');
  /** The running version's config, drawn beside the conversation with the last turn's path on it. */
  const [runningConfig, setRunningConfig] = useState<unknown>();
  const { run, error, busy } = useApiCall(onUnauthorized);
  const nextId = useRef(0);
  const end = useRef<HTMLDivElement>(null);
  useEffect(() => end.current?.scrollIntoView({ block: 'end' }), [lines]);

  const lastTurn = [...lines].reverse().find((line) => line.role === 'assistant');
  const add = (line: Omit<Line, 'id'>) => setLines((current) => [...current, { ...line, id: nextId.current++ }]);

  const start = () =>
    run(async () => {
      const [session, detail] = await Promise.all([api.startPlayground(agent.name, version), api.version(agent.name, version)]);
      setRunningConfig(detail.config);
      setSessionId(session.session_id);
      setRunning(version);
      setLines([]);
      setCollected({});
      setEnded(session.status !== 'active');
      add({
        role: 'assistant',
        text: session.initial_message ?? '',
        node: { id: session.node_id, name: session.node_name },
        transitions: session.transitions,
        extracted: null,
        toolCalls: session.tool_calls,
        citations: session.citations,
      });
    });

  const send = (event: Event) => {
    event.preventDefault();
    const content = text.trim();
    // One turn at a time, as the Send button says: its answer comes before the next message.
    if (!content || !sessionId || busy) return;
    setText('');
    add({ role: 'user', text: content });
    void run(async () => {
      const turn = await api.sendPlayground(agent.name, sessionId, content);
      add({
        role: 'assistant',
        // No answer once a handoff node has given the conversation to a person.
        text: turn.response ?? t('playground.withPerson'),
        node: { id: turn.node_id, name: turn.node_name },
        transitions: turn.transitions,
        extracted: turn.extracted_variables,
        toolCalls: turn.tool_calls,
        citations: turn.citations,
        latencyMs: turn.latency_ms,
      });
      if (turn.extracted_variables) setCollected((current) => ({ ...current, ...turn.extracted_variables }));
      setEnded(turn.session_ended);
    });
  };

  return (
    <div class="columns playground">
      <section aria-labelledby="try-title">
        <div class="heading">
          <h2 id="try-title">{t('playground.title', { agent: agent.name })}</h2>
          <span class="inline-field">
            <label for="playground-version">{t('playground.version')}</label>{' '}
            <select id="playground-version" value={version} onChange={(e) => setVersion(Number((e.target as HTMLSelectElement).value))}>
              {agent.versions.map((v) => (
                <option key={v.version} value={v.version}>
                  {t('playground.versionOption', { version: String(v.version), state: stateOf(v) })}
                </option>
              ))}
            </select>
          </span>
          <button type="button" class={sessionId ? '' : 'primary'} disabled={busy} onClick={() => void start()}>
            {sessionId ? t('playground.restart') : t('playground.start')}
          </button>
        </div>
        <Problem error={error} />
        {running !== undefined && sessionId && (
          <p class="muted" data-running-version={running}>
            {t('playground.running', { version: String(running), state: stateOf(agent.versions.find((v) => v.version === running)) })}
          </p>
        )}
        {/* biome-ignore lint/a11y/noNoninteractiveTabindex: the log scrolls once turns carry their calls, and a scrolling region must be reachable from the keyboard */}
        <div role="log" aria-live="polite" aria-label={t('playground.log')} class="trace" tabIndex={0}>
          <ol>
            {lines.map((line) => (
              <li key={line.id} class={`turn ${line.role}`}>
                <p class="said">
                  <span class="sr-only">{line.role === 'user' ? t('playground.youSaid') : t('playground.agentSaid', { agent: agent.name })}</span>
                  {line.text || <em class="muted">{t('playground.saidNothing')}</em>}
                </p>
                {line.citations && <Sources messageId={`playground-${line.id}`} citations={line.citations} />}
                {line.node && (
                  <div class="debug">
                    <p>
                      {t('playground.node')} <strong>{nodeLabel(line.node.id, line.node.name)}</strong>
                      {line.latencyMs ? <span class="muted"> · {t('playground.latency', { ms: line.latencyMs })}</span> : null}
                    </p>
                    {line.transitions && line.transitions.length > 0 && (
                      <ol class="transitions" aria-label={t('playground.transitions')}>
                        {line.transitions.map((step, i) => (
                          <li key={i}>
                            {nodeLabel(step.from_node, step.from_node_name)} → {nodeLabel(step.to_node, step.to_node_name)}
                            {step.condition && <code>{step.condition}</code>}
                          </li>
                        ))}
                      </ol>
                    )}
                    {line.toolCalls && line.toolCalls.length > 0 && <p>{t('playground.toolCallsLabel')}</p>}
                    {line.toolCalls && line.toolCalls.length > 0 && (
                      <ol class="tool-calls" aria-label={t('playground.toolCalls')}>
                        {line.toolCalls.map((call, i) => (
                          <li key={i} data-status={call.status}>
                            <code>
                              {call.tool}({JSON.stringify(call.arguments)})
                            </code>{' '}
                            → <span class={call.status === 'ok' ? 'badge' : 'badge warn'}>{t(`playground.toolStatus.${call.status}`)}</span>{' '}
                            <span class="muted">{t('playground.toolDuration', { ms: call.duration_ms })}</span>
                          </li>
                        ))}
                      </ol>
                    )}
                    {line.extracted && Object.keys(line.extracted).length > 0 && (
                      <p>
                        {t('playground.extracted')}{' '}
                        {Object.entries(line.extracted).map(([name, value]) => (
                          <code key={name}>
                            {name} = {value}
                          </code>
                        ))}
                      </p>
                    )}
                  </div>
                )}
              </li>
            ))}
          </ol>
          <div ref={end} />
        </div>
        {ended && <p class="notice">{t('playground.ended')}</p>}
        {sessionId && !ended && <Composer id="playground-input" text={text} onText={setText} onSubmit={send} busy={busy} buttonClass="primary" />}
      </section>
      <aside aria-labelledby="vars-title">
        <h2 id="vars-title">{t('playground.collected')}</h2>
        {Object.keys(collected).length === 0 ? (
          <p class="muted">{t('playground.noneYet')}</p>
        ) : (
          <dl class="vars">
            {Object.entries(collected).map(([name, value]) => (
              <div key={name}>
                <dt>{name}</dt>
                <dd>{value}</dd>
              </div>
            ))}
          </dl>
        )}
        {runningConfig !== undefined && lastTurn?.node && (
          <PathSection config={runningConfig} transitions={lastTurn.transitions ?? []} node={lastTurn.node.id} />
        )}
      </aside>
    </div>
  );
}
