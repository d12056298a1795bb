import type { ComponentChildren, JSX } from 'preact';
import { useState } from 'preact/hooks';
import type { VersionInfo } from '../agents/versions-panel';
import type { LinkTemplate, NewLink, PublicLink } from '../api/management-api';
import { Field, type FieldAria } from '../ui/field';
import { fieldProblems, Problem } from '../ui/problem';
import { phoneProblem, type SendBy, SendToFields, smsChannel } from '../ui/send-to-fields';
import { EMPTY_GUARD, fieldOfPath, GUARD_SETTING, type GuardDraw, type GuardFields, GuardFieldset, guardFieldsOf, guardSettings } from './link-guard-fields';
import { EMPTY_LOOK, LOOK_SETTING, type LookFields, LookFieldsets, lookFieldsOf, lookSettings } from './link-look-fields';
import { EMPTY_PERSON, PERSON_SETTING, type PersonDraw, type PersonFields, PersonFieldset, personFieldsOf, personSettings } from './link-person-fields';
import { FOLLOW, isVersionPath, type VersionChoice, VersionFieldset, versionProblems, versionSettings } from './link-version-fields';
import { t } from './link-words';

interface Fields extends LookFields, GuardFields, PersonFields {
  title: string;
  description: string;
  welcome_message: string;
  expires_in_hours: string;
  max_sessions: string;
  max_messages_per_session: string;
  session_timeout_minutes: string;
  rate_limit_per_minute: string;
  rate_limit_per_link_per_minute: string;
  retention_days: string;
  require_email_verification: boolean;
  allowed_origins: string;
  ip_allow: string;
  ip_deny: string;
  passcode: string;
  active: boolean;
}

/**
 * A new link's fields: the settings the API gives a link that leaves them out (docs/management-api.md,
 * "Public links"), so a link made here is the link the API makes – a blank expiry never expires,
 * blank limits are none. The rate limit is left blank: not sent, the platform's own default
 * applies, whatever it is. link-form.test.ts holds them to the contract's defaults.
 */
export const EMPTY: Fields = {
  title: '',
  description: '',
  welcome_message: '',
  expires_in_hours: '',
  max_sessions: '',
  max_messages_per_session: '',
  session_timeout_minutes: '30',
  rate_limit_per_minute: '',
  rate_limit_per_link_per_minute: '',
  retention_days: '',
  require_email_verification: false,
  allowed_origins: '',
  ip_allow: '',
  ip_deny: '',
  passcode: '',
  active: true,
  ...EMPTY_LOOK,
  ...EMPTY_GUARD,
  ...EMPTY_PERSON,
};

const lines = (text: string) =>
  text
    .split(/[\n,]/)
    .map((line) => line.trim())
    .filter(Boolean);
/** A blank number field is a setting left empty (no expiry, no limit); anything else goes as typed, for the server to judge. */
const number = (text: string) => (text.trim() === '' ? null : Number(text));

/**
 * The form's fields as the API's settings, lists one entry per line. A blank nullable setting is
 * sent as null, so that over a template it means "none" rather than "the template's".
 */
export function settingsOf(f: Fields): NewLink {
  const settings: NewLink = {
    title: f.title.trim(),
    description: f.description.trim() ? f.description : null,
    welcome_message: f.welcome_message.trim() ? f.welcome_message : null,
    max_sessions: number(f.max_sessions),
    max_messages_per_session: number(f.max_messages_per_session),
    rate_limit_per_link_per_minute: number(f.rate_limit_per_link_per_minute),
    retention_days: number(f.retention_days),
    require_email_verification: f.require_email_verification,
    allowed_origins: lines(f.allowed_origins),
    ip_allow: lines(f.ip_allow),
    ip_deny: lines(f.ip_deny),
    active: f.active,
    ...lookSettings(f),
    ...guardSettings(f),
    ...personSettings(f),
  };
  const expiry = number(f.expires_in_hours);
  if (expiry === null) settings.expires_at = null;
  else settings.expires_in_hours = expiry;
  // Not nullable: blank leaves them to the template or the platform's default.
  for (const name of ['session_timeout_minutes', 'rate_limit_per_minute'] as const) {
    const value = number(f[name]);
    if (value !== null) settings[name] = value;
  }
  if (f.adaptive) settings.rate_limit_per_minute = 'adaptive';
  if (f.passcode) settings.passcode = f.passcode;
  return settings;
}

