/** The language a page speaks and the tag its numbers and dates follow. */
export interface LocaleChoice<Lang extends string> {
  /** The catalog to load. */
  lang: Lang;
  /** The tag as asked for (`de-AT`, `pt-BR`), or the catalog's language. */
  locale: string;
}

/** `de-AT` → `de`: the catalog a tag's language would use. */
const primary = (tag: string) => (tag.split('-')[0] ?? '').toLowerCase();

/**
 * The owner's `locale` first (its catalog, English where there is none: the owner chose a
 * language on purpose, so the visitor's does not override it), then the first of the browser's
 * languages the platform has words for, then English (docs/api.md, "Visitors' language and look").
 */
export function chooseLocale<Lang extends string>(
  available: readonly Lang[],
  fallback: Lang,
  linkLocale: string | null | undefined,
  browser: readonly string[],
): LocaleChoice<Lang> {
  const known = (tag: string) => available.find((lang) => lang === primary(tag));
  if (linkLocale) return { lang: known(linkLocale) ?? fallback, locale: linkLocale };
  for (const tag of browser) {
    const lang = known(tag);
    if (lang) return { lang, locale: tag };
  }
  return { lang: fallback, locale: fallback };
}
