import type { WebhookEventType, WebhookFormat } from '@parley/contracts';
import { useEffect, useState } from 'preact/hooks';
import { called, type ManagementApi } from '../api/management-api';
import { useApiCall } from '../api/use-api-call';
import { ConfirmAction, useAsking } from '../ui/confirm-action';
import { DataTable } from '../ui/data-table';
import { EmptyState } from '../ui/empty-state';
import { Field } from '../ui/field';
import { Notice } from '../ui/notice';
import { Problem } from '../ui/problem';
import { ShownOnce } from '../ui/shown-once';
import { when } from '../ui/when';
import { t } from './webhooks-words';

/** Every event a webhook may take (docs/management-api.md "Webhooks"); the check below fails when the API gains one. */
const EVENTS = [
  'conversation.started',
  'conversation.ended',
  'conversation.resolved',
  'escalation.created',
  'escalation.assigned',
  'escalation.claimed',
  'escalation.closed',
  'link.created',
  'link.expired',
  'security.alert',
  'feedback.received',
] as const satisfies readonly WebhookEventType[];
const EVERY_EVENT_LISTED: [Exclude<WebhookEventType, (typeof EVENTS)[number]>] extends [never] ? true : never = true;
void EVERY_EVENT_LISTED;

const FORMATS: readonly { format: WebhookFormat; label: string }[] = [
  { format: 'standard', label: t('webhooks.standard') },
  { format: 'slack', label: t('webhooks.slack') },
  { format: 'teams', label: t('webhooks.teams') },
];

/** How often an open list of deliveries is read again while the page is in view. */
const REFRESH_MS = 3_000;

/** The webhooks' calls (docs/management-api.md "Webhooks"), carried by this page. */
function webhooksApi({ client }: ManagementApi) {
  return {
    list: () => called(client.GET('/api/webhooks')),
    create: (body: { url: string; events: WebhookEventType[]; format: WebhookFormat }) => called(client.POST('/api/webhooks', { body })),
    remove: (id: string) => called(client.DELETE('/api/webhooks/{id}', { path: { id } })),
    deliveries: (id: string) => called(client.GET('/api/webhooks/{id}/deliveries', { path: { id }, query: { limit: 50 } })),
  };
}
type Webhook = Awaited<ReturnType<ReturnType<typeof webhooksApi>['list']>>['webhooks'][number];
type Attempt = Awaited<ReturnType<ReturnType<typeof webhooksApi>['deliveries']>>['deliveries'][number];

const STATUS: Record<Attempt['status'], { label: string; tone: string }> = {
  succeeded: { label: t('webhooks.succeeded'), tone: 'ok' },
  failed: { label: t('webhooks.failed'), tone: 'error' },
  pending: { label: t('webhooks.pending'), tone: 'off' },
};

