import { useState } from 'preact/hooks';
import { t } from './builder-words';
import {
  type AgentConfigJson,
  addTransition,
  changeTransition,
  type NodeConfig,
  type NodeProblem,
  removeNode,
  removeTransition,
  renameNode,
  setInitialNode,
  setNodeField,
} from './workflow-graph';

type Row = Record<string, unknown>;

const text = (value: unknown) => (typeof value === 'string' ? value : '');
const list = (value: string) =>
  value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
const rows = (value: unknown): Row[] => (Array.isArray(value) ? (value as Row[]) : []);
const inputValue = (event: Event) => (event.target as HTMLInputElement).value;

/** The tools a node may name (docs/workflow.md "Tools"): each http tool, and each mcp server's allowed tool as `server.tool`. */
const declaredTools = (config: AgentConfigJson) =>
  rows(config.tools).flatMap((tool) =>
    typeof tool.name !== 'string'
      ? []
      : tool.mcp === undefined
        ? [tool.name]
        : (Array.isArray(tool.allow) ? tool.allow : []).map((allowed) => `${tool.name}.${String(allowed)}`),
  );

/**
 * One node's fields (docs/workflow.md "Nodes"): id and name, type (and a handoff's reason and
 * team), whether it resolves the conversation, what it says (static text or a prompt, with its
 * fallback, tools, tool calls per turn and knowledge), the tool it calls on entering, extraction,
 * intents and its transitions. A prompt's fields show once the node has a prompt (or the field a
 * value), a handoff's on a handoff node (or with a value). Every edit changes the config at once,
 * so the graph and the JSON follow it; a field with a problem is marked invalid.
 */
