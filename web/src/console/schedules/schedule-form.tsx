import type { ComponentChildren, JSX } from 'preact';
import { useState } from 'preact/hooks';
import type { AgentSummary, LinkTemplate, NewSchedule, Recipient } from '../api/management-api';
import { Field } from '../ui/field';
import { type FieldProblem, fieldProblems, Problem } from '../ui/problem';
import { phoneProblem, type SendBy, SendToFields, smsChannel } from '../ui/send-to-fields';
import { localZone } from '../ui/when';
import { t } from '../words';

const EMPTY = {
  name: '',
  agent: '',
  cron: '',
  timezone: '',
  template: '',
  title: '',
  recipients: '',
  /** Mailed each to its recipient, or texted all to one number (`to`). */
  by: 'email' as SendBy,
  to: '',
  subject: '',
  message: '',
  active: true,
};
type Fields = typeof EMPTY;
type FieldName = Exclude<keyof Fields, 'active' | 'by' | 'to'>;

/** What every control gets: its id for the label, its handler, and its problems when the server named it. */
interface ControlProps {
  id: string;
  onInput(event: Event): void;
  'aria-invalid'?: 'true' | undefined;
  'aria-describedby'?: string | undefined;
}

/** The zones the browser knows, offered as the time zone field's suggestions. */
const ZONES = Intl.supportedValuesOf('timeZone');

/** "ana@example.com, Ana" per line: the recipients, each name optional. */
export function recipientsOf(text: string): Recipient[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const comma = line.indexOf(',');
      const email = (comma < 0 ? line : line.slice(0, comma)).trim();
      const name = comma < 0 ? '' : line.slice(comma + 1).trim();
      return name ? { email, name } : { email };
    });
}

function bodyOf(f: Fields): NewSchedule {
  const send: NewSchedule['send'] = { channels: [f.by === 'sms' ? smsChannel(f.to) : { type: 'email' }] };
  if (f.subject.trim()) send.subject = f.subject.trim();
  if (f.message.trim()) send.message = f.message;
  return {
    name: f.name.trim(),
    cron: f.cron.trim(),
    timezone: f.timezone.trim(),
    action: 'create_and_send_temp_chat_link',
    agent: f.agent,
    recipients: recipientsOf(f.recipients),
    send,
    active: f.active,
    ...(f.template ? { template: f.template } : {}),
    ...(f.title.trim() ? { settings: { title: f.title.trim() } } : {}),
  };
}

/** The form field a refused path is about (`body.recipients.1.email` → recipients); nested ones the form has get their own. */
function fieldOf(path: string): string {
  const [first = '', second = ''] = path.replace(/^body\./, '').split('.');
  if (first === 'settings' && second === 'title') return 'title';
  if (first === 'send' && (second === 'subject' || second === 'message')) return second;
  // An SMS channel's number (`send.channels.0.to`) is the number's field.
  if (first === 'send' && second === 'channels') return 'to';
  return first;
}

/**
 * A new schedule: a cron in a time zone that makes a link (from a template) for each recipient
 * and mails it. The server's refusals show under the fields they name, with their paths.
 */
