import { type ComponentChildren, createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { LocaleChoice } from '../i18n/choose-locale';
import { type Translation, type Translator, translator } from '../i18n/translator';
import { pageEn } from './page-words/en';
import { loadCatalog, type VisitorLang, type VisitorWords, WordsContext } from './words';
import { en } from './words/en';

/** The chat page's words: those it shares with the widget and its own. */
export type PageWords = Translator<typeof en & typeof pageEn>;

/** Each language's page words, a chunk of their own beside the shared ones. */
const PAGE_CATALOGS: Record<Exclude<VisitorLang, 'en'>, () => Promise<{ default: Translation<typeof pageEn> }>> = {
  de: () => import('./page-words/de'),
  fr: () => import('./page-words/fr'),
  es: () => import('./page-words/es'),
  ja: () => import('./page-words/ja'),
  ar: () => import('./page-words/ar'),
};

/** Both catalogs of a language, fetched side by side; English (bundled) when they cannot be had. */
export async function loadPageWords(choice: LocaleChoice<VisitorLang>): Promise<PageWords> {
  if (choice.lang !== 'en') {
    try {
      const [shared, own] = await Promise.all([loadCatalog(choice.lang), PAGE_CATALOGS[choice.lang]()]);
      return translator({ ...shared, ...own.default }, choice);
    } catch {
      // Fetching failed: the page speaks English rather than not at all.
    }
  }
  return translator({ ...en, ...pageEn }, { lang: 'en', locale: choice.locale });
}

/** The shared part, for the components the page has in common with the widget (the same function, fewer keys). */
export const sharedWords = (words: PageWords): VisitorWords => words as unknown as VisitorWords;

export const PageWordsContext = createContext<PageWords>(translator({ ...en, ...pageEn }, { lang: 'en' }));
export const usePageWords = (): PageWords => useContext(PageWordsContext);

/** Both contexts: the page's own words, and the shared ones its common components read. */
export function PageWordsProvider({ words, children }: { words: PageWords; children: ComponentChildren }) {
  return (
    <PageWordsContext.Provider value={words}>
      <WordsContext.Provider value={sharedWords(words)}>{children}</WordsContext.Provider>
    </PageWordsContext.Provider>
  );
}
