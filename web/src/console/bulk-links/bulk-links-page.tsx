import { useEffect, useState } from 'preact/hooks';
import { type AgentSummary, called, type LinkTemplate, type ManagementApi, type PublicLink } from '../api/management-api';
import { useApiCall } from '../api/use-api-call';
import { recipientsOf } from '../schedules/schedule-form';
import { ConfirmAction, useAsking } from '../ui/confirm-action';
import { CopyButton } from '../ui/copy-button';
import { DataTable } from '../ui/data-table';
import { EmptyState } from '../ui/empty-state';
import { Field } from '../ui/field';
import { Notice } from '../ui/notice';
import { Problem } from '../ui/problem';
import { phoneProblem, type SendBy, SendToFields, smsChannel } from '../ui/send-to-fields';
import { when } from '../ui/when';
import { t } from './bulk-links-words';

/** The bulk routes (docs/management-api.md "Personalised links and bulk operations"), carried by this page. */
function bulkApi({ client }: ManagementApi) {
  return {
    create: (name: string, body: Record<string, unknown>) =>
      called(client.POST('/api/agents/{name}/public-links/bulk', { path: { name }, body: body as never })),
    update: (ids: string[], changes: Record<string, unknown>) => called(client.POST('/api/public-links/bulk-update', { body: { ids, changes } as never })),
    remove: (ids: string[]) => called(client.POST('/api/public-links/bulk-delete', { body: { ids } })),
  };
}
type Made = Awaited<ReturnType<ReturnType<typeof bulkApi>['create']>>;

/** The made links' addresses as lines to paste elsewhere: `email,url`, or the address alone for a link made for nobody. */
const addressLines = (made: Made) => made.links.map((link) => (link.recipient ? `${link.recipient.email},${link.url}` : link.url)).join('\n');

/** Links for many people at once, from a template or a title, mailed to each if asked; their addresses shown once. */
function MakeLinks({
  calls,
  agent,
  templates,
  onMade,
  onUnauthorized,
}: {
  calls: ReturnType<typeof bulkApi>;
  agent: string;
  templates: LinkTemplate[] | undefined;
  onMade(): void;
  onUnauthorized(): void;
}) {
  const [template, setTemplate] = useState('');
  const [title, setTitle] = useState('');
  const [forPeople, setForPeople] = useState(true);
  const [recipients, setRecipients] = useState('');
  const [count, setCount] = useState('10');
  const [sendBy, setSendBy] = useState<SendBy>('none');
  const [sendTo, setSendTo] = useState('');
  /** What the console finds wrong with the typed number, once the form was sent. */
  const [sendProblem, setSendProblem] = useState<string>();
  const [made, setMade] = useState<Made>();
  /** How the links just made were sent: their notice says mails or texts. */
  const [madeBy, setMadeBy] = useState<SendBy>('none');
  const make = useApiCall(onUnauthorized);
  // Mail goes to each link's person: links made for nobody can only be texted.
  const by = sendBy === 'email' && !forPeople ? 'none' : sendBy;
  const submit = (event: Event) => {
    event.preventDefault();
    const wrongNumber = by === 'sms' ? phoneProblem(sendTo) : undefined;
    setSendProblem(wrongNumber);
    if (wrongNumber) return;
    void make.run(async () => {
      setMade(undefined);
      const answer = await calls.create(agent, {
        ...(template ? { template } : {}),
        ...(title.trim() ? { settings: { title: title.trim() } } : {}),
        ...(forPeople ? { recipients: recipientsOf(recipients) } : { count: Number(count) }),
        ...(by === 'none' ? {} : { send: { channels: [by === 'sms' ? smsChannel(sendTo) : { type: 'email' }] } }),
      });
      setMade(answer);
      setMadeBy(by);
      setRecipients('');
      onMade();
    });
  };
  return (
    <section class="panel stack" aria-labelledby="bulk-make-title">
      <h2 id="bulk-make-title">{t('bulk.makeTitle')}</h2>
      <form class="stack" onSubmit={submit}>
        <div class="grid">
          <div class="field">
            <label for="bulk-template">{t('bulk.template')}</label>
            <select id="bulk-template" value={template} onChange={(e) => setTemplate((e.target as HTMLSelectElement).value)}>
              <option value="">{t('bulk.templateNone')}</option>
              {templates?.map((one) => (
                <option key={one.name} value={one.name}>
                  {t('bulk.templateOption', { title: one.settings.title ?? one.name, name: one.name })}
                </option>
              ))}
            </select>
          </div>
          <Field
            id="bulk-title"
            label={t('bulk.title')}
            hint={t('bulk.titleHint')}
            control={(aria) => <input {...aria} maxLength={200} value={title} onInput={(e) => setTitle((e.target as HTMLInputElement).value)} />}
          />
        </div>
        <fieldset class="choices">
          <legend class="choices-name">{t('bulk.for')}</legend>
          <label class="check">
            <input type="radio" name="bulk-for" checked={forPeople} onChange={() => setForPeople(true)} /> {t('bulk.forPeople')}
          </label>
          <label class="check">
            <input type="radio" name="bulk-for" checked={!forPeople} onChange={() => setForPeople(false)} /> {t('bulk.forCount')}
          </label>
        </fieldset>
        {forPeople ? (
          <Field
            id="bulk-recipients"
            label={t('bulk.recipients')}
            hint={t('bulk.recipientsHint')}
            control={(aria) => (
              <textarea
                {...aria}
                rows={4}
                value={recipients}
                placeholder={t('schedule.recipientsExample')}
                onInput={(e) => setRecipients((e.target as HTMLTextAreaElement).value)}
              />
            )}
          />
        ) : (
          <Field
            id="bulk-count"
            label={t('bulk.count')}
            hint={t('bulk.countHint')}
            control={(aria) => (
              <input {...aria} type="number" min={1} max={1000} step={1} value={count} onInput={(e) => setCount((e.target as HTMLInputElement).value)} />
            )}
          />
        )}
        <SendToFields
          id="bulk-send"
          label={t('bulk.send')}
          choices={[['none', t('bulk.sendNone')], ...(forPeople ? [['email', t('bulk.mail')] as const] : []), ['sms', t('bulk.sendSms')]]}
          by={by}
          onBy={(chosen) => {
            setSendBy(chosen);
            setSendProblem(undefined);
          }}
          address={by === 'sms' ? { label: t('bulk.textTo'), hint: t('bulk.textToHint'), kind: 'tel' } : undefined}
          to={sendTo}
          onTo={(to) => {
            setSendTo(to);
            setSendProblem(undefined);
          }}
          problem={sendProblem}
        />
        <Problem error={make.error} />
        <div class="actions">
          <button type="submit" class="primary" disabled={make.busy || (forPeople ? !recipients.trim() : !count.trim()) || (!template && !title.trim())}>
            {make.busy ? t('common.creating') : t('bulk.make')}
          </button>
        </div>
      </form>
      {made && (
        <section class="created" aria-labelledby="bulk-made-title">
          <h3 id="bulk-made-title">{t('bulk.made', { count: made.links.length })}</h3>
          <p>{t('bulk.madeOnce')}</p>
          {made.queued > 0 && <p class="notice">{t(madeBy === 'sms' ? 'bulk.queuedTexts' : 'bulk.queued', { count: made.queued })}</p>}
          <div class="actions">
            <CopyButton text={addressLines(made)} label={t('bulk.copyAll')} primary />
            <button type="button" onClick={() => setMade(undefined)}>
              {t('common.done')}
            </button>
          </div>
          <DataTable
            rows={made.links}
            class="stacked"
            columns={[t('bulk.person'), t('bulk.address')]}
            row={(link) => (
              <tr key={link.id} data-made-link={link.id}>
                <td data-label={t('bulk.person')}>
                  {link.recipient ? [link.recipient.name, link.recipient.email].filter(Boolean).join(' · ') : t('bulk.nobody')}
                </td>
                <td data-label={t('bulk.address')}>
                  <span class="mono break">{link.url}</span>
                </td>
              </tr>
            )}
          />
        </section>
      )}
    </section>
  );
}

