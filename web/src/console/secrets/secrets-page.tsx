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
import { t } from './secrets-words';

/** The secrets' calls (docs/management-api.md "Tenant secrets", docs/text-chat-api.md "Text Chat API secrets"), carried by this page. */
function secretsApi({ client }: ManagementApi) {
  return {
    tools: () => called(client.GET('/api/secrets')),
    createTool: (name: string, value: string) => called(client.POST('/api/secrets', { body: { name, value } })),
    setTool: (name: string, value: string) => called(client.PUT('/api/secrets/{name}', { path: { name }, body: { value } })),
    deleteTool: (name: string) => called(client.DELETE('/api/secrets/{name}', { path: { name } })),
    chat: () => called(client.GET('/api/chat-secrets')),
    createChat: () => called(client.POST('/api/chat-secrets', { body: {} })),
    revokeChat: (id: string) => called(client.DELETE('/api/chat-secrets/{secret_id}', { path: { secret_id: id } })),
  };
}
type Calls = ReturnType<typeof secretsApi>;
type ToolSecret = Awaited<ReturnType<Calls['tools']>>['secrets'][number];
type ChatSecret = Awaited<ReturnType<Calls['chat']>>['secrets'][number];

/** How a tool names a secret (docs/workflow.md "Tools"). */
const reference = (name: string) => `{{secrets.${name}}}`;

/**
 * The tools' secrets: listed by name and dates (editors read them, to name them in configs);
 * owners set one, give it a new value, delete it – its value never shown once set.
 */
function ToolSecrets({ calls, canChange, onUnauthorized }: { calls: Calls; canChange: boolean; onUnauthorized(): void }) {
  const [secrets, setSecrets] = useState<ToolSecret[]>();
  const [adding, setAdding] = useState(false);
  const [name, setName] = useState('');
  const [value, setValue] = useState('');
  /** The secret whose new value is being typed, its field under its row. */
  const [rotating, setRotating] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const ask = useAsking<string>();
  const list = useApiCall(onUnauthorized);
  const change = useApiCall(onUnauthorized);
  const reload = () => list.run(async () => setSecrets((await calls.tools()).secrets));
  useEffect(() => {
    void reload();
  }, [calls]);

  const act = (work: () => Promise<string>) =>
    change.run(async () => {
      setNotice(undefined);
      const done = await work();
      setValue('');
      await reload();
      setNotice(done);
    });
  const submit = (event: Event) => {
    event.preventDefault();
    void act(async () => {
      const made = await calls.createTool(name.trim(), value);
      setAdding(false);
      setName('');
      return t('tools.madeNotice', { name: made.name, reference: reference(made.name) });
    });
  };

  return (
    <section class="panel" aria-labelledby="tool-secrets-title">
      <div class="heading">
        <h2 id="tool-secrets-title">{t('tools.title')}</h2>
        {canChange && !adding && (
          <button
            type="button"
            class="primary"
            onClick={() => {
              setAdding(true);
              setRotating(undefined);
              setValue('');
            }}
          >
            {t('tools.new')}
          </button>
        )}
      </div>
      <p class="muted">{t('tools.intro', { example: reference('NAME') })}</p>
      {!canChange && <p class="muted">{t('tools.readOnly')}</p>}
      {adding && (
        <form class="link-form stack" onSubmit={submit} aria-labelledby="new-tool-secret-title">
          <h3 id="new-tool-secret-title">{t('tools.new')}</h3>
          <div class="grid">
            <Field
              id="tool-secret-name"
              label={t('tools.name')}
              hint={t('tools.nameHint')}
              control={(aria) => (
                <input
                  {...aria}
                  class="mono"
                  required
                  maxLength={64}
                  autoComplete="off"
                  value={name}
                  onInput={(e) => setName((e.target as HTMLInputElement).value.toUpperCase())}
                />
              )}
            />
            <Field
              id="tool-secret-value"
              label={t('tools.value')}
              hint={t('tools.valueHint')}
              control={(aria) => (
                <input
                  {...aria}
                  type="password"
                  required
                  maxLength={8192}
                  autoComplete="off"
                  value={value}
                  onInput={(e) => setValue((e.target as HTMLInputElement).value)}
                />
              )}
            />
          </div>
          <Problem error={change.error} />
          <div class="actions">
            <button type="submit" class="primary" disabled={change.busy || !name.trim() || !value}>
              {t('tools.create')}
            </button>
            <button type="button" onClick={() => setAdding(false)}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      )}
      {!adding && <Problem error={list.error ?? change.error} />}
      <Notice text={notice} />
      <DataTable
        rows={secrets}
        class="stacked"
        columns={[t('tools.name'), t('tools.created'), t('tools.changed')]}
        actions={canChange}
        empty={!adding && <EmptyState quiet>{t('tools.noneYet')}</EmptyState>}
        row={(secret) => (
          <tr key={secret.name} data-secret={secret.name}>
            <td data-label={t('tools.name')}>
              <code>{secret.name}</code>
              {rotating === secret.name && (
                <form
                  class="inline rotate"
                  onSubmit={(event) => {
                    event.preventDefault();
                    void act(async () => {
                      await calls.setTool(secret.name, value);
                      setRotating(undefined);
                      return t('tools.rotatedNotice', { name: secret.name });
                    });
                  }}
                >
                  <label for="tool-secret-new-value" class="sr-only">
                    {t('tools.newValueOf', { name: secret.name })}
                  </label>
                  <input
                    id="tool-secret-new-value"
                    type="password"
                    required
                    maxLength={8192}
                    autoComplete="off"
                    value={value}
                    onInput={(e) => setValue((e.target as HTMLInputElement).value)}
                  />
                  <button type="submit" class="primary" disabled={change.busy || !value}>
                    {t('tools.save')}
                  </button>
                  <button type="button" onClick={() => setRotating(undefined)}>
                    {t('common.cancel')}
                  </button>
                </form>
              )}
            </td>
            <td data-label={t('tools.created')}>{when(secret.created_at)}</td>
            <td data-label={t('tools.changed')}>{when(secret.updated_at)}</td>
            {canChange && (
              <td>
                <div class="row-actions">
                  <button
                    type="button"
                    aria-expanded={rotating === secret.name}
                    onClick={() => {
                      setAdding(false);
                      setValue('');
                      setRotating(rotating === secret.name ? undefined : secret.name);
                    }}
                  >
                    {t('tools.rotate')}
                    <span class="sr-only"> {secret.name}</span>
                  </button>
                  <ConfirmAction
                    {...ask(secret.name)}
                    label={t('common.delete')}
                    subject={secret.name}
                    busy={change.busy}
                    cancellable
                    onConfirm={() =>
                      void act(async () => {
                        await calls.deleteTool(secret.name);
                        return t('tools.deletedNotice', { name: secret.name });
                      })
                    }
                  />
                </div>
              </td>
            )}
          </tr>
        )}
      />
    </section>
  );
}

