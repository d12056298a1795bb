import { useEffect, useState } from 'preact/hooks';
import type { LinkAddress, ManagementApi, NewLink, PublicLink } from '../api/management-api';
import { useApiCall } from '../api/use-api-call';
import { agentPath, onNavigate } from '../shell/router';
import { ConfirmAction, useAsking } from '../ui/confirm-action';
import { CopyButton } from '../ui/copy-button';
import { Notice } from '../ui/notice';
import { Problem } from '../ui/problem';
import { when } from '../ui/when';
import { CreatedLink } from './created-link';
import { EmbedSnippet } from './embed-snippet';
import { LinkForm } from './link-form';
import { t } from './link-words';

/**
 * One link's page: its id, why its address cannot be shown again (only its token's fingerprint is
 * kept: docs/management-api.md "Public links") and a new URL to have one, shown once; the widget's
 * snippet; and, for an editor, every setting to change – only what the person changed is sent
 * (`PUT`). A viewer reads it.
 */
export function LinkPage({
  api,
  agent,
  id,
  canEdit,
  onUnauthorized,
}: {
  api: ManagementApi;
  agent: string;
  id: string;
  canEdit: boolean;
  onUnauthorized(): void;
}) {
  const [link, setLink] = useState<PublicLink | null>();
  const [address, setAddress] = useState<LinkAddress>();
  const [saved, setSaved] = useState<string>();
  /** Each save starts the form again from the link as it is now. */
  const [edition, setEdition] = useState(0);
  const ask = useAsking<string>();
  const load = useApiCall(onUnauthorized);
  const save = useApiCall(onUnauthorized);
  const rotate = useApiCall(onUnauthorized);
  const reload = () => load.run(async () => setLink((await api.links(agent)).links.find((one) => one.id === id) ?? null));
  useEffect(() => {
    void reload();
  }, [api, agent, id]);

  const onSave = (changes: NewLink) =>
    save.run(async () => {
      setSaved(undefined);
      const updated = await api.updateLink(agent, id, changes);
      setLink(updated);
      setEdition((n) => n + 1);
      setSaved(t('link.saved', { title: updated.title }));
    });

  const back = (
    <p class="crumbs">
      <a href={agentPath(agent, 'links')} onClick={onNavigate}>
        {t('links.title')}
      </a>{' '}
      / {link?.title ?? id}
    </p>
  );
  if (link === null) {
    return (
      <section>
        {back}
        <p>{t('link.gone')}</p>
      </section>
    );
  }
  return (
    <section aria-labelledby="link-page-title">
      {back}
      <Problem error={load.error} />
      {link && (
        <>
          <div class="heading">
            <h2 id="link-page-title">{link.title}</h2>
            <span class={`badge ${link.state === 'active' ? 'ok' : 'off'}`}>{link.state}</span>
          </div>
          <p class="link-facts">
            <span class="muted">{t('link.id')}</span> <code data-link-id>{link.id}</code> <CopyButton text={link.id} label={t('link.copyId')} />
          </p>
          <p class="muted">{t('links.expires', { when: link.expires_at ? when(link.expires_at) : t('common.never') })}</p>
          <section class="stack" aria-labelledby="address-title">
            <h3 id="address-title">{t('link.addressTitle')}</h3>
            <p class="muted">{t('link.addressOnce')}</p>
            {canEdit && !address && (
              <div>
                <ConfirmAction
                  {...ask('rotate')}
                  label={t('links.rotate')}
                  confirmLabel={t('links.confirmRotate')}
                  subject={link.title}
                  busy={rotate.busy}
                  cancellable
                  onConfirm={() => void rotate.run(async () => setAddress(await api.rotateLink(agent, id)))}
                />
              </div>
            )}
            <Problem error={rotate.error} />
          </section>
          {address ? (
            <CreatedLink key={address.url} title={link.title} url={address.url} rotated deliveries={address.deliveries} onDone={() => setAddress(undefined)} />
          ) : (
            <EmbedSnippet origin={window.location.origin} />
          )}
          {canEdit && (
            <LinkForm
              key={`${link.id}:${edition}`}
              purpose={{ kind: 'edit', link }}
              title={t('link.editTitle')}
              submitLabel={t('link.save')}
              onCreate={onSave}
              error={save.error}
              busy={save.busy}
              onCancel={() => setEdition((n) => n + 1)}
            />
          )}
          <Notice text={saved} />
        </>
      )}
    </section>
  );
}
