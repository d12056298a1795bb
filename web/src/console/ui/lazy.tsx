import type { VNode } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { t } from '../words';
import { Problem } from './problem';

/**
 * A part of the console loaded when it is first shown – its code and its words in a chunk of their
 * own – so the console every sign-in loads does not carry it: a line while it loads, the refusal if
 * it cannot be had, then `show` with the loaded module.
 */
export function Lazy<Module>({ load, show }: { load(): Promise<Module>; show(loaded: Module): VNode }) {
  const [loaded, setLoaded] = useState<Module>();
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    load().then(setLoaded, setError);
  }, []);
  if (loaded) return show(loaded);
  return error === undefined ? <p class="muted">{t('common.loading')}</p> : <Problem error={error} />;
}