/** The agent's links, chosen by their boxes, then deactivated, activated, given an expiry or deleted together. */
function ChangeLinks({
  api,
  calls,
  agent,
  edition,
  onUnauthorized,
}: {
  api: ManagementApi;
  calls: ReturnType<typeof bulkApi>;
  agent: string;
  /** Read again when it changes (links were made). */
  edition: number;
  onUnauthorized(): void;
}) {
  const [links, setLinks] = useState<PublicLink[]>();
  const [chosen, setChosen] = useState<readonly string[]>([]);
  const [hours, setHours] = useState('24');
  const [notice, setNotice] = useState<string>();
  const ask = useAsking<string>();
  const list = useApiCall(onUnauthorized);
  const change = useApiCall(onUnauthorized);
  const reload = () => list.run(async () => setLinks((await api.links(agent)).links));
  useEffect(() => {
    void reload();
  }, [agent, edition]);
  useEffect(() => setChosen([]), [agent]);

  const act = (work: () => Promise<string>) =>
    change.run(async () => {
      setNotice(undefined);
      const done = await work();
      await reload();
      setNotice(done);
    });
  const changeAll = (changes: Record<string, unknown>) =>
    act(async () => {
      const { updated, not_found } = await calls.update([...chosen], changes);
      return [t('bulk.changed', { count: updated.length }), not_found.length > 0 ? t('bulk.notFound', { count: not_found.length }) : ''].join(' ').trim();
    });
  const all = links ?? [];
  const none = chosen.length === 0 || change.busy;

  return (
    <section class="panel stack" aria-labelledby="bulk-change-title">
      <h2 id="bulk-change-title">{t('bulk.changeTitle')}</h2>
      <p class="muted">{t('bulk.changeIntro')}</p>
      <Problem error={list.error ?? change.error} />
      <Notice text={notice} />
      {links && links.length > 0 && (
        <>
          <label class="check">
            <input
              type="checkbox"
              checked={chosen.length === all.length}
              onChange={(e) => setChosen((e.target as HTMLInputElement).checked ? all.map((link) => link.id) : [])}
            />{' '}
            {t('bulk.all')}
          </label>
          <div class="bulk-actions">
            <span class="muted">{t('bulk.chosen', { count: chosen.length })}</span>
            <button type="button" disabled={none} onClick={() => void changeAll({ active: false })}>
              {t('bulk.deactivate')}
            </button>
            <button type="button" disabled={none} onClick={() => void changeAll({ active: true })}>
              {t('bulk.activate')}
            </button>
            <span class="inline">
              <label for="bulk-hours">{t('bulk.hours')}</label>
              <input
                id="bulk-hours"
                type="number"
                min={1}
                max={8784}
                step="any"
                value={hours}
                onInput={(e) => setHours((e.target as HTMLInputElement).value)}
              />
              <button type="button" disabled={none || !hours.trim()} onClick={() => void changeAll({ expires_in_hours: Number(hours) })}>
                {t('bulk.expire')}
              </button>
            </span>
            {chosen.length > 0 && (
              <ConfirmAction
                {...ask('delete')}
                label={t('bulk.delete')}
                subject={t('bulk.theChosen')}
                busy={change.busy}
                cancellable
                onConfirm={() =>
                  void act(async () => {
                    const { deleted, not_found } = await calls.remove([...chosen]);
                    setChosen([]);
                    return [t('bulk.deleted', { count: deleted.length }), not_found.length > 0 ? t('bulk.notFound', { count: not_found.length }) : '']
                      .join(' ')
                      .trim();
                  })
                }
              />
            )}
          </div>
        </>
      )}
      <DataTable
        rows={links}
        class="stacked"
        columns={[t('bulk.pick'), t('bulk.link'), t('common.state'), t('bulk.expires')]}
        empty={<EmptyState quiet>{t('bulk.noLinks')}</EmptyState>}
        row={(link) => (
          <tr key={link.id} data-link-id={link.id}>
            <td>
              <input
                type="checkbox"
                aria-label={t('bulk.choose', { title: link.title })}
                checked={chosen.includes(link.id)}
                onChange={(e) =>
                  setChosen((current) => ((e.target as HTMLInputElement).checked ? [...current, link.id] : current.filter((id) => id !== link.id)))
                }
              />
            </td>
            <td data-label={t('bulk.link')}>
              <strong>{link.title}</strong> <code class="muted">{link.id}</code>
            </td>
            <td data-label={t('common.state')}>
              <span class={`badge ${link.state === 'active' ? 'ok' : 'off'}`}>{link.state}</span>
            </td>
            <td data-label={t('bulk.expires')}>{link.expires_at ? when(link.expires_at) : t('common.never')}</td>
          </tr>
        )}
      />
    </section>
  );
}