/** One webhook's delivery attempts, newest first, read again every few seconds while shown. */
function Deliveries({ api, webhook, onClose, onUnauthorized }: { api: ManagementApi; webhook: Webhook; onClose(): void; onUnauthorized(): void }) {
  const [attempts, setAttempts] = useState<Attempt[]>();
  const load = useApiCall(onUnauthorized);
  useEffect(() => {
    const calls = webhooksApi(api);
    void load.run(async () => setAttempts((await calls.deliveries(webhook.id)).deliveries));
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible')
        calls.deliveries(webhook.id).then(
          ({ deliveries }) => setAttempts(deliveries),
          () => undefined,
        );
    }, REFRESH_MS);
    return () => clearInterval(timer);
  }, [api, webhook.id]);
  return (
    <section class="panel" aria-labelledby="deliveries-title">
      <div class="heading">
        <h2 id="deliveries-title">{t('webhooks.deliveriesOf', { url: webhook.url })}</h2>
        <button type="button" class="quiet" onClick={onClose}>
          {t('webhooks.close')}
        </button>
      </div>
      <p class="muted">{t('webhooks.deliveriesIntro')}</p>
      <Problem error={load.error} />
      <DataTable
        rows={attempts}
        class="stacked deliveries"
        columns={[t('webhooks.when'), t('webhooks.event'), t('webhooks.attempt'), t('webhooks.status'), t('webhooks.response')]}
        empty={<EmptyState quiet>{t('webhooks.noDeliveries')}</EmptyState>}
        row={(attempt) => (
          <tr key={`${attempt.delivery_id}:${attempt.attempt}:${attempt.status}`} data-delivery={attempt.delivery_id}>
            <td data-label={t('webhooks.when')}>{when(attempt.at)}</td>
            <td data-label={t('webhooks.event')}>
              <code>{attempt.event_type}</code>
            </td>
            <td data-label={t('webhooks.attempt')} class="num">
              {t.number(attempt.attempt)}
            </td>
            <td data-label={t('webhooks.status')}>
              <span class={`badge ${STATUS[attempt.status].tone}`} data-status={attempt.status}>
                {STATUS[attempt.status].label}
              </span>
            </td>
            <td data-label={t('webhooks.response')}>
              {attempt.response_code ?? (attempt.status === 'pending' ? '' : t('webhooks.noAnswer'))}
              {attempt.duration_ms !== null && <span class="muted"> · {t('webhooks.ms', { ms: attempt.duration_ms })}</span>}
              {attempt.error && <span class="error-text"> {attempt.error}</span>}
            </td>
          </tr>
        )}
      />
    </section>
  );
}

/**
 * The tenant's webhooks (editors and owners): subscribe a URL to events in a format, its signing
 * secret shown once; delete one; and each one's deliveries with their status and attempts.
 */
