/**
 * The few words the gateway itself writes on a page – before the chat page's script runs, or
 * where it never will – in the languages the chat page speaks (docs/api.md, "Visitors' language
 * and look"), chosen from the browser's Accept-Language. Everything else a visitor reads comes
 * from the page's own catalogs.
 */

export const PAGE_LANGUAGES = ['en', 'de', 'fr', 'es', 'ja', 'ar'] as const;
export type PageLanguage = (typeof PAGE_LANGUAGES)[number];

interface PageWords {
  notALinkTitle: string;
  notALinkText: string;
  needsJavaScript: string;
}

const WORDS: Record<PageLanguage, PageWords> = {
  en: {
    notALinkTitle: 'This chat link does not exist',
    notALinkText: 'Check that the address is complete and exactly as you received it. The link may also have been deleted.',
    needsJavaScript: 'This chat needs JavaScript.',
  },
  de: {
    notALinkTitle: 'Diesen Chat-Link gibt es nicht',
    notALinkText: 'Prüfen Sie, ob die Adresse vollständig ist und genau so lautet, wie Sie sie erhalten haben. Der Link kann auch gelöscht worden sein.',
    needsJavaScript: 'Dieser Chat braucht JavaScript.',
  },
  fr: {
    notALinkTitle: 'Ce lien de discussion n’existe pas',
    notALinkText: 'Vérifiez que l’adresse est complète et exactement telle que vous l’avez reçue. Le lien a peut-être aussi été supprimé.',
    needsJavaScript: 'Cette discussion nécessite JavaScript.',
  },
  es: {
    notALinkTitle: 'Este enlace de chat no existe',
    notALinkText: 'Comprueba que la dirección esté completa y sea exactamente la que recibiste. También es posible que el enlace se haya eliminado.',
    needsJavaScript: 'Este chat necesita JavaScript.',
  },
  ja: {
    notALinkTitle: 'このチャットリンクは存在しません',
    notALinkText: 'アドレスが欠けておらず、受け取ったとおりであることを確認してください。リンクが削除された可能性もあります。',
    needsJavaScript: 'このチャットには JavaScript が必要です。',
  },
  ar: {
    notALinkTitle: 'رابط المحادثة هذا غير موجود',
    notALinkText: 'تحقّق من أن العنوان كامل ومطابق تمامًا لما وصلك. ربما حُذف الرابط أيضًا.',
    needsJavaScript: 'تحتاج هذه المحادثة إلى JavaScript.',
  },
};

/**
 * The first language of an Accept-Language header (by weight, then order) that the pages speak;
 * English when none is, or the header is missing or malformed. Only the primary subtag counts:
 * `de-CH` reads German.
 */
export function pageLanguageOf(header: string | undefined): PageLanguage {
  if (!header) return 'en';
  const ranked = header
    .slice(0, 1_000)
    .split(',')
    .map((entry, index) => {
      const [tag = '', ...params] = entry.trim().split(';');
      const q = params.map((p) => /^\s*q=([01](?:\.\d{0,3})?)\s*$/.exec(p)?.[1]).find((value) => value !== undefined);
      return { tag, weight: q === undefined ? 1 : Number(q), index };
    })
    .filter((entry) => entry.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.index - b.index);
  for (const { tag } of ranked) {
    const language = spokenLanguage(tag);
    if (language) return language;
  }
  return 'en';
}

/** The language of a tag (`de-CH` → `de`) if the pages speak it. */
function spokenLanguage(tag: string): PageLanguage | undefined {
  const primary = tag.trim().split('-')[0]?.toLowerCase() ?? '';
  return (PAGE_LANGUAGES as readonly string[]).includes(primary) ? (primary as PageLanguage) : undefined;
}

/** The headers a visitor's language is read from (visitorLanguageOf). */
export interface LanguageHeaders {
  'content-language'?: string | undefined;
  'accept-language'?: string | undefined;
}

/**
 * The language a visitor's request is answered in where the gateway chooses it – their mails
 * (docs/public-chat-api.md "Visitors' language and look") – as the page that sent it speaks: the
 * request's Content-Language when it names a language the pages speak (the widget says the
 * language it shows, its `lang` option's first), else the link's `locale` when it has one (its
 * first part, English where the pages do not speak it: the owner chose on purpose), else the
 * request's Accept-Language (pageLanguageOf).
 */
export function visitorLanguageOf(link: { locale: string | null }, headers: LanguageHeaders): PageLanguage {
  const said = spokenLanguageOf(headers['content-language']);
  if (said) return said;
  if (link.locale) return spokenLanguageOf(link.locale) ?? 'en';
  return pageLanguageOf(headers['accept-language']);
}

/** The first tag of a Content-Language list (or one tag) whose language the pages speak, if any. */
function spokenLanguageOf(tags: string | undefined): PageLanguage | undefined {
  for (const tag of (tags ?? '').slice(0, 200).split(',')) {
    const language = spokenLanguage(tag);
    if (language) return language;
  }
  return undefined;
}

export const pageWords = (language: PageLanguage): PageWords => WORDS[language];
export const pageDirection = (language: PageLanguage) => (language === 'ar' ? 'rtl' : 'ltr');
