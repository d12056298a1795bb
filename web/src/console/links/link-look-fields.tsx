import type { uploadableTypes } from '@parley/contracts';
import { textOn } from '../../look/contrast';
import type { NewLink } from '../api/management-api';
import { Field } from '../ui/field';
import { t } from './link-words';

type UploadType = (typeof uploadableTypes)[number];

/** The file types a link may take (the API's list, docs/api.md "Visitors' uploads…"), as the form names them. */
const UPLOAD_TYPES: Record<UploadType, string> = {
  'image/png': t('uploads.png'),
  'image/jpeg': t('uploads.jpeg'),
  'image/webp': t('uploads.webp'),
  'image/gif': t('uploads.gif'),
  'application/pdf': t('uploads.pdf'),
  'text/plain': t('uploads.text'),
  'text/csv': t('uploads.csv'),
  'application/json': t('uploads.json'),
  'application/zip': t('uploads.zip'),
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': t('uploads.docx'),
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': t('uploads.xlsx'),
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': t('uploads.pptx'),
  'audio/mpeg': t('uploads.mp3'),
  'audio/wav': t('uploads.wav'),
  'video/mp4': t('uploads.mp4'),
};
const TYPE_ORDER = Object.keys(UPLOAD_TYPES) as UploadType[];
const DEFAULT_TYPES: UploadType[] = ['image/png', 'image/jpeg', 'image/webp', 'application/pdf', 'text/plain'];
const MIB = 1024 * 1024;

/** The languages the visitors' pages speak, each named in itself (the same in any console language: not catalog words). */
const LANGUAGES = [
  ['en', 'English'],
  ['de', 'Deutsch'],
  ['fr', 'Français'],
  ['es', 'Español'],
  ['ja', '日本語'],
  ['ar', 'العربية'],
] as const;
const OTHER = 'other';

/**
 * What visitors may attach, how the chat page and widget look, and their language, as the link
 * form holds them: plain strings and flags, so that a template's values compare as the others do.
 * `uploads_types` is the checked types in the list's order, comma-separated.
 */
export interface LookFields {
  uploads_enabled: boolean;
  uploads_max_mb: string;
  uploads_types: string;
  brand_color: string;
  logo_url: string;
  avatar_url: string;
  mode: string;
  locale: string;
  locale_other: string;
}

export const EMPTY_LOOK: LookFields = {
  uploads_enabled: false,
  uploads_max_mb: '10',
  uploads_types: DEFAULT_TYPES.join(','),
  brand_color: '',
  logo_url: '',
  avatar_url: '',
  mode: 'auto',
  locale: '',
  locale_other: '',
};

/** The setting each field is part of: a template's link gets the whole setting when one of its fields changes. */
export const LOOK_SETTING: Record<keyof LookFields, 'uploads' | 'theme' | 'locale'> = {
  uploads_enabled: 'uploads',
  uploads_max_mb: 'uploads',
  uploads_types: 'uploads',
  brand_color: 'theme',
  logo_url: 'theme',
  avatar_url: 'theme',
  mode: 'theme',
  locale: 'locale',
  locale_other: 'locale',
};

/**
 * The fields as the API's settings: no uploads (null) unless enabled, no theme when nothing is set
 * and the mode is the visitor's, no locale for "the visitor's language". Values go as typed; the
 * server judges them and names what it refuses (`theme.brand_color`, `uploads.max_bytes` …).
 */
export function lookSettings(f: LookFields): Pick<NewLink, 'uploads' | 'theme' | 'locale'> {
  // Blank or not a number: sent as null, for the server to refuse naming uploads.max_bytes.
  const mb = f.uploads_max_mb.trim() === '' ? Number.NaN : Number(f.uploads_max_mb);
  const uploads = f.uploads_enabled
    ? { enabled: true, max_bytes: Math.round(mb * MIB), types: f.uploads_types.split(',').filter(Boolean) as UploadType[] }
    : null;
  const theme = {
    ...(f.brand_color.trim() ? { brand_color: f.brand_color.trim() } : {}),
    ...(f.logo_url.trim() ? { logo_url: f.logo_url.trim() } : {}),
    ...(f.avatar_url.trim() ? { avatar_url: f.avatar_url.trim() } : {}),
    mode: f.mode as 'light' | 'dark' | 'auto',
  };
  const locale = f.locale === OTHER ? f.locale_other.trim() || null : f.locale || null;
  return { uploads, theme: Object.keys(theme).length === 1 && theme.mode === 'auto' ? null : theme, locale };
}