export function WebhooksPage({ api, onUnauthorized }: { api: ManagementApi; onUnauthorized(): void }) {
  const calls = webhooksApi(api);
  const [webhooks, setWebhooks] = useState<Webhook[]>();
  const [adding, setAdding] = useState(false);
  const [url, setUrl] = useState('');
  const [format, setFormat] = useState<WebhookFormat>('standard');
  const [events, setEvents] = useState<readonly WebhookEventType[]>(EVENTS);
  const [created, setCreated] = useState<{ url: string; secret: string }>();
  const [watched, setWatched] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const ask = useAsking<string>();
  const list = useApiCall(onUnauthorized);
  const create = useApiCall(onUnauthorized);
  const change = useApiCall(onUnauthorized);
  const reload = () => list.run(async () => setWebhooks((await calls.list()).webhooks));
  useEffect(() => {
    void reload();
  }, [api]);

  const submit = (event: Event) => {
    event.preventDefault();
    void create.run(async () => {
      setNotice(undefined);
      const made = await calls.create({ url: url.trim(), events: [...events], format });
      setCreated({ url: made.url, secret: made.secret });
      setAdding(false);
      setUrl('');
      setEvents(EVENTS);
      setFormat('standard');
      await reload();
    });
  };
  const toggle = (one: WebhookEventType, on: boolean) =>
    setEvents((current) => (on ? EVENTS.filter((e) => e === one || current.includes(e)) : current.filter((e) => e !== one)));
  const shown = webhooks?.find((one) => one.id === watched);

  return (
    <section aria-labelledby="webhooks-title">
      <div class="heading">
        <h1 id="webhooks-title">{t('section.webhooks')}</h1>
        {!adding && (
          <button
            type="button"
            class="primary"
            onClick={() => {
              setAdding(true);
              setCreated(undefined);
            }}
          >
            {t('webhooks.new')}
          </button>
        )}
      </div>
      <p class="muted">{t('webhooks.intro')}</p>
      {created && (
        <ShownOnce
          title={t('webhooks.ready', { url: created.url })}
          lines={t('webhooks.secretOnce')}
          label={t('webhooks.secret')}
          value={created.secret}
          copyLabel={t('webhooks.copySecret')}
          onDone={() => setCreated(undefined)}
        />
      )}
      {adding && (
        <form class="link-form stack" onSubmit={submit} aria-labelledby="new-webhook-title">
          <h3 id="new-webhook-title">{t('webhooks.newTitle')}</h3>
          <div class="grid">
            <Field
              id="webhook-url"
              label={t('webhooks.url')}
              hint={t('webhooks.urlHint')}
              wide
              control={(aria) => <input {...aria} type="url" required value={url} onInput={(e) => setUrl((e.target as HTMLInputElement).value)} />}
            />
            <div class="field">
              <label for="webhook-format">{t('webhooks.format')}</label>
              <select id="webhook-format" value={format} onChange={(e) => setFormat((e.target as HTMLSelectElement).value as WebhookFormat)}>
                {FORMATS.map((one) => (
                  <option key={one.format} value={one.format}>
                    {one.label}
                  </option>
                ))}
              </select>
            </div>
          </div>
          <fieldset class="events">
            <legend class="choices-name">{t('webhooks.events')}</legend>
            <label class="check">
              <input
                type="checkbox"
                checked={events.length === EVENTS.length}
                onChange={(e) => setEvents((e.target as HTMLInputElement).checked ? EVENTS : [])}
              />{' '}
              {t('webhooks.allEvents')}
            </label>
            {EVENTS.map((one) => (
              <label key={one} class="check">
                <input type="checkbox" checked={events.includes(one)} onChange={(e) => toggle(one, (e.target as HTMLInputElement).checked)} />{' '}
                <code>{one}</code>
              </label>
            ))}
          </fieldset>
          <Problem error={create.error} />
          <div class="actions">
            <button type="submit" class="primary" disabled={create.busy || !url.trim() || events.length === 0}>
              {create.busy ? t('common.creating') : t('webhooks.create')}
            </button>
            <button type="button" onClick={() => setAdding(false)}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      )}
      <Problem error={list.error ?? change.error} />
      <Notice text={notice} />
      <DataTable
        rows={webhooks}
        class="stacked"
        columns={[t('webhooks.webhook'), t('webhooks.events'), t('webhooks.created')]}
        actions
        empty={!adding && <EmptyState>{t('webhooks.noneYet')}</EmptyState>}
        row={(webhook) => (
          <tr key={webhook.id} data-webhook-id={webhook.id}>
            <td data-label={t('webhooks.webhook')}>
              <span class="break">{webhook.url}</span>
              <br />
              <span class="muted">{FORMATS.find((one) => one.format === webhook.format)?.label}</span>
            </td>
            <td data-label={t('webhooks.events')}>
              <span class="muted break">{webhook.events.length === EVENTS.length ? t('webhooks.allEvents') : webhook.events.join(', ')}</span>
            </td>
            <td data-label={t('webhooks.created')}>{when(webhook.created_at)}</td>
            <td>
              <div class="row-actions">
                <button type="button" aria-pressed={watched === webhook.id} onClick={() => setWatched(watched === webhook.id ? undefined : webhook.id)}>
                  {t('webhooks.deliveries')}
                  <span class="sr-only"> {webhook.url}</span>
                </button>
                <ConfirmAction
                  {...ask(webhook.id)}
                  label={t('common.delete')}
                  subject={webhook.url}
                  busy={change.busy}
                  cancellable
                  onConfirm={() =>
                    void change.run(async () => {
                      // Its deliveries closed first: a refresh sent after the webhook is gone would be a 404.
                      if (watched === webhook.id) setWatched(undefined);
                      await calls.remove(webhook.id);
                      setNotice(t('webhooks.deleted', { url: webhook.url }));
                      await reload();
                    })
                  }
                />
              </div>
            </td>
          </tr>
        )}
      />
      {shown && <Deliveries key={shown.id} api={api} webhook={shown} onClose={() => setWatched(undefined)} onUnauthorized={onUnauthorized} />}
    </section>
  );
}