/**
 * Settings as the form shows them – a template's, or a link's own – what they leave out shown as a
 * link without it would have it.
 */
export function fieldsOf(given: Readonly<Record<string, unknown>>): Fields {
  const settings: Record<string, unknown> = { ...given };
  if (settings.expires_in_hours === undefined && typeof settings.expires_at === 'string') {
    settings.expires_in_hours = Math.max(0, Math.round((Date.parse(settings.expires_at) - Date.now()) / 360_000) / 10);
  }
  // What the template leaves out shows as a link without it gets it.
  const fields: Record<string, string | boolean> = { ...EMPTY };
  for (const name of Object.keys(EMPTY)) {
    const value = settings[name];
    if (value === undefined) continue;
    fields[name] = typeof value === 'boolean' ? value : Array.isArray(value) ? value.join('\n') : value === null ? '' : String(value);
  }
  const guard = guardFieldsOf(settings);
  return {
    ...(fields as unknown as Fields),
    ...lookFieldsOf(settings),
    ...guard,
    ...personFieldsOf(settings),
    ...(guard.adaptive ? { rate_limit_per_minute: EMPTY.rate_limit_per_minute } : {}),
  };
}

/**
 * The settings of the fields the person changed from `from` (what a template filled in, what a
 * link has), each as the API names it: what the form cannot show – an exact expiry date,
 * `require_identity` – stays as it was.
 */
export function changedSettings(f: Fields, from: Fields): Record<string, unknown> {
  const all = settingsOf(f) as Record<string, unknown>;
  const body: Record<string, unknown> = {};
  for (const name of Object.keys(f) as (keyof Fields)[]) {
    if (f[name] === from[name]) continue;
    const setting =
      name in LOOK_SETTING
        ? LOOK_SETTING[name as keyof LookFields]
        : name in GUARD_SETTING
          ? GUARD_SETTING[name as keyof GuardFields]
          : name in PERSON_SETTING
            ? PERSON_SETTING[name as keyof PersonFields]
            : name;
    for (const key of name === 'expires_in_hours' ? ['expires_in_hours', 'expires_at'] : [setting]) {
      if (all[key] !== undefined) body[key] = all[key];
    }
  }
  return body;
}

/**
 * The request: without a template, every setting; with one, its name and only the fields the
 * person changed from what it filled in (the body's fields override the template's).
 */
const bodyOf = (f: Fields, template: { name: string; filled: Fields } | undefined): NewLink =>
  template ? { template: template.name, ...changedSettings(f, template.filled) } : settingsOf(f);

/**
 * What the form is for: a new link (the default); changes to a link, sending only what the person
 * changed (its passcode kept unless a new one is typed); or a template's settings, which hold no
 * passcode and need no title.
 */
export type LinkFormPurpose =
  | { kind: 'new' }
  | { kind: 'edit'; link: PublicLink }
  | { kind: 'template'; settings?: Readonly<Record<string, unknown>> | undefined };

/**
 * The attributes each kind of text field adds to its input. One object per kind, not one `type`
 * of several values, as Preact's input types allow each type its own attributes and ARIA roles.
 */
const INPUT_KINDS = {
  text: { type: 'text' },
  number: { type: 'number', min: 1, step: 'any' },
  password: { type: 'password' },
} as const;

/**
 * A link's every setting: a new link, started from a template if the person picks one, its URL
 * mailed at once if asked; a link's changes; or a template's settings (`purpose`). The server's
 * refusal names the field it refused.
 */