/**
 * Bulk links (editors and owners), by agent: personalised links for a list of people or a number of
 * links, mailed if asked, their addresses shown once; and many of the agent's links changed together.
 */
export function BulkLinksPage({ api, onUnauthorized }: { api: ManagementApi; onUnauthorized(): void }) {
  const [calls] = useState(() => bulkApi(api));
  const [agents, setAgents] = useState<AgentSummary[]>();
  const [agent, setAgent] = useState('');
  const [templates, setTemplates] = useState<LinkTemplate[]>();
  const [edition, setEdition] = useState(0);
  const load = useApiCall(onUnauthorized);
  useEffect(() => {
    void load.run(async () => {
      const [found, offered] = await Promise.all([api.agents(), api.templates()]);
      setAgents(found.agents);
      setTemplates(offered.templates);
      setAgent((current) => current || (found.agents[0]?.name ?? ''));
    });
  }, [api]);

  return (
    <section aria-labelledby="bulk-title" class="page-stack">
      <h1 id="bulk-title">{t('section.bulkLinks')}</h1>
      <p class="muted">{t('bulk.intro')}</p>
      <Problem error={load.error} />
      {agents && agents.length === 0 && <EmptyState>{t('bulk.noAgents')}</EmptyState>}
      {agents && agents.length > 0 && (
        <>
          <div class="field narrow-field">
            <label for="bulk-agent">{t('bulk.agent')}</label>
            <select id="bulk-agent" value={agent} onChange={(e) => setAgent((e.target as HTMLSelectElement).value)}>
              {agents.map((one) => (
                <option key={one.name} value={one.name}>
                  {one.name}
                </option>
              ))}
            </select>
          </div>
          {agent && (
            <>
              <MakeLinks
                key={agent}
                calls={calls}
                agent={agent}
                templates={templates}
                onMade={() => setEdition((n) => n + 1)}
                onUnauthorized={onUnauthorized}
              />
              <ChangeLinks api={api} calls={calls} agent={agent} edition={edition} onUnauthorized={onUnauthorized} />
            </>
          )}
        </>
      )}
    </section>
  );
}
