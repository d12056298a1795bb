import { useEffect, useRef, useState } from 'preact/hooks';
import type { VersionInfo } from '../agents/versions-panel';
import type { ManagementApi, PublicLink } from '../api/management-api';
import { useApiCall } from '../api/use-api-call';
import { Problem } from '../ui/problem';
import { t } from './link-words';
import { choiceOf, type VersionChoice, VersionFieldset, versionChange, versionProblems } from './link-version-fields';

/**
 * An existing link's version, changed in place: it starts from what the link runs now (its split,
 * its pin or the published version), checks what the API would refuse before asking it, and sends
 * only `version` or `split` (docs/management-api.md "Versions on a link"). A refusal stays in the editor with
 * what was chosen; Escape or Cancel leaves the link as it was.
 */
export function LinkVersionEditor({
  api,
  agent,
  link,
  versions,
  onSaved,
  onCancel,
  onUnauthorized,
}: {
  api: ManagementApi;
  agent: string;
  link: PublicLink;
  versions: VersionInfo[];
  /** The link as the API answered the change. */
  onSaved(link: PublicLink): void;
  onCancel(): void;
  onUnauthorized(): void;
}) {
  const [choice, setChoice] = useState<VersionChoice>(() => choiceOf(link));
  /** Sent once: the choice's own checks show from then on. */
  const [tried, setTried] = useState(false);
  const save = useApiCall(onUnauthorized);
  const form = useRef<HTMLFormElement>(null);
  const ownProblems = versionProblems(choice);
  const base = `link-version-${link.id}`;

  // Opened from the row's button: the person goes on from the mode the link has now.
  useEffect(() => {
    form.current?.querySelector<HTMLInputElement>('input[type="radio"]:checked')?.focus();
  }, []);

  const submit = async (event: Event) => {
    event.preventDefault();
    setTried(true);
    if (ownProblems.length > 0) return;
    await save.run(async () => onSaved(await api.updateLink(agent, link.id, versionChange(choice))));
  };

  return (
    <form
      ref={form}
      class="link-version-editor"
      aria-labelledby={`${base}-title`}
      data-link-version-editor={link.id}
      onSubmit={submit}
      onKeyDown={(event) => {
        if (event.key === 'Escape' && !save.busy) onCancel();
      }}
    >
      <h3 id={`${base}-title`}>{t('linkVersion.editTitle', { title: link.title })}</h3>
      <VersionFieldset versions={versions} choice={choice} onChoice={setChoice} problems={tried ? ownProblems : []} serverProblems={[]} idBase={base} />
      <Problem error={save.error} id={`${base}-refusal`} />
      <div class="actions">
        <button type="submit" class="primary" disabled={save.busy}>
          {save.busy ? t('linkVersion.saving') : t('linkVersion.save')}
        </button>
        <button type="button" onClick={onCancel} disabled={save.busy}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