export function ScheduleForm({
  agents,
  templates,
  onCreate,
  error,
  busy,
  onCancel,
}: {
  agents: AgentSummary[] | undefined;
  templates: LinkTemplate[] | undefined;
  onCreate(body: NewSchedule): Promise<boolean>;
  error: unknown;
  busy: boolean;
  onCancel(): void;
}) {
  const [f, setF] = useState<Fields>(() => ({ ...EMPTY, timezone: localZone() }));
  /** What the console finds wrong with the typed number, once the form was sent. */
  const [toProblem, setToProblem] = useState<string>();
  const set = (name: keyof Fields) => (event: Event) => {
    const input = event.target as HTMLInputElement;
    setF((current) => ({ ...current, [name]: input.type === 'checkbox' ? input.checked : input.value }));
  };
  const submit = async (event: Event) => {
    event.preventDefault();
    // A number the platform cannot text is said here, before anything is asked.
    const wrongNumber = f.by === 'sms' ? phoneProblem(f.to) : undefined;
    setToProblem(wrongNumber);
    if (wrongNumber) return;
    if (await onCreate(bodyOf(f))) setF({ ...EMPTY, timezone: localZone() });
  };
  const texting = f.by === 'sms';

  const problems = fieldProblems(error);
  const at = (name: FieldName): FieldProblem[] => problems.filter((p) => fieldOf(p.path) === name);
  // Under a field the form shows: the number's only while texting.
  const shown = (name: string) => Object.hasOwn(EMPTY, name) && name !== 'active' && name !== 'by' && (name !== 'to' || f.by === 'sms');
  const placed = problems.length > 0 && problems.every((p) => shown(fieldOf(p.path)));
  const field = (name: FieldName, label: string, control: (props: ControlProps) => JSX.Element, hint?: ComponentChildren, wide = false) => (
    <Field id={`schedule-${name}`} label={label} hint={hint} problems={at(name)} wide={wide} control={(aria) => control({ ...aria, onInput: set(name) })} />
  );

  return (
    <form class="link-form" onSubmit={submit} aria-labelledby="new-schedule-title">
      <h2 id="new-schedule-title">{t('schedules.new')}</h2>
      <div class="grid">
        {field('name', t('common.name'), (props) => (
          <input {...props} value={f.name} maxLength={200} />
        ))}
        {field('agent', t('schedule.agent'), (props) => (
          <select {...props} value={f.agent} onChange={set('agent')}>
            <option value="">{t('schedule.chooseAgent')}</option>
            {agents?.map((a) => (
              <option key={a.id} value={a.name}>
                {a.name}
              </option>
            ))}
          </select>
        ))}
        {field(
          'cron',
          t('schedule.cron'),
          (props) => (
            <input {...props} class="mono" value={f.cron} placeholder="0 9 * * 1-5" />
          ),
          <>
            {t('schedule.cronFields')} <code class="nowrap">0 9 * * 1-5</code> {t('schedule.cronExample')}
          </>,
        )}
        {field(
          'timezone',
          t('schedule.timezone'),
          (props) => (
            <input {...props} value={f.timezone} list="schedule-zones" />
          ),
          t('schedule.timezoneHint', { zone: localZone() }),
        )}
        {field(
          'template',
          t('schedule.template'),
          (props) => (
            <select {...props} value={f.template} onChange={set('template')}>
              <option value="">{t('schedule.templateNone')}</option>
              {templates?.map((template) => (
                <option key={template.name} value={template.name}>
                  {t('schedule.templateOption', { title: template.settings.title ?? template.name, name: template.name })}
                </option>
              ))}
            </select>
          ),
          t('schedule.templateHint'),
        )}
        {field(
          'title',
          t('schedule.title'),
          (props) => (
            <input {...props} value={f.title} maxLength={200} />
          ),
          t('schedule.titleHint'),
        )}
        {field(
          'recipients',
          t('schedule.recipients'),
          (props) => (
            <textarea {...props} rows={4} value={f.recipients} placeholder={t('schedule.recipientsExample')} />
          ),
          texting ? t('schedule.recipientsHintSms') : t('schedule.recipientsHint'),
          true,
        )}
      </div>
      <SendToFields
        id="schedule-send"
        label={t('schedule.sendBy')}
        choices={[
          ['email', t('schedule.byEmail')],
          ['sms', t('schedule.bySms')],
        ]}
        by={f.by}
        onBy={(by) => {
          setF((current) => ({ ...current, by }));
          setToProblem(undefined);
        }}
        address={texting ? { label: t('schedule.textTo'), hint: t('schedule.textToHint'), kind: 'tel' } : undefined}
        to={f.to}
        onTo={(to) => {
          setF((current) => ({ ...current, to }));
          setToProblem(undefined);
        }}
        problem={toProblem}
        refused={problems.filter((p) => fieldOf(p.path) === 'to')}
      />
      <div class="grid">
        {field(
          'subject',
          texting ? t('schedule.textSubject') : t('schedule.subject'),
          (props) => (
            <input {...props} value={f.subject} maxLength={200} />
          ),
          t('schedule.subjectHint', { placeholder: '{{name}}' }),
        )}
        {field(
          'message',
          texting ? t('schedule.textMessage') : t('schedule.message'),
          (props) => (
            <input {...props} value={f.message} />
          ),
          t('schedule.messageHint'),
        )}
      </div>
      <datalist id="schedule-zones">
        {ZONES.map((zone) => (
          <option key={zone} value={zone} />
        ))}
      </datalist>
      <label class="check">
        <input type="checkbox" checked={f.active} onChange={set('active')} /> {t('common.active')}
      </label>
      {placed ? (
        <p class="problem" role="alert">
          {t('schedule.notSaved', { count: problems.length })}
        </p>
      ) : (
        <Problem error={error} />
      )}
      <div class="actions">
        <button type="submit" class="primary" disabled={busy}>
          {busy ? t('common.creating') : t('schedule.create')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