export function NodeForm({
  config,
  node,
  problems,
  onChange,
  onSelect,
}: {
  config: AgentConfigJson;
  node: NodeConfig;
  problems: readonly NodeProblem[];
  onChange(config: AgentConfigJson): void;
  onSelect(id: string | undefined): void;
}) {
  const id = node.id;
  const field = (name: string) => `wf-${name}`;
  const set = (name: string, value: unknown) => onChange(setNodeField(config, id, name, value));
  const [idProblem, setIdProblem] = useState<string>();
  const [target, setTarget] = useState('');
  const [condition, setCondition] = useState('always');
  const others = config.workflow.nodes.map((n) => n.id);
  const initial = config.workflow.initial_node === id;
  const knowledge = (node.knowledge ?? {}) as { bases?: string[]; top_k?: number };
  const call = (typeof node.call === 'object' && node.call !== null ? node.call : {}) as { tool?: string; args?: Record<string, unknown>; save_as?: string };
  const args = Object.entries(call.args ?? {});
  const prompted = node.prompt !== undefined;
  const handoff = node.type === 'handoff';
  /** Whether a problem names this field (`tools`, `call.tool`, `transitions[0].to`) or something inside it. */
  const invalid = (name: string) =>
    problems.some((problem) => problem.field === name || problem.field.startsWith(`${name}.`) || problem.field.startsWith(`${name}[`));

  const rename = (event: Event) => {
    const next = inputValue(event).trim();
    if (next === id) return;
    if (next === '' || others.includes(next)) {
      setIdProblem(t('builder.idTaken', { id: next }));
      (event.target as HTMLInputElement).value = id;
      return;
    }
    setIdProblem(undefined);
    onChange(renameNode(config, id, next));
    onSelect(next);
  };
  const setRow = (name: string, index: number, key: string, value: unknown) =>
    set(
      name,
      rows(node[name]).map((row, i) => {
        if (i !== index) return row;
        const { [key]: _old, ...rest } = row;
        return value === '' || (Array.isArray(value) && value.length === 0) ? rest : { ...rest, [key]: value };
      }),
    );
  const removeRow = (name: string, index: number) =>
    set(
      name,
      rows(node[name]).filter((_, i) => i !== index),
    );
  const setKnowledge = (bases: string[], topK: number | undefined) =>
    set('knowledge', bases.length === 0 ? undefined : { ...knowledge, bases, ...(topK ? { top_k: topK } : {}) });
  /** Changes the node's call; with neither tool, save_as nor arguments left, the node calls nothing. */
  const setCall = (change: { tool?: string; save_as?: string; args?: [string, unknown][] }) => {
    const next = { tool: change.tool ?? call.tool ?? '', save_as: change.save_as ?? call.save_as ?? '', args: change.args ?? args };
    const { args: _old, ...rest } = call;
    const kept = { ...rest, tool: next.tool, save_as: next.save_as, ...(next.args.length > 0 ? { args: Object.fromEntries(next.args) } : {}) };
    set('call', next.tool === '' && next.save_as === '' && next.args.length === 0 ? undefined : kept);
  };
  const renameArg = (event: Event, index: number) => {
    const name = inputValue(event).trim();
    const old = args[index]?.[0];
    // A name left empty or already taken would merge two arguments: the old one stays.
    if (name === '' || args.some(([other], i) => i !== index && other === name)) {
      (event.target as HTMLInputElement).value = old ?? '';
      return;
    }
    setCall({ args: args.map(([key, value], i) => [i === index ? name : key, value]) });
  };
  const freeArg = () => {
    for (let n = args.length + 1; ; n++) if (!args.some(([key]) => key === `arg_${n}`)) return `arg_${n}`;
  };
  const tools = declaredTools(config);

  return (
    <section class="wf-form stack" aria-labelledby="wf-form-title" data-form-node={id}>
      <div class="heading">
        <h3 id="wf-form-title">{t('builder.edit', { id })}</h3>
        <button type="button" onClick={() => onSelect(undefined)}>
          {t('builder.close')}
        </button>
      </div>
      {problems.length > 0 && (
        // Not announced at each keystroke: the builder's count above the graph is.
        <div class="problem">
          <p>{t('builder.problems')}</p>
          <ul>
            {problems.map((problem) => (
              <li key={`${problem.path}:${problem.message}`}>
                <code class="path">{problem.path}</code> {problem.message}
              </li>
            ))}
          </ul>
        </div>
      )}
      <div class="wf-fields">
        <label for={field('id')}>{t('builder.id')}</label>
        <input id={field('id')} key={`id-${id}`} value={id} spellcheck={false} onChange={rename} aria-invalid={idProblem !== undefined} />
        {idProblem && <p class="problem">{idProblem}</p>}
        <label for={field('name')}>{t('builder.name')}</label>
        <input id={field('name')} value={text(node.name)} aria-invalid={invalid('name')} onInput={(e) => set('name', inputValue(e))} />
        <label for={field('type')}>{t('builder.type')}</label>
        <select id={field('type')} value={text(node.type)} aria-invalid={invalid('type')} onChange={(e) => set('type', inputValue(e) || undefined)}>
          <option value="">{t('builder.kind.step')}</option>
          <option value="end">{t('builder.kind.end')}</option>
          <option value="handoff">{t('builder.kind.handoff')}</option>
        </select>
        {(handoff || node.handoff_reason !== undefined) && (
          <>
            <label for={field('handoff')}>{t('builder.handoffReason')}</label>
            <input
              id={field('handoff')}
              value={text(node.handoff_reason)}
              aria-invalid={invalid('handoff_reason')}
              onInput={(e) => set('handoff_reason', inputValue(e))}
            />
          </>
        )}
        {(handoff || node.handoff_team !== undefined) && (
          <>
            <label for={field('handoff-team')}>{t('builder.handoffTeam')}</label>
            <input
              id={field('handoff-team')}
              value={text(node.handoff_team)}
              aria-invalid={invalid('handoff_team')}
              aria-describedby={field('handoff-team-hint')}
              onInput={(e) => set('handoff_team', inputValue(e))}
            />
            <p class="muted" id={field('handoff-team-hint')}>
              {t('builder.handoffTeamHint')}
            </p>
          </>
        )}
        <label class="check">
          <input
            type="checkbox"
            checked={node.resolves === true}
            aria-invalid={invalid('resolves')}
            onChange={(e) => set('resolves', (e.target as HTMLInputElement).checked ? true : undefined)}
          />{' '}
          {t('builder.resolves')}
        </label>
        <label for={field('static')}>{t('builder.staticText')}</label>
        <textarea
          id={field('static')}
          rows={2}
          value={text(node.static_text)}
          aria-invalid={invalid('static_text')}
          onInput={(e) => set('static_text', inputValue(e))}
        />
        <label for={field('prompt')}>{t('builder.prompt')}</label>
        <textarea id={field('prompt')} rows={3} value={text(node.prompt)} aria-invalid={invalid('prompt')} onInput={(e) => set('prompt', inputValue(e))} />
        {(prompted || node.fallback_text !== undefined) && (
          <>
            <label for={field('fallback')}>{t('builder.fallbackText')}</label>
            <input
              id={field('fallback')}
              value={text(node.fallback_text)}
              aria-invalid={invalid('fallback_text')}
              onInput={(e) => set('fallback_text', inputValue(e))}
            />
          </>
        )}
        {(prompted || node.tools !== undefined) && (
          <>
            <label for={field('tools')}>{t('builder.tools')}</label>
            <input
              id={field('tools')}
              value={(Array.isArray(node.tools) ? node.tools : []).join(', ')}
              aria-invalid={invalid('tools')}
              onChange={(e) => set('tools', list(inputValue(e)))}
            />
          </>
        )}
        {(prompted || node.max_tool_calls !== undefined) && (
          <>
            <label for={field('max-tool-calls')}>{t('builder.maxToolCalls')}</label>
            <input
              id={field('max-tool-calls')}
              type="number"
              min={1}
              max={10}
              value={typeof node.max_tool_calls === 'number' ? node.max_tool_calls : ''}
              aria-invalid={invalid('max_tool_calls')}
              onChange={(e) => set('max_tool_calls', inputValue(e) === '' ? undefined : Number(inputValue(e)))}
            />
          </>
        )}
        {(prompted || node.knowledge !== undefined) && (
          <>
            <label for={field('knowledge')}>{t('builder.knowledge')}</label>
            <input
              id={field('knowledge')}
              value={(knowledge.bases ?? []).join(', ')}
              aria-invalid={invalid('knowledge')}
              onChange={(e) => setKnowledge(list(inputValue(e)), knowledge.top_k)}
            />
            <label for={field('top-k')}>{t('builder.topK')}</label>
            <input
              id={field('top-k')}
              type="number"
              min={1}
              max={10}
              value={knowledge.top_k ?? ''}
              disabled={(knowledge.bases ?? []).length === 0}
              onChange={(e) => setKnowledge(knowledge.bases ?? [], Number(inputValue(e)) || undefined)}
            />
          </>
        )}
      </div>

      <fieldset>
        <legend>{t('builder.call')}</legend>
        <p class="muted" id={field('call-hint')}>
          {t('builder.callHint')}
        </p>
        <div class="wf-fields">
          <label for={field('call-tool')}>{t('builder.callTool')}</label>
          <input
            id={field('call-tool')}
            list={tools.length > 0 ? field('tool-names') : undefined}
            spellcheck={false}
            value={text(call.tool)}
            aria-invalid={invalid('call.tool')}
            aria-describedby={field('call-hint')}
            onInput={(e) => setCall({ tool: inputValue(e).trim() })}
          />
          {tools.length > 0 && (
            <datalist id={field('tool-names')}>
              {tools.map((name) => (
                <option key={name} value={name} />
              ))}
            </datalist>
          )}
          <label for={field('call-save-as')}>{t('builder.callSaveAs')}</label>
          <input
            id={field('call-save-as')}
            class="code"
            spellcheck={false}
            value={text(call.save_as)}
            aria-invalid={invalid('call.save_as')}
            onInput={(e) => setCall({ save_as: inputValue(e).trim() })}
          />
        </div>
        {args.map(([name, value], i) => (
          <div class="wf-row" key={i}>
            <input
              aria-label={t('builder.argName')}
              placeholder={t('builder.argName')}
              class="code"
              spellcheck={false}
              value={name}
              onChange={(e) => renameArg(e, i)}
            />
            <input
              aria-label={t('builder.argValue')}
              placeholder={t('builder.argValue')}
              class="code"
              spellcheck={false}
              value={typeof value === 'string' ? value : JSON.stringify(value)}
              aria-invalid={invalid('call.args')}
              onInput={(e) => setCall({ args: args.map(([key, old], j) => [key, j === i ? inputValue(e) : old]) })}
            />
            <button type="button" aria-label={t('builder.removeRow', { what: name })} onClick={() => setCall({ args: args.filter((_, j) => j !== i) })}>
              {t('builder.remove')}
            </button>
          </div>
        ))}
        <div>
          <button type="button" onClick={() => setCall({ args: [...args, [freeArg(), '']] })}>
            {t('builder.addArg')}
          </button>
        </div>
      </fieldset>

      <fieldset>
        <legend>{t('builder.extract')}</legend>
        {rows(node.extract).map((row, i) => (
          <div class="wf-row" key={i}>
            <input
              aria-label={t('builder.extractName')}
              placeholder={t('builder.extractName')}
              value={text(row.name)}
              onInput={(e) => setRow('extract', i, 'name', inputValue(e))}
            />
            <input
              aria-label={t('builder.extractDescription')}
              placeholder={t('builder.extractDescription')}
              value={text(row.description)}
              onInput={(e) => setRow('extract', i, 'description', inputValue(e))}
            />
            <input
              aria-label={t('builder.extractPattern')}
              placeholder={t('builder.extractPattern')}
              class="code"
              spellcheck={false}
              value={text(row.pattern)}
              onInput={(e) => setRow('extract', i, 'pattern', inputValue(e))}
            />
            <button type="button" aria-label={t('builder.removeRow', { what: text(row.name) || String(i + 1) })} onClick={() => removeRow('extract', i)}>
              {t('builder.remove')}
            </button>
          </div>
        ))}
        <button type="button" onClick={() => set('extract', [...rows(node.extract), { name: `var_${rows(node.extract).length + 1}` }])}>
          {t('builder.addExtract')}
        </button>
      </fieldset>

      <fieldset>
        <legend>{t('builder.intents')}</legend>
        {rows(node.intents).map((row, i) => (
          <div class="wf-row" key={i}>
            <input
              aria-label={t('builder.intentName')}
              placeholder={t('builder.intentName')}
              value={text(row.name)}
              onInput={(e) => setRow('intents', i, 'name', inputValue(e))}
            />
            <input
              aria-label={t('builder.intentDescription')}
              placeholder={t('builder.intentDescription')}
              value={text(row.description)}
              onInput={(e) => setRow('intents', i, 'description', inputValue(e))}
            />
            <input
              aria-label={t('builder.intentKeywords')}
              placeholder={t('builder.intentKeywords')}
              value={(Array.isArray(row.keywords) ? row.keywords : []).join(', ')}
              onChange={(e) => setRow('intents', i, 'keywords', list(inputValue(e)))}
            />
            <button type="button" aria-label={t('builder.removeRow', { what: text(row.name) || String(i + 1) })} onClick={() => removeRow('intents', i)}>
              {t('builder.remove')}
            </button>
          </div>
        ))}
        <button type="button" onClick={() => set('intents', [...rows(node.intents), { name: `intent_${rows(node.intents).length + 1}` }])}>
          {t('builder.addIntent')}
        </button>
      </fieldset>

      <fieldset>
        <legend>{t('builder.transitions')}</legend>
        <ol class="wf-transitions">
          {(node.transitions ?? []).map((transition, i) => (
            <li class="wf-row" key={i} data-transition={`${id}->${transition.to}`}>
              <select
                aria-label={`${t('builder.to')} ${i + 1}`}
                value={transition.to}
                aria-invalid={invalid(`transitions[${i}].to`)}
                onChange={(e) => onChange(changeTransition(config, id, i, { to: inputValue(e) }))}
              >
                {!others.includes(transition.to) && <option value={transition.to}>{t('builder.unknownTarget', { id: transition.to })}</option>}
                {others.map((other) => (
                  <option key={other} value={other}>
                    {other}
                  </option>
                ))}
              </select>
              <input
                aria-label={`${t('builder.condition')} ${i + 1}`}
                class="code"
                spellcheck={false}
                value={transition.condition}
                aria-invalid={invalid(`transitions[${i}].condition`)}
                onInput={(e) => onChange(changeTransition(config, id, i, { condition: inputValue(e) }))}
              />
              <button
                type="button"
                aria-label={t('builder.removeRow', { what: `${id} → ${transition.to}` })}
                onClick={() => onChange(removeTransition(config, id, i))}
              >
                {t('builder.remove')}
              </button>
            </li>
          ))}
        </ol>
        <div class="wf-row">
          <label for={field('new-to')}>{t('builder.to')}</label>
          <select id={field('new-to')} value={target} onChange={(e) => setTarget(inputValue(e))}>
            <option value="" />
            {others.map((other) => (
              <option key={other} value={other}>
                {other}
              </option>
            ))}
          </select>
          <label for={field('new-condition')}>{t('builder.condition')}</label>
          <input id={field('new-condition')} class="code" spellcheck={false} value={condition} onInput={(e) => setCondition(inputValue(e))} />
          <button
            type="button"
            disabled={target === '' || condition.trim() === ''}
            onClick={() => {
              onChange(addTransition(config, id, { to: target, condition: condition.trim() }));
              setTarget('');
            }}
          >
            {t('builder.addTransition')}
          </button>
        </div>
      </fieldset>

      <div class="inline">
        {initial ? (
          <p class="muted">{t('builder.isInitial')}</p>
        ) : (
          <button type="button" onClick={() => onChange(setInitialNode(config, id))}>
            {t('builder.makeInitial')}
          </button>
        )}
        <button
          type="button"
          class="danger"
          onClick={() => {
            onChange(removeNode(config, id));
            onSelect(undefined);
          }}
        >
          {t('builder.removeNode')}
        </button>
      </div>
    </section>
  );
}
