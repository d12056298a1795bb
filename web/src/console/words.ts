import { translator } from '../i18n/translator';
import { consoleEn } from './words/en';

/**
 * The console's words: English, the only language it speaks, through the visitors' pages' own
 * mechanism (typed keys, `{name}`s, plurals by Intl.PluralRules). Dates follow the browser's
 * locale, as they always have in the console (when.ts).
 */
export const t = translator(consoleEn, { lang: 'en' });