export function LinkForm({
  purpose = { kind: 'new' },
  title,
  submitLabel,
  children,
  templates,
  teams,
  versions,
  onCreate,
  error,
  busy,
  onCancel,
}: {
  purpose?: LinkFormPurpose;
  /** The form's heading; a new link's by default. */
  title?: string;
  submitLabel?: string;
  /** Fields of the form's own before the settings (a template's name). */
  children?: ComponentChildren;
  templates?: LinkTemplate[] | undefined;
  /** The tenant's teams, to send the link's escalations to; undefined: not to be had (the id is typed). */
  teams?: { id: string; name: string }[] | undefined;
  /** The agent's versions, to pin the link to one or split it between several; undefined: it follows the published one. */
  versions?: VersionInfo[] | undefined;
  /** The request's body: a new link's, a link's changes, or a template's settings. */
  onCreate(body: NewLink): Promise<boolean>;
  error: unknown;
  busy: boolean;
  onCancel(): void;
}) {
  const isNew = purpose.kind === 'new';
  /** What the fields start from: a link's settings, a template's, or none. */
  const [start] = useState<Fields>(() =>
    purpose.kind === 'edit' ? fieldsOf(purpose.link) : purpose.kind === 'template' && purpose.settings ? fieldsOf(purpose.settings) : EMPTY,
  );
  const [f, setF] = useState<Fields>(start);
  const [template, setTemplate] = useState<{ name: string; description: string | null; filled: Fields }>();
  /** Where the new link's address goes at once: mailed or texted, when something is typed. */
  const [sendBy, setSendBy] = useState<SendBy>('email');
  const [sendTo, setSendTo] = useState('');
  /** What the console finds wrong with a typed phone number, once the form was sent. */
  const [sendProblem, setSendProblem] = useState<string>();
  const [version, setVersion] = useState<VersionChoice>(FOLLOW);
  /** Sent once: the version's own checks show from then on. */
  const [tried, setTried] = useState(false);
  const ownProblems = versionProblems(version);
  const set = (name: keyof Fields) => (event: Event) => {
    const input = event.target as HTMLInputElement;
    setF((current) => ({ ...current, [name]: input.type === 'checkbox' ? input.checked : input.value }));
  };
  const update = (patch: Partial<LookFields>) => setF((current) => ({ ...current, ...patch }));
  const choose = (event: Event) => {
    const chosen = templates?.find((t) => t.name === (event.target as HTMLSelectElement).value);
    const filled = chosen ? fieldsOf(chosen.settings) : EMPTY;
    setTemplate(chosen ? { name: chosen.name, description: chosen.description, filled } : undefined);
    setF(filled);
  };
  const submit = async (event: Event) => {
    event.preventDefault();
    setTried(true);
    if (ownProblems.length > 0) return;
    if (!isNew) {
      // A link's changes, or a template's settings as they differ from a link's defaults.
      const changed = changedSettings(f, purpose.kind === 'edit' ? start : EMPTY);
      if (purpose.kind === 'template' && !f.title.trim()) delete changed.title;
      await onCreate(changed as NewLink);
      return;
    }
    const body = { ...bodyOf(f, template), ...versionSettings(version) };
    const to = sendTo.trim();
    // A number the platform cannot text is said here, before anything is made.
    const wrongNumber = sendBy === 'sms' && to ? phoneProblem(to) : undefined;
    setSendProblem(wrongNumber);
    if (wrongNumber) return;
    if (to) body.send = { channels: [sendBy === 'sms' ? smsChannel(to) : { type: 'email', to }] };
    if (await onCreate(body)) {
      setF(EMPTY);
      setTemplate(undefined);
      setSendTo('');
      setVersion(FOLLOW);
      setTried(false);
    }
  };
  // A refusal's problems go under the field they name (`content_rules.pii` under its select).
  const problems = fieldProblems(error);
  const field = (name: keyof Fields, label: string, control: (aria: FieldAria) => JSX.Element, hint?: string) => (
    <Field id={`link-${name}`} label={label} hint={hint} problems={problems.filter((p) => fieldOfPath(p.path) === name)} control={control} />
  );
  const text = (name: keyof Fields, label: string, hint?: string, kind: keyof typeof INPUT_KINDS = 'text') =>
    field(name, label, (aria) => <input {...aria} {...INPUT_KINDS[kind]} value={f[name] as string} onInput={set(name)} />, hint);
  const list = (name: keyof Fields, label: string, hint: string) =>
    field(name, label, (aria) => <textarea {...aria} rows={2} value={f[name] as string} onInput={set(name)} />, hint);
  const check = (name: keyof Fields, label: string) => (
    <label class="check">
      <input type="checkbox" checked={f[name] as boolean} onChange={set(name)} /> {label}
    </label>
  );
  const draw: GuardDraw & PersonDraw = {
    text,
    area: list,
    check,
    select: (name, label, options) =>
      field(name, label, (aria) => (
        <select {...aria} value={f[name] as string} onChange={set(name)}>
          {options.map(([value, words]) => (
            <option key={value} value={value}>
              {words}
            </option>
          ))}
        </select>
      )),
  };

  return (
    <form class="link-form" onSubmit={submit} aria-labelledby="new-link-title">
      <h3 id="new-link-title">{title ?? t('link.new')}</h3>
      <div class="grid">
        {children}
        {isNew && (
          <div class="field wide">
            <label for="link-template">{t('link.template')}</label>
            <select id="link-template" value={template?.name ?? ''} onChange={choose} aria-describedby="link-template-hint">
              <option value="">{t('link.templateNone')}</option>
              {templates?.map((one) => (
                <option key={one.name} value={one.name}>
                  {t(one.built_in ? 'link.templateOption' : 'link.templateOptionOwn', { title: one.settings.title ?? one.name, name: one.name })}
                </option>
              ))}
            </select>
            <small id="link-template-hint" class="muted">
              {template ? [template.description, t('link.templateFilled')].filter(Boolean).join(' ') : t('link.templateHint')}
            </small>
          </div>
        )}
        {text('title', t('link.title'), purpose.kind === 'template' ? t('link.titleOptional') : undefined)}
        {text('description', t('link.description'))}
        <div class="field wide">
          <label for="link-welcome_message">{t('link.welcome')}</label>
          <textarea id="link-welcome_message" rows={2} value={f.welcome_message} onInput={set('welcome_message')} />
        </div>
        {text('expires_in_hours', t('link.expires'), t('link.expiresHint'), 'number')}
        {text('max_sessions', t('link.maxSessions'), t('link.unlimited'), 'number')}
        {text('max_messages_per_session', t('link.maxMessages'), t('link.unlimited'), 'number')}
        {text('session_timeout_minutes', t('link.timeout'), t('link.timeoutHint'), 'number')}
        {text('rate_limit_per_minute', t('link.perMinute'), t('link.perMinuteHint'), 'number')}
        {text('rate_limit_per_link_per_minute', t('link.perLinkPerMinute'), t('link.unlimited'), 'number')}
        <div class="field">{check('adaptive', t('guard.adaptive'))}</div>
        {text('retention_days', t('link.retention'), t('link.retentionHint'), 'number')}
        {purpose.kind !== 'template' &&
          text(
            'passcode',
            t('link.passcode'),
            purpose.kind === 'edit' && purpose.link.has_passcode ? t('link.passcodeKept') : t('link.passcodeHint'),
            'password',
          )}
        {list('allowed_origins', t('link.origins'), t('link.originsHint'))}
        {list('ip_allow', t('link.ipAllow'), t('link.ipAllowHint'))}
        {list('ip_deny', t('link.ipDeny'), t('link.ipDenyHint'))}
      </div>
      {check('require_email_verification', t('link.verifyEmail'))}
      {check('active', t('common.active'))}
      {isNew && versions && versions.length > 0 && (
        <VersionFieldset
          versions={versions}
          choice={version}
          onChoice={setVersion}
          problems={tried ? ownProblems : []}
          serverProblems={problems.filter((p) => isVersionPath(p.path))}
        />
      )}
      <PersonFieldset draw={draw} f={f} teams={teams} />
      <GuardFieldset draw={draw} />
      <LookFieldsets f={f} update={update} />
      {isNew && (
        <SendToFields
          id="link-send"
          label={t('link.sendBy')}
          choices={[
            ['email', t('send.byEmail')],
            ['sms', t('send.bySms')],
          ]}
          by={sendBy}
          onBy={(by) => {
            setSendBy(by);
            setSendProblem(undefined);
          }}
          address={
            sendBy === 'sms'
              ? { label: t('link.textTo'), hint: t('link.textToHint'), kind: 'tel' }
              : { label: t('link.mailTo'), hint: t('link.mailToHint'), kind: 'email' }
          }
          to={sendTo}
          onTo={(to) => {
            setSendTo(to);
            setSendProblem(undefined);
          }}
          problem={sendProblem}
          refused={problems.filter((p) => /^body\.send\./.test(p.path))}
        />
      )}
      <Problem error={error} />
      <div class="actions">
        <button type="submit" class="primary" disabled={busy || (purpose.kind !== 'template' && !f.title.trim())}>
          {busy ? t(isNew ? 'common.creating' : 'link.saving') : (submitLabel ?? t('link.create'))}
        </button>
        <button type="button" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
