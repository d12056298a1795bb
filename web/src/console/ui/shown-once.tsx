import type { ComponentChildren } from 'preact';
import { t } from '../words';
import { CopyButton } from './copy-button';

/**
 * A credential shown this once – the platform keeps only a hash of it, or keeps it sealed and never
 * shows it again: its name, why to copy it now, the value to select or copy, and Done, after which
 * it is nowhere on the page.
 */
export function ShownOnce({
  title,
  lines,
  label,
  value,
  copyLabel,
  refused,
  onDone,
}: {
  title: string;
  /** What to know before copying it: that it is shown once, what it is for. */
  lines: ComponentChildren;
  /** The value's field's label. */
  label: string;
  value: string;
  copyLabel: string;
  /** What to select and copy where the browser refuses to copy (the text, unless a page names it). */
  refused?: string;
  onDone(): void;
}) {
  return (
    <section class="created" aria-labelledby="shown-once-title">
      <h3 id="shown-once-title">{title}</h3>
      <p>{lines}</p>
      <div class="stack">
        <label for="shown-once-value">{label}</label>
        <input id="shown-once-value" class="mono" readOnly value={value} onFocus={(e) => (e.target as HTMLInputElement).select()} />
        <div class="actions">
          <CopyButton text={value} label={copyLabel} refused={refused} primary />
          <button type="button" onClick={onDone}>
            {t('common.done')}
          </button>
        </div>
      </div>
    </section>
  );
}
