import type { VisitorLang } from '../chat/words';

/**
 * The launcher's one text, its label for screen readers, in each language the widget speaks. The
 * loader labels it before anything is fetched (no catalog is loaded until the visitor opens the
 * pane), so these few words live here rather than in the catalogs: imported by the loader only,
 * as a module it shared with the pane would have to be a chunk of its own.
 */
const LAUNCHER_LABEL: Record<VisitorLang, string> = {
  en: 'Open chat',
  de: 'Chat öffnen',
  fr: 'Ouvrir la discussion',
  es: 'Abrir el chat',
  ja: 'チャットを開く',
  ar: 'فتح المحادثة',
};

/** The widget's language for a tag (`de-AT` → `de`), if it speaks it. */
export const known = (tag: string | undefined | null): VisitorLang | undefined => {
  const lang = tag?.split('-')[0]?.toLowerCase();
  return lang && lang in LAUNCHER_LABEL ? (lang as VisitorLang) : undefined;
};

/** The label in `lang` (the pane's, once known), else the first of the browser's languages the widget speaks, else English. */
export function launcherLabel(lang?: string): { lang: VisitorLang; text: string } {
  const chosen = known(lang) ?? (navigator.languages ?? [navigator.language]).map(known).find(Boolean) ?? 'en';
  return { lang: chosen, text: LAUNCHER_LABEL[chosen] };
}
