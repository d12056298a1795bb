import type { VersionInfo } from '../agents/versions-panel';
import type { LinkChanges, NewLink } from '../api/management-api';
import { Field } from '../ui/field';
import { type FieldProblem, FieldProblems } from '../ui/problem';
import { t } from './link-words';

/** The most versions a split may divide between, and the weights each may have (docs/management-api.md "Versions on a link"). */
export const SPLIT_MAX = 10;
const WEIGHT_MIN = 1;
const WEIGHT_MAX = 1_000;

/** Which version a new link runs: the published one (as every link does unless told), one pinned, or a split by weight. */
export interface VersionChoice {
  mode: 'follow' | 'pin' | 'split';
  pin: string;
  split: { version: string; weight: string }[];
}

export const FOLLOW: VersionChoice = { mode: 'follow', pin: '', split: [] };

/** A version as a select lists it: its number and state; a draft is a preview. */
export const versionOption = (v: VersionInfo) =>
  t(v.state === 'draft' ? 'linkVersion.optionDraft' : v.active ? 'linkVersion.optionActive' : 'linkVersion.optionPublished', { version: String(v.version) });

/** The newest draft first, then the rest newest first: the likeliest choices at the top. */
const newestFirst = (versions: VersionInfo[]) => [...versions].sort((a, b) => b.version - a.version);

/** What choosing a mode starts from: the newest draft (else the active version) pinned, or the active version against the newest other one, half and half. */
export function startChoice(mode: VersionChoice['mode'], versions: VersionInfo[], current: VersionChoice): VersionChoice {
  const active = versions.find((v) => v.active) ?? versions[versions.length - 1];
  const draft = newestFirst(versions).find((v) => v.state === 'draft');
  const pin = current.pin || String((draft ?? active)?.version ?? '');
  const other = newestFirst(versions).find((v) => v !== active);
  const split =
    current.split.length > 0
      ? current.split
      : [active, other].filter((v): v is VersionInfo => v !== undefined).map((v) => ({ version: String(v.version), weight: '50' }));
  return { mode, pin, split };
}

const isWeight = (text: string) => /^\d+$/.test(text.trim()) && Number(text) >= WEIGHT_MIN && Number(text) <= WEIGHT_MAX;

/** What the API would refuse in the choice, said before asking it: 2–10 distinct versions, whole weights from 1 to 1,000. */
export function versionProblems(choice: VersionChoice): string[] {
  if (choice.mode === 'pin') return choice.pin ? [] : [t('linkVersion.pickOne')];
  if (choice.mode !== 'split') return [];
  const problems: string[] = [];
  if (choice.split.length < 2 || choice.split.length > SPLIT_MAX) problems.push(t('linkVersion.splitCount', { max: SPLIT_MAX }));
  const seen = new Set<string>();
  choice.split.forEach((row, index) => {
    if (seen.has(row.version)) problems.push(t('linkVersion.twice', { version: row.version, row: index + 1 }));
    seen.add(row.version);
    if (!isWeight(row.weight)) problems.push(t('linkVersion.weight', { row: index + 1, min: WEIGHT_MIN, max: t.number(WEIGHT_MAX) }));
  });
  return problems;
}

/** The choice as the link's settings: nothing when it follows the published version. */
export function versionSettings(choice: VersionChoice): Pick<NewLink, 'version' | 'split'> {
  if (choice.mode === 'pin') return { version: Number(choice.pin) };
  if (choice.mode === 'split') return { split: choice.split.map((row) => ({ version: Number(row.version), weight: Number(row.weight) })) };
  return {};
}

/** What a link runs now, as the fields show it: its split, else its pinned version, else the published one. */
export function choiceOf(link: { version?: number | null; split?: { version: number; weight: number }[] | null }): VersionChoice {
  if (link.split && link.split.length > 0)
    return { mode: 'split', pin: '', split: link.split.map((arm) => ({ version: String(arm.version), weight: String(arm.weight) })) };
  if (link.version != null) return { mode: 'pin', pin: String(link.version), split: [] };
  return FOLLOW;
}

/**
 * The choice as a change to an existing link: a pin or a split (either clears the other), or both
 * cleared to follow the published version again, whichever of them the link had.
 */
export function versionChange(choice: VersionChoice): Pick<LinkChanges, 'version' | 'split'> {
  if (choice.mode === 'follow') return { version: null, split: null };
  return versionSettings(choice);
}

