/**
 * Words through one mechanism on every page: a catalog per language (key → text), looked up by
 * typed keys, with `{name}` filled in and plural forms picked by the language's own rules
 * (Intl.PluralRules: Arabic has six forms, Japanese one). Numbers and dates go through Intl in the
 * chosen locale, so "3" reads "٣" on an Arabic page and a date as its readers write it.
 */

/** A text with forms by count; `other` is the one every language has. */
export type Plural = { readonly other: string } & { readonly [form in Exclude<Intl.LDMLPluralRule, 'other'>]?: string };
/** What a catalog holds: one text, or one per plural form. */
export type Catalog = Readonly<Record<string, string | Plural>>;

/** `'{count} left in {place}'` → `'count' | 'place'`. */
type Placeholders<Text> = Text extends `${string}{${infer Name}}${infer Rest}` ? Name | Placeholders<Rest> : never;
type TextOf<Entry> = Entry extends Plural ? Entry['other'] : Entry;
type Params<Entry> = Entry extends Plural
  ? { count: number } & Record<Exclude<Placeholders<TextOf<Entry>>, 'count'>, string | number>
  : Record<Placeholders<Entry>, string | number>;
/** Which arguments a key takes: none for a plain text, its placeholders otherwise (a plural's `count` always). */
type Arguments<Entry> = [Entry] extends [Plural] ? [params: Params<Entry>] : [Placeholders<Entry>] extends [never] ? [] : [params: Params<Entry>];

/** A text that holds each of `Names` as `{name}`, in any order: a translation that drops one is a type error. */
type Holding<Names extends string> = [Names] extends [never]
  ? string
  : (Names extends string ? (x: `${string}{${Names}}${string}`) => void : never) extends (x: infer All) => void
    ? All
    : never;

/**
 * What another language's catalog must be: every key of the English one (a missing key is a type
 * error), each a text holding the same placeholders, plurals with whatever forms the language uses.
 */
export type Translation<English extends Catalog> = {
  readonly [Key in keyof English]: English[Key] extends Plural
    ? Plural & { readonly other: Holding<Exclude<Placeholders<English[Key]['other']>, 'count'>> }
    : Holding<Placeholders<English[Key]>>;
};

/** Scripts written right to left, by their language's primary subtag. */
const RIGHT_TO_LEFT = new Set(['ar', 'fa', 'he', 'ur', 'ps', 'yi', 'dv', 'ckb', 'sd', 'ug']);

export interface Translator<English extends Catalog> {
  /** The text of `key`, its `{name}`s filled in (numbers formatted in the locale). */
  <Key extends keyof English & string>(key: Key, ...args: Arguments<English[Key]>): string;
  /** The whole tag dates and numbers follow (`de-AT`). */
  readonly locale: string;
  /** The language of the words (`de`), for `lang`: the catalog's, which may not be the tag's. */
  readonly lang: string;
  readonly dir: 'ltr' | 'rtl';
  number(value: number, options?: Intl.NumberFormatOptions): string;
  date(value: Date | string | number, options?: Intl.DateTimeFormatOptions): string;
}

/**
 * The words of one catalog in one locale. `lang` is the catalog's language; `locale` the tag the
 * page was asked for (the same language, or another one the platform has no words for, whose
 * numbers and dates are still written its way: docs/api.md, "Visitors' language and look").
 */
export function translator<English extends Catalog>(
  catalog: Translation<English> | English,
  { lang, locale = lang }: { lang: string; locale?: string },
): Translator<English> {
  let intlLocale = lang;
  try {
    intlLocale = Intl.getCanonicalLocales(locale)[0] ?? lang;
  } catch {
    // Not a tag Intl knows: the catalog's language it is.
  }
  const primary = (tag: string) => (tag.split('-')[0] ?? tag).toLowerCase();
  // `de-AT` words are German ones: the whole tag; `pt-BR` with English words is English.
  const wordsLang = primary(intlLocale) === primary(lang) ? intlLocale : lang;
  // Plural forms are the words' language's: English words in a French locale say "0 sessions"
  // (French rules would pick "one" for 0), while the numbers in them are written the French way.
  const plurals = new Intl.PluralRules(wordsLang);
  const numbers = new Intl.NumberFormat(intlLocale);
  const entries = catalog as Catalog;
  const t = (key: string, params?: Record<string, string | number>) => {
    const entry = entries[key];
    if (entry === undefined) return key;
    const text = typeof entry === 'string' ? entry : (entry[plurals.select(Number(params?.count ?? 0))] ?? entry.other);
    if (!params) return text;
    return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
      const value = params[name];
      return value === undefined ? whole : typeof value === 'number' ? numbers.format(value) : value;
    });
  };
  return Object.assign(t, {
    locale: intlLocale,
    lang: wordsLang,
    dir: RIGHT_TO_LEFT.has(primary(lang)) ? ('rtl' as const) : ('ltr' as const),
    number: (value: number, options?: Intl.NumberFormatOptions) => (options ? new Intl.NumberFormat(intlLocale, options) : numbers).format(value),
    date: (value: Date | string | number, options: Intl.DateTimeFormatOptions = { dateStyle: 'medium', timeStyle: 'short' }) =>
      new Intl.DateTimeFormat(intlLocale, options).format(new Date(value)),
  }) as unknown as Translator<English>;
}
