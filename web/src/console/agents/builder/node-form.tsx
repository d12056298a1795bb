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

/**
 * One node's fields (docs/workflow.md "Nodes"): id and name, type, what it says (static text or a
 * prompt), extraction, intents, tools, knowledge and its transitions. Every edit changes the config
 * at once, so the graph and the JSON follow it.
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

  return (
    <section class="wf-form stack" aria-labelledby="wf-form-title" data-form-node={id}>
      <div class="heading">
        <h3 id="wf-form-title">{t('builder.edit', { id })}</h3>
        <button type="button" onClick={() => onSelect(undefined)}>
          {t('builder.close')}
        </button>
      </div>
      {problems.length > 0 && (
        <div class="problem" role="alert">
          <p>{t('builder.problems')}</p>
          <ul>
            {problems.map((problem) => (
              <li key={problem.path}>
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
        <input id={field('name')} value={text(node.name)} onInput={(e) => set('name', inputValue(e))} />
        <label for={field('type')}>{t('builder.type')}</label>
        <select id={field('type')} value={text(node.type)} onChange={(e) => set('type', inputValue(e) || undefined)}>
          <option value="">{t('builder.kind.step')}</option>
          <option value="end">{t('builder.kind.end')}</option>
          <option value="handoff">{t('builder.kind.handoff')}</option>
        </select>
        {node.type === 'handoff' && (
          <>
            <label for={field('handoff')}>{t('builder.handoffReason')}</label>
            <input id={field('handoff')} value={text(node.handoff_reason)} onInput={(e) => set('handoff_reason', inputValue(e))} />
          </>
        )}
        <label for={field('static')}>{t('builder.staticText')}</label>
        <textarea id={field('static')} rows={2} value={text(node.static_text)} onInput={(e) => set('static_text', inputValue(e))} />
        <label for={field('prompt')}>{t('builder.prompt')}</label>
        <textarea id={field('prompt')} rows={3} value={text(node.prompt)} onInput={(e) => set('prompt', inputValue(e))} />
        {node.prompt !== undefined && (
          <>
            <label for={field('fallback')}>{t('builder.fallbackText')}</label>
            <input id={field('fallback')} value={text(node.fallback_text)} onInput={(e) => set('fallback_text', inputValue(e))} />
            <label for={field('tools')}>{t('builder.tools')}</label>
            <input id={field('tools')} value={(Array.isArray(node.tools) ? node.tools : []).join(', ')} onChange={(e) => set('tools', list(inputValue(e)))} />
            <label for={field('knowledge')}>{t('builder.knowledge')}</label>
            <input id={field('knowledge')} value={(knowledge.bases ?? []).join(', ')} onChange={(e) => setKnowledge(list(inputValue(e)), knowledge.top_k)} />
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
