import { Fragment } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { ConversationDetail, InboxItem, ManagementApi } from '../api/management-api';
import { useApiCall } from '../api/use-api-call';
import { Problem } from '../ui/problem';
import { t } from './inbox-words';

/** What the API takes as a label (docs/escalation.md "The inbox"): lower-case words joined by hyphens, at most 32 characters. */
const LABEL = /^[\p{Ll}\p{Lo}\p{Nd}]+(?:-[\p{Ll}\p{Lo}\p{Nd}]+)*$/u;
const MAX_LABELS = 10;

/**
 * The labels of a conversation, editable: each removed by its ×, a new one added by its words
 * (lower-cased, spaces joined by hyphens). Every change sends the whole list.
 */
function LabelsEditor(props: { api: ManagementApi; conversationId: string; labels: string[]; onLabels(labels: string[]): void; onUnauthorized(): void }) {
  const [draft, setDraft] = useState('');
  const [refusal, setRefusal] = useState<string>();
  const save = useApiCall(props.onUnauthorized);
  const put = (labels: string[]) =>
    save.run(async () => {
      const answer = await props.api.setLabels(props.conversationId, labels);
      props.onLabels(answer.labels);
    });
  const add = (event: Event) => {
    event.preventDefault();
    const label = draft.trim().toLowerCase().replace(/\s+/g, '-');
    if (!label) return;
    if (label.length > 32 || !LABEL.test(label)) return setRefusal(t('conversation.badLabel', { label }));
    if (!props.labels.includes(label) && props.labels.length >= MAX_LABELS) return setRefusal(t('conversation.tooManyLabels'));
    setRefusal(undefined);
    setDraft('');
    if (!props.labels.includes(label)) void put([...props.labels, label]);
  };
  return (
    <section aria-labelledby="labels-title">
      <h3 id="labels-title">{t('conversation.labels')}</h3>
      {props.labels.length === 0 ? (
        <p class="muted">{t('conversation.noLabels')}</p>
      ) : (
        <ul class="labels">
          {props.labels.map((label) => (
            <li key={label} class="label-chip">
              {label}
              <button
                type="button"
                aria-label={t('conversation.removeLabel', { label })}
                disabled={save.busy}
                onClick={() => void put(props.labels.filter((other) => other !== label))}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <form class="label-form" onSubmit={add}>
        <label for="new-label" class="sr-only">
          {t('conversation.addLabel')}
        </label>
        <input
          id="new-label"
          value={draft}
          maxLength={40}
          placeholder={t('conversation.addLabel')}
          aria-describedby="label-hint"
          onInput={(e) => setDraft((e.target as HTMLInputElement).value)}
        />
        <button type="submit" disabled={save.busy || !draft.trim()}>
          {t('conversation.addLabelButton')}
        </button>
      </form>
      <p id="label-hint" class="muted small">
        {t('conversation.labelHint')}
      </p>
      {refusal && <p role="alert">{refusal}</p>}
      <Problem error={save.error} />
    </section>
  );
}

/**
 * Beside the conversation: who the visitor is (what they said they are, what the workflow
 * collected), where they came from, the variables collected, and the conversation's labels.
 */
export function VisitorPanel(props: {
  api: ManagementApi;
  item: InboxItem;
  detail: ConversationDetail | undefined;
  onLabels(labels: string[]): void;
  onUnauthorized(): void;
}) {
  const { item, detail } = props;
  const visitor = detail?.visitor ?? item.visitor;
  const [labels, setLabels] = useState(detail?.labels ?? item.labels);
  useEffect(() => setLabels(detail?.labels ?? item.labels), [detail?.labels.join(','), item.labels.join(',')]);
  const variables = Object.entries(detail?.collected_data ?? {});
  return (
    <aside class="visitor-panel" aria-label={t('conversation.details')}>
      <section aria-labelledby="visitor-title">
        <h3 id="visitor-title">{t('conversation.details')}</h3>
        <dl>
          <dt>{t('conversation.name')}</dt>
          <dd data-field="name">{visitor.name ?? <span class="muted">{t('conversation.unknown')}</span>}</dd>
          <dt>{t('conversation.email')}</dt>
          <dd data-field="email">
            {visitor.email ? <a href={`mailto:${visitor.email}`}>{visitor.email}</a> : <span class="muted">{t('conversation.unknown')}</span>}
          </dd>
          <dt>{t('conversation.agentName')}</dt>
          <dd>{item.agent}</dd>
          <dt>{t('conversation.channel')}</dt>
          <dd>{item.channel === 'link' ? t('conversation.viaLink') : t('conversation.viaApi')}</dd>
        </dl>
      </section>
      <section aria-labelledby="variables-title">
        <h3 id="variables-title">{t('conversation.variables')}</h3>
        {variables.length === 0 ? (
          <p class="muted">{t('conversation.noVariables')}</p>
        ) : (
          <dl class="variables">
            {variables.map(([name, value]) => (
              <Fragment key={name}>
                <dt>
                  <code>{name}</code>
                </dt>
                <dd>{value}</dd>
              </Fragment>
            ))}
          </dl>
        )}
      </section>
      <LabelsEditor
        api={props.api}
        conversationId={item.conversation_id}
        labels={labels}
        onLabels={(changed) => {
          setLabels(changed);
          props.onLabels(changed);
        }}
        onUnauthorized={props.onUnauthorized}
      />
    </aside>
  );
}
