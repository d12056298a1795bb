import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { PublicLinkInfo, visitorLocales } from '@parley/contracts';
import { chooseLocale, type LocaleChoice } from '../i18n/choose-locale';
import { type Translation, type Translator, translator } from '../i18n/translator';
import { en } from './words/en';

/** The languages the chat page and the widget speak (the API's list: docs/api.md, "Visitors' language and look"). */
export type VisitorLang = (typeof visitorLocales)[number];
const LANGS = ['en', 'de', 'fr', 'es', 'ja', 'ar'] as const satisfies readonly VisitorLang[];

/**
 * `t('composer.send')`, `t('limits.messagesLeft', { count })`, `t.number(…)`, `t.date(…)`. A
 * function: kept in state, it goes through `useState(() => words)` and `setState(() => words)`.
 */
export type VisitorWords = Translator<typeof en>;
export type VisitorKey = keyof typeof en;

/**
 * Every catalog but English is a chunk of its own, fetched only by a visitor who reads it: the
 * pages' size budgets count one language, not six.
 */
const CATALOGS: Record<Exclude<VisitorLang, 'en'>, () => Promise<{ default: Translation<typeof en> }>> = {
  de: () => import('./words/de'),
  fr: () => import('./words/fr'),
  es: () => import('./words/es'),
  ja: () => import('./words/ja'),
  ar: () => import('./words/ar'),
};

export const english: VisitorWords = translator(en, { lang: 'en' });

/** The link's language if it has one, else the visitor's browser's (the first the platform speaks), else English. */
export const chooseVisitorLocale = (link: Pick<PublicLinkInfo, 'locale'> | undefined): LocaleChoice<VisitorLang> =>
  chooseLocale(LANGS, 'en', link?.locale, typeof navigator === 'undefined' ? [] : (navigator.languages ?? [navigator.language]));

/** One language's shared catalog: English is at hand, another is fetched. */
export async function loadCatalog(lang: VisitorLang): Promise<Translation<typeof en>> {
  return lang === 'en' ? en : (await CATALOGS[lang]()).default;
}

/** The words of a choice; English (bundled) when its catalog cannot be fetched, so the widget still speaks. */
export async function loadWords(choice: LocaleChoice<VisitorLang>): Promise<VisitorWords> {
  if (choice.lang === 'en' && choice.locale === 'en') return english;
  try {
    return translator(await loadCatalog(choice.lang), choice);
  } catch {
    return translator(en, { lang: 'en', locale: choice.locale });
  }
}

/** The words of the page or widget around a component: each gives its own (they may differ). */
export const WordsContext = createContext<VisitorWords>(english);
export const useWords = (): VisitorWords => useContext(WordsContext);
