import type { KnowledgeLanguage } from '../api/management-api';
import { t } from '../words';

/**
 * The text search configurations a base may have (docs/knowledge.md "The API"), each by the
 * language it stems (ISO 639-1): typed from the API's list, so a configuration it gains is a type
 * error here until it has its code.
 */
const LANGUAGE_CODES: Record<Exclude<KnowledgeLanguage, 'simple'>, string> = {
  arabic: 'ar',
  danish: 'da',
  dutch: 'nl',
  english: 'en',
  finnish: 'fi',
  french: 'fr',
  german: 'de',
  greek: 'el',
  hungarian: 'hu',
  indonesian: 'id',
  irish: 'ga',
  italian: 'it',
  lithuanian: 'lt',
  nepali: 'ne',
  norwegian: 'no',
  portuguese: 'pt',
  romanian: 'ro',
  russian: 'ru',
  spanish: 'es',
  swedish: 'sv',
  tamil: 'ta',
  turkish: 'tr',
};

const names = new Intl.DisplayNames([t.lang], { type: 'language' });

/** A configuration as a person reads it: "English", or what `simple` means. */
export const languageName = (language: KnowledgeLanguage): string =>
  language === 'simple' ? t('knowledge.simple') : (names.of(LANGUAGE_CODES[language]) ?? language);

/** The choices of a base's language: `simple` (the API's default) first, then the others by name. */
export const LANGUAGES: readonly KnowledgeLanguage[] = [
  'simple',
  ...(Object.keys(LANGUAGE_CODES) as Exclude<KnowledgeLanguage, 'simple'>[]).sort((a, b) => languageName(a).localeCompare(languageName(b), t.lang)),
];
