import { useEffect, useState } from 'preact/hooks';
import { called, type LinkTemplate, type ManagementApi, type NewLink } from '../api/management-api';
import { useApiCall } from '../api/use-api-call';
import { LinkForm } from '../links/link-form';
import { useAsking } from '../ui/confirm-action';
import { DataTable } from '../ui/data-table';
import { EditOrDelete } from '../ui/edit-or-delete';
import { EmptyState } from '../ui/empty-state';
import { Field } from '../ui/field';
import { Notice } from '../ui/notice';
import { Problem } from '../ui/problem';
import { t } from './templates-words';

type TemplateBody = { name: string; description?: string | null; settings: Record<string, unknown> };

/** The templates' changes (docs/management-api.md "Templates"), carried by this page; the list is the console's own call. */
function templatesApi({ client }: ManagementApi) {
  return {
    create: (body: TemplateBody) => called(client.POST('/api/link-templates', { body: body as never })),
    update: (name: string, body: Omit<TemplateBody, 'name'>) => called(client.PUT('/api/link-templates/{name}', { path: { name }, body: body as never })),
    remove: (name: string) => called(client.DELETE('/api/link-templates/{name}', { path: { name } })),
  };
}

type Editing = { kind: 'new' } | { kind: 'edit'; template: LinkTemplate } | undefined;

/**
 * The tenant's link templates (editors and owners) beside the built-in ones: a new one with every
 * setting a link has but its passcode and version, its settings changed, or deleted.
 */
export function TemplatesPage({ api, onUnauthorized }: { api: ManagementApi; onUnauthorized(): void }) {
  const [calls] = useState(() => templatesApi(api));
  const [templates, setTemplates] = useState<LinkTemplate[]>();
  const [teams, setTeams] = useState<{ id: string; name: string }[]>();
  const [editing, setEditing] = useState<Editing>();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [notice, setNotice] = useState<string>();
  const ask = useAsking<string>();
  const list = useApiCall(onUnauthorized);
  const save = useApiCall(onUnauthorized);
  const change = useApiCall(onUnauthorized);
  const reload = () => list.run(async () => setTemplates((await api.templates()).templates));
  useEffect(() => {
    void reload();
    api.teams().then(
      ({ teams: all }) => setTeams(all.map(({ id, name: teamName }) => ({ id, name: teamName }))),
      () => undefined,
    );
  }, [api]);

  const open = (next: Editing) => {
    setNotice(undefined);
    setEditing(next);
    setName(next?.kind === 'edit' ? next.template.name : '');
    setDescription(next?.kind === 'edit' ? (next.template.description ?? '') : '');
  };
  const onSave = (settings: NewLink) =>
    save.run(async () => {
      const given = settings as Record<string, unknown>;
      if (editing?.kind === 'edit') {
        await calls.update(editing.template.name, { description: description.trim() || null, settings: given });
        setNotice(t('templates.saved', { name: editing.template.name }));
      } else {
        const made = await calls.create({ name: name.trim(), ...(description.trim() ? { description: description.trim() } : {}), settings: given });
        setNotice(t('templates.created', { name: made.name }));
      }
      setEditing(undefined);
      await reload();
    });

  return (
    <section aria-labelledby="templates-title">
      <div class="heading">
        <h1 id="templates-title">{t('section.templates')}</h1>
        {!editing && (
          <button type="button" class="primary" onClick={() => open({ kind: 'new' })}>
            {t('templates.new')}
          </button>
        )}
      </div>
      <p class="muted">{t('templates.intro')}</p>
      <Notice text={notice} />
      {editing && (
        <LinkForm
          key={editing.kind === 'edit' ? editing.template.name : 'new'}
          purpose={{ kind: 'template', settings: editing.kind === 'edit' ? editing.template.settings : undefined }}
          title={editing.kind === 'edit' ? t('templates.editTitle', { name: editing.template.name }) : t('templates.newTitle')}
          submitLabel={editing.kind === 'edit' ? t('templates.save') : t('templates.create')}
          teams={teams}
          onCreate={onSave}
          error={save.error}
          busy={save.busy}
          onCancel={() => setEditing(undefined)}
        >
          <Field
            id="template-name"
            label={t('templates.name')}
            hint={t('templates.nameHint')}
            control={(aria) => (
              <input
                {...aria}
                class="mono"
                required
                maxLength={64}
                pattern="[a-z0-9][a-z0-9_\-]{0,63}"
                readOnly={editing.kind === 'edit'}
                value={name}
                onInput={(e) => setName((e.target as HTMLInputElement).value)}
              />
            )}
          />
          <div class="field">
            <label for="template-description">{t('templates.description')}</label>
            <input id="template-description" maxLength={2000} value={description} onInput={(e) => setDescription((e.target as HTMLInputElement).value)} />
          </div>
        </LinkForm>
      )}
      <Problem error={list.error ?? change.error} />
      <DataTable
        rows={templates}
        class="stacked"
        columns={[t('templates.template'), t('templates.settings')]}
        actions
        empty={<EmptyState>{t('templates.intro')}</EmptyState>}
        row={(template) => {
          const keys = Object.keys(template.settings);
          return (
            <tr key={template.name} data-template={template.name}>
              <td data-label={t('templates.template')}>
                <strong>{template.settings.title ?? template.name}</strong> <code>{template.name}</code>{' '}
                {template.built_in && <span class="badge off">{t('templates.builtIn')}</span>}
                {template.description && (
                  <>
                    <br />
                    <span class="muted">{template.description}</span>
                  </>
                )}
              </td>
              <td data-label={t('templates.settings')}>
                <span class="muted break">{keys.length > 0 ? keys.join(', ') : t('templates.noSettings')}</span>
              </td>
              <td>
                {!template.built_in && (
                  <EditOrDelete
                    {...ask(template.name)}
                    editLabel={t('templates.edit')}
                    subject={template.name}
                    onEdit={() => open({ kind: 'edit', template })}
                    busy={change.busy}
                    onDelete={() =>
                      void change.run(async () => {
                        setNotice(undefined);
                        await calls.remove(template.name);
                        setNotice(t('templates.deleted', { name: template.name }));
                        await reload();
                      })
                    }
                  />
                )}
              </td>
            </tr>
          );
        }}
      />
    </section>
  );
}
