import { useState } from 'preact/hooks';
import { saveFile } from '../api/export-download';
import { called, type ManagementApi } from '../api/management-api';
import { useApiCall } from '../api/use-api-call';
import { Notice } from '../ui/notice';
import { Problem } from '../ui/problem';
import { phoneProblem } from '../ui/send-to-fields';
import { t } from './privacy-words';

/** Whom a request is about: an email, a signed user id, or a phone number links were texted to. */
type Kind = 'email' | 'user' | 'phone';

/** The privacy routes (docs/management-api.md "Privacy"), carried by this page. */
function privacyApi({ client }: ManagementApi) {
  return {
    /** The export as a file: streamed JSON with the name the server gives. */
    export: async (kind: Kind, who: string): Promise<{ file: Blob; name: string }> => {
      const response = await called(
        kind === 'email'
          ? client.raw('GET', '/api/visitors/{email}/export', { path: { email: who } })
          : kind === 'phone'
            ? client.raw('GET', '/api/visitors/phones/{phone}/export', { path: { phone: who } })
            : client.raw('GET', '/api/visitors/users/{user_id}/export', { path: { user_id: who } }),
      );
      const name = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? 'visitor-export.json';
      return { file: await response.blob(), name };
    },
    erase: (kind: Exclude<Kind, 'phone'>, who: string) =>
      called(
        kind === 'email'
          ? client.DELETE('/api/visitors/{email}', { path: { email: who } })
          : client.DELETE('/api/visitors/users/{user_id}', { path: { user_id: who } }),
      ),
    /** A phone number's erasure answers what it changed: texts and schedules. */
    erasePhone: (phone: string) => called(client.DELETE('/api/visitors/phones/{phone}', { path: { phone } })),
  };
}

const kilobytes = (bytes: number) => t.number(bytes / 1024, { maximumFractionDigits: 1 });

/**
 * A visitor's privacy requests (owners): export everything held for them as a file, or erase it –
 * by email or signed user id – the erasure only once the person has typed the visitor again.
 */
export function PrivacyPage({ api, onUnauthorized }: { api: ManagementApi; onUnauthorized(): void }) {
  const [calls] = useState(() => privacyApi(api));
  const [kind, setKind] = useState<Kind>('email');
  const [who, setWho] = useState('');
  const [typed, setTyped] = useState('');
  const [exported, setExported] = useState<string>();
  const [erased, setErased] = useState<string>();
  const exporting = useApiCall(onUnauthorized);
  const erasing = useApiCall(onUnauthorized);
  const visitor = who.trim();
  /** A number the platform could never have texted is said at once, and asked for nothing. */
  const wrongNumber = kind === 'phone' && visitor ? phoneProblem(visitor) : undefined;
  const ready = visitor !== '' && wrongNumber === undefined;
  const choose = (next: Kind) => {
    setKind(next);
    setTyped('');
    setExported(undefined);
    setErased(undefined);
  };

  const runExport = () =>
    void exporting.run(async () => {
      setExported(undefined);
      const { file, name } = await calls.export(kind, visitor);
      saveFile(file, name);
      setExported(t('privacy.exported', { file: name, kb: kilobytes(file.size) }));
    });
  const runErase = (event: Event) => {
    event.preventDefault();
    void erasing.run(async () => {
      setErased(undefined);
      if (kind === 'phone') {
        const { erased: counts } = await calls.erasePhone(visitor);
        setTyped('');
        setErased(
          t('privacy.erasedPhone', {
            who: visitor,
            texts: t('privacy.texts', { count: counts.link_deliveries }),
            schedules: t('privacy.schedules', { count: counts.schedules }),
          }),
        );
        return;
      }
      const { erased: counts } = await calls.erase(kind, visitor);
      setTyped('');
      setErased(
        t('privacy.erased', {
          who: visitor,
          conversations: t('privacy.conversations', { count: counts.conversations }),
          messages: t('privacy.messages', { count: counts.messages }),
          memories: t('privacy.memories', { count: counts.memories }),
        }),
      );
    });
  };

  return (
    <section aria-labelledby="privacy-title" class="page-stack">
      <h1 id="privacy-title">{t('section.privacy')}</h1>
      <p class="muted">{t('privacy.intro')}</p>
      <div class="panel stack">
        <fieldset class="choices">
          <legend class="choices-name">{t('privacy.who')}</legend>
          <label class="check">
            <input type="radio" name="privacy-kind" checked={kind === 'email'} onChange={() => choose('email')} /> {t('privacy.byEmail')}
          </label>
          <label class="check">
            <input type="radio" name="privacy-kind" checked={kind === 'user'} onChange={() => choose('user')} /> {t('privacy.byUser')}
          </label>
          <label class="check">
            <input type="radio" name="privacy-kind" checked={kind === 'phone'} onChange={() => choose('phone')} /> {t('privacy.byPhone')}
          </label>
        </fieldset>
        <div class="field">
          <label for="privacy-who">{kind === 'email' ? t('privacy.email') : kind === 'phone' ? t('privacy.phone') : t('privacy.userId')}</label>
          <input
            id="privacy-who"
            inputMode={kind === 'email' ? 'email' : kind === 'phone' ? 'tel' : 'text'}
            autoCapitalize="off"
            spellcheck={false}
            maxLength={kind === 'email' ? 320 : 255}
            autoComplete="off"
            value={who}
            aria-invalid={wrongNumber ? 'true' : undefined}
            aria-describedby={[kind === 'email' ? '' : 'privacy-who-hint', wrongNumber ? 'privacy-who-check' : ''].filter(Boolean).join(' ') || undefined}
            onInput={(e) => {
              setWho((e.target as HTMLInputElement).value);
              setTyped('');
              setExported(undefined);
              setErased(undefined);
            }}
          />
          {kind !== 'email' && (
            <small id="privacy-who-hint" class="muted">
              {kind === 'phone' ? t('privacy.phoneHint') : t('privacy.userIdHint')}
            </small>
          )}
          {wrongNumber && (
            <p class="problem field-check" id="privacy-who-check">
              {wrongNumber}
            </p>
          )}
        </div>
      </div>
      <div class="columns halves">
        <section class="stack" aria-labelledby="export-title">
          <h2 id="export-title">{t('privacy.exportTitle')}</h2>
          <p class="muted">{t('privacy.exportIntro')}</p>
          <div>
            <button type="button" class="primary" disabled={!ready || exporting.busy} onClick={runExport}>
              {t('privacy.export')}
            </button>
          </div>
          <Problem error={exporting.error} />
          <Notice text={exported} />
        </section>
        <form class="stack" onSubmit={runErase} aria-labelledby="erase-title">
          <h2 id="erase-title">{t('privacy.eraseTitle')}</h2>
          <p class="muted">{t('privacy.eraseIntro')}</p>
          <label for="privacy-confirm">{t('privacy.confirmLabel', { who: visitor || '…' })}</label>
          <input id="privacy-confirm" autoComplete="off" value={typed} disabled={!ready} onInput={(e) => setTyped((e.target as HTMLInputElement).value)} />
          <div>
            <button type="submit" class="danger" disabled={!ready || typed.trim() !== visitor || erasing.busy}>
              {erasing.busy ? t('privacy.erasing') : t('privacy.erase')}
            </button>
          </div>
          <Problem error={erasing.error} />
          <Notice text={erased} />
        </form>
      </div>
      <p class="muted">{t('privacy.audited')}</p>
    </section>
  );
}