/** Whether a refusal's path names the link's version or split (`body.version`, `body.split[1].version`, `body.split.1.weight`). */
export const isVersionPath = (path: string) => /^(body\.)?(version|split)(\.|\[|$)/.test(path);

/** Each row's share of new sessions, as a percentage; '–' while a weight is not a number. */
export function shares(split: VersionChoice['split']): string[] {
  const weights = split.map((row) => (isWeight(row.weight) ? Number(row.weight) : Number.NaN));
  const total = weights.reduce((sum, w) => sum + w, 0);
  return weights.map((w) => (Number.isFinite(total) && total > 0 ? t.number(w / total, { style: 'percent', maximumFractionDigits: 1 }) : '–'));
}

/**
 * The link's version: follow the published one, pin one (a draft pinned is a preview link), or
 * split new sessions between versions by weight, each row's share shown as it is typed.
 */
export function VersionFieldset({
  versions,
  choice,
  onChoice,
  problems,
  serverProblems,
  idBase = 'link-version',
}: {
  versions: VersionInfo[];
  choice: VersionChoice;
  onChoice(choice: VersionChoice): void;
  /** The form's own checks, shown once it has been sent. */
  problems: string[];
  /** The server's refusals that name `version` or `split`. */
  serverProblems: FieldProblem[];
  /** What its element ids and radio group's name start with: one per fieldset on the page. */
  idBase?: string;
}) {
  const ordered = newestFirst(versions);
  const active = versions.find((v) => v.active);
  const mode = (next: VersionChoice['mode']) => onChoice(startChoice(next, versions, choice));
  const row = (index: number, patch: Partial<VersionChoice['split'][number]>) =>
    onChoice({ ...choice, split: choice.split.map((one, i) => (i === index ? { ...one, ...patch } : one)) });
  const unused = () => ordered.find((v) => !choice.split.some((one) => one.version === String(v.version))) ?? ordered[0];
  const percents = shares(choice.split);
  const options = ordered.map((v) => (
    <option key={v.version} value={String(v.version)}>
      {versionOption(v)}
    </option>
  ));
  const radio = (value: VersionChoice['mode'], label: string) => (
    <label class="check">
      <input type="radio" name={`${idBase}-mode`} value={value} checked={choice.mode === value} onChange={() => mode(value)} /> {label}
    </label>
  );

  return (
    <fieldset class="link-group link-version" aria-describedby={problems.length > 0 ? `${idBase}-problems` : undefined}>
      <legend>{t('linkVersion.legend')}</legend>
      {radio('follow', t('linkVersion.follow', { version: String(active?.version ?? '') }))}
      {radio('pin', t('linkVersion.pin'))}
      {choice.mode === 'pin' && (
        <Field
          id={idBase}
          label={t('linkVersion.pinned')}
          hint={t('linkVersion.pinHint')}
          control={(aria) => (
            <select {...aria} value={choice.pin} onChange={(e) => onChoice({ ...choice, pin: (e.target as HTMLSelectElement).value })}>
              {options}
            </select>
          )}
        />
      )}
      {radio('split', t('linkVersion.split'))}
      {choice.mode === 'split' && (
        <div class="split-rows">
          <table>
            <caption class="sr-only">{t('linkVersion.splitCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('linkVersion.version')}</th>
                <th scope="col">{t('linkVersion.weightColumn')}</th>
                <th scope="col">{t('linkVersion.share')}</th>
                <th scope="col">
                  <span class="sr-only">{t('common.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {choice.split.map((one, index) => (
                <tr key={index} data-split-row={index + 1}>
                  <td>
                    <select
                      aria-label={t('linkVersion.rowVersion', { row: index + 1 })}
                      value={one.version}
                      onChange={(e) => row(index, { version: (e.target as HTMLSelectElement).value })}
                    >
                      {options}
                    </select>
                  </td>
                  <td>
                    <input
                      type="text"
                      inputMode="numeric"
                      size={6}
                      aria-label={t('linkVersion.rowWeight', { row: index + 1 })}
                      value={one.weight}
                      onInput={(e) => row(index, { weight: (e.target as HTMLInputElement).value })}
                    />
                  </td>
                  <td class="num" data-share>
                    {percents[index]}
                  </td>
                  <td>
                    <button type="button" onClick={() => onChoice({ ...choice, split: choice.split.filter((_, i) => i !== index) })}>
                      {t('linkVersion.remove')}
                      <span class="sr-only"> {t('linkVersion.rowName', { row: index + 1 })}</span>
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <button
            type="button"
            disabled={choice.split.length >= SPLIT_MAX}
            onClick={() => onChoice({ ...choice, split: [...choice.split, { version: String(unused()?.version ?? ''), weight: '50' }] })}
          >
            {t('linkVersion.add')}
          </button>
          <small class="muted">{t('linkVersion.splitHint', { max: SPLIT_MAX })}</small>
        </div>
      )}
      {problems.length > 0 && (
        <ul class="problem field-problems" id={`${idBase}-problems`} role="alert">
          {problems.map((problem) => (
            <li key={problem}>{problem}</li>
          ))}
        </ul>
      )}
      <FieldProblems problems={serverProblems} id={`${idBase}-server-problems`} />
    </fieldset>
  );
}

/** A link's version as its row says it: pinned (a draft as a preview) or split with each share; nothing when it follows the published one. */
export function linkVersionSummary(
  link: { version?: number | null; split?: { version: number; weight: number }[] | null },
  versions: VersionInfo[] | undefined,
): string | undefined {
  if (link.split && link.split.length > 0) {
    const total = link.split.reduce((sum, arm) => sum + arm.weight, 0);
    const parts = link.split.map((arm) =>
      t('linkVersion.arm', { version: String(arm.version), share: t.number(arm.weight / total, { style: 'percent', maximumFractionDigits: 1 }) }),
    );
    return t('linkVersion.splitSummary', { arms: parts.join(' · ') });
  }
  if (link.version != null) {
    const draft = versions?.find((v) => v.version === link.version)?.state === 'draft';
    return t(draft ? 'linkVersion.previewSummary' : 'linkVersion.pinSummary', { version: String(link.version) });
  }
  return undefined;
}