/** A template's uploads, theme and locale as the form shows them. */
export function lookFieldsOf(settings: Record<string, unknown>): LookFields {
  const uploads = settings.uploads as { enabled?: boolean; max_bytes?: number; types?: string[] } | null | undefined;
  const theme = settings.theme as { brand_color?: string; logo_url?: string; avatar_url?: string; mode?: string } | null | undefined;
  const locale = typeof settings.locale === 'string' ? settings.locale : '';
  const known = LANGUAGES.some(([tag]) => tag === locale);
  return {
    uploads_enabled: uploads?.enabled ?? false,
    uploads_max_mb: uploads?.max_bytes ? String(Math.round((uploads.max_bytes / MIB) * 100) / 100) : EMPTY_LOOK.uploads_max_mb,
    uploads_types: uploads?.types ? TYPE_ORDER.filter((type) => uploads.types?.includes(type)).join(',') : EMPTY_LOOK.uploads_types,
    brand_color: theme?.brand_color ?? '',
    logo_url: theme?.logo_url ?? '',
    avatar_url: theme?.avatar_url ?? '',
    mode: theme?.mode ?? 'auto',
    locale: locale === '' ? '' : known ? locale : OTHER,
    locale_other: locale !== '' && !known ? locale : '',
  };
}

const HEX = /^#[0-9a-fA-F]{6}$/;

/** The form's three groups for visitors' files, the look and the language. */
export function LookFieldsets({ f, update }: { f: LookFields; update(patch: Partial<LookFields>): void }) {
  const value = (name: keyof LookFields) => (event: Event) => update({ [name]: (event.target as HTMLInputElement | HTMLSelectElement).value });
  const types = new Set(f.uploads_types.split(','));
  const toggle = (type: UploadType, on: boolean) => {
    if (on) types.add(type);
    else types.delete(type);
    update({ uploads_types: TYPE_ORDER.filter((known) => types.has(known)).join(',') });
  };
  const brand = HEX.test(f.brand_color.trim()) ? f.brand_color.trim() : undefined;
  const url = (name: 'logo_url' | 'avatar_url', label: string) => (
    <div class="field">
      <label for={`link-${name}`}>{label}</label>
      <input id={`link-${name}`} type="url" inputMode="url" value={f[name]} onInput={value(name)} aria-describedby="link-image-hint" placeholder="https://" />
    </div>
  );
  return (
    <>
      <fieldset class="link-group">
        <legend>{t('uploads.legend')}</legend>
        <label class="check">
          <input type="checkbox" checked={f.uploads_enabled} onChange={(e) => update({ uploads_enabled: (e.target as HTMLInputElement).checked })} />{' '}
          {t('uploads.enabled')}
        </label>
        {f.uploads_enabled && (
          <>
            <Field
              id="link-uploads_max_mb"
              label={t('uploads.maxMb')}
              hint={t('uploads.maxMbHint')}
              control={(aria) => <input {...aria} type="number" min={1} max={50} step="any" value={f.uploads_max_mb} onInput={value('uploads_max_mb')} />}
            />
            <fieldset class="types">
              <legend>{t('uploads.types')}</legend>
              {TYPE_ORDER.map((type) => (
                <label key={type} class="check">
                  <input type="checkbox" checked={types.has(type)} onChange={(e) => toggle(type, (e.target as HTMLInputElement).checked)} />{' '}
                  {UPLOAD_TYPES[type]}
                </label>
              ))}
            </fieldset>
          </>
        )}
      </fieldset>
      <fieldset class="link-group">
        <legend>{t('theme.legend')}</legend>
        <Field
          id="link-brand_color"
          label={t('theme.brand')}
          hint={t('theme.brandHint')}
          control={(aria) => (
            <span class="colour">
              <input {...aria} value={f.brand_color} onInput={value('brand_color')} placeholder="#1d4ed8" maxLength={7} spellcheck={false} />
              <input type="color" aria-label={t('theme.brandPicker')} value={brand ?? '#1d4ed8'} onInput={value('brand_color')} />
              {brand && (
                <span class="swatch" aria-hidden="true" style={{ background: brand, color: textOn(brand) }}>
                  {t('theme.preview')}
                </span>
              )}
            </span>
          )}
        />
        {url('logo_url', t('theme.logo'))}
        {url('avatar_url', t('theme.avatar'))}
        <small id="link-image-hint" class="muted">
          {t('theme.imageHint')}
        </small>
        <div class="field">
          <label for="link-mode">{t('theme.mode')}</label>
          <select id="link-mode" value={f.mode} onChange={value('mode')}>
            <option value="auto">{t('theme.modeAuto')}</option>
            <option value="light">{t('theme.modeLight')}</option>
            <option value="dark">{t('theme.modeDark')}</option>
          </select>
        </div>
      </fieldset>
      <fieldset class="link-group">
        <legend>{t('locale.legend')}</legend>
        <div class="field">
          <label for="link-locale">{t('locale.label')}</label>
          <select id="link-locale" value={f.locale} onChange={value('locale')}>
            <option value="">{t('locale.visitor')}</option>
            {LANGUAGES.map(([tag, name]) => (
              <option key={tag} value={tag} lang={tag}>
                {`${name} (${tag})`}
              </option>
            ))}
            <option value={OTHER}>{t('locale.other')}</option>
          </select>
        </div>
        {f.locale === OTHER && (
          <Field
            id="link-locale_other"
            label={t('locale.tag')}
            hint={t('locale.tagHint')}
            control={(aria) => <input {...aria} value={f.locale_other} onInput={value('locale_other')} placeholder="pt-BR" spellcheck={false} />}
          />
        )}
      </fieldset>
    </>
  );
}