/** The tenant's own Text Chat API secrets (owners): make one (shown once), list them with their last use, revoke one. */
function ChatSecrets({ calls, onUnauthorized }: { calls: Calls; onUnauthorized(): void }) {
  const [secrets, setSecrets] = useState<ChatSecret[]>();
  const [created, setCreated] = useState<{ id: string; secret: string }>();
  const [notice, setNotice] = useState<string>();
  const ask = useAsking<string>();
  const list = useApiCall(onUnauthorized);
  const change = useApiCall(onUnauthorized);
  const reload = () => list.run(async () => setSecrets((await calls.chat()).secrets));
  useEffect(() => {
    void reload();
  }, [calls]);

  return (
    <section class="panel" aria-labelledby="chat-secrets-title">
      <div class="heading">
        <h2 id="chat-secrets-title">{t('chat.title')}</h2>
        <button
          type="button"
          class="primary"
          disabled={change.busy}
          onClick={() =>
            void change.run(async () => {
              setNotice(undefined);
              const made = await calls.createChat();
              setCreated({ id: made.secret_id, secret: made.secret });
              await reload();
            })
          }
        >
          {t('chat.new')}
        </button>
      </div>
      <p class="muted">{t('chat.intro')}</p>
      {created && (
        <ShownOnce
          title={t('chat.ready', { id: created.id })}
          lines={t('chat.once')}
          label={t('chat.secret')}
          value={created.secret}
          copyLabel={t('chat.copy')}
          onDone={() => setCreated(undefined)}
        />
      )}
      <Problem error={list.error ?? change.error} />
      <Notice text={notice} />
      <DataTable
        rows={secrets}
        class="stacked"
        columns={[t('chat.id'), t('chat.created'), t('chat.lastUsed')]}
        actions
        empty={<EmptyState quiet>{t('chat.noneYet')}</EmptyState>}
        row={(secret) => (
          <tr key={secret.secret_id} data-chat-secret={secret.secret_id}>
            <td data-label={t('chat.id')}>
              <code>{secret.secret_id}</code>
            </td>
            <td data-label={t('chat.created')}>{when(secret.created_at)}</td>
            <td data-label={t('chat.lastUsed')}>{secret.last_used_at ? when(secret.last_used_at) : t('common.never')}</td>
            <td>
              <div class="row-actions">
                <ConfirmAction
                  {...ask(secret.secret_id)}
                  label={t('chat.revoke')}
                  subject={secret.secret_id}
                  busy={change.busy}
                  cancellable
                  onConfirm={() =>
                    void change.run(async () => {
                      setNotice(undefined);
                      await calls.revokeChat(secret.secret_id);
                      if (created?.id === secret.secret_id) setCreated(undefined);
                      await reload();
                      setNotice(t('chat.revoked', { id: secret.secret_id }));
                    })
                  }
                />
              </div>
            </td>
          </tr>
        )}
      />
    </section>
  );
}

/**
 * The tenant's secrets: its tools' (editors list them; owners set them) and, for owners, its own
 * Text Chat API secrets.
 */
export function SecretsPage({ api, canChange, onUnauthorized }: { api: ManagementApi; canChange: boolean; onUnauthorized(): void }) {
  const [calls] = useState(() => secretsApi(api));
  return (
    <section aria-labelledby="secrets-title" class="page-stack">
      <h1 id="secrets-title">{t('section.secrets')}</h1>
      <ToolSecrets calls={calls} canChange={canChange} onUnauthorized={onUnauthorized} />
      {canChange && <ChatSecrets calls={calls} onUnauthorized={onUnauthorized} />}
    </section>
  );
}
