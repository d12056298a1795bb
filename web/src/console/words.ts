import { type Catalog, translator } from '../i18n/translator';
import { consoleEn } from './words/en';

/**
 * The console's words: English, the only language it speaks, through the visitors' pages' own
 * mechanism (typed keys, `{name}`s, plurals by Intl.PluralRules). Dates and numbers follow the
 * browser's locale, as they always have in the console: a tag without words of its own is written
 * its way, as on the visitors' pages (docs/api.md, "Visitors' language and look").
 */
export const t = translator(consoleEn, { lang: 'en', locale: navigator.language });

/**
 * The words of a page loaded when first opened: its own catalog travels in its chunk, and joins
 * the console's here, so the page has one `t` for both.
 */
export const pageWords = <Own extends Catalog>(own: Own) => translator({ ...consoleEn, ...own }, { lang: 'en', locale: navigator.language });
