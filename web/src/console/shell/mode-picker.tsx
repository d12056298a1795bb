import { useState } from 'preact/hooks';
import type { Mode } from '../../look/theme';
import { t } from '../words';
import { applyAppearance, storedAppearance } from './appearance';

const CHOICES: { mode: Mode; label: string }[] = [
  { mode: 'auto', label: t('look.system') },
  { mode: 'light', label: t('look.light') },
  { mode: 'dark', label: t('look.dark') },
];

/** Light, dark or the system's: the person's choice, remembered in this browser. */
export function ModePicker() {
  const [mode, setMode] = useState<Mode>(storedAppearance);
  return (
    <span class="mode-picker">
      <label for="console-mode" class="sr-only">
        {t('look.label')}
      </label>
      <select
        id="console-mode"
        value={mode}
        onChange={(event) => {
          const chosen = (event.target as HTMLSelectElement).value as Mode;
          setMode(chosen);
          applyAppearance(chosen, true);
        }}
      >
        {CHOICES.map((choice) => (
          <option key={choice.mode} value={choice.mode}>
            {choice.label}
          </option>
        ))}
      </select>
    </span>
  );
}
