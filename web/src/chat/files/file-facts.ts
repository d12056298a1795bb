import type { VisitorWords } from '../words';

/** What a link takes, as its info gives it (docs/public-chat-api.md "Link info"). */
export interface UploadLimits {
  max_bytes: number;
  types: string[];
}

/** Types whose subtype says little to a visitor: the name they know them by. */
const SHORT_NAMES: Record<string, string> = {
  'text/plain': 'TXT',
  'audio/mpeg': 'MP3',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'DOCX',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'XLSX',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'PPTX',
};

/** `application/pdf` → `PDF`: how a type reads in a file's chip and in the list of types a link takes. */
export const typeName = (type: string): string => SHORT_NAMES[type] ?? (type.split('/')[1] ?? type).toUpperCase();

/** `1.5 MB`, `820 kB`, `0.1 kB` in the visitor's locale (Intl's own unit names): small files in kB too, as file managers show them. */
export function sizeText(t: VisitorWords, bytes: number): string {
  const mega = bytes >= 1024 * 1024;
  return t.number(bytes / (mega ? 1024 * 1024 : 1024), { style: 'unit', unit: mega ? 'megabyte' : 'kilobyte', unitDisplay: 'short', maximumFractionDigits: 1 });
}

/** A file's name inside a sentence, kept apart from the text around it: a Latin name in an Arabic sentence keeps its order. */
export const named = (name: string): string => `\u2068${name}\u2069`;

/**
 * Why a chosen file cannot be sent, before a byte of it is: larger than the link takes, or of a
 * type the browser names and the link does not take. A type the browser does not know (empty) is
 * left to the platform, which judges every file by its bytes and answers 415 for what it refuses.
 */
export function refusal(t: VisitorWords, file: File, limits: UploadLimits): string | undefined {
  if (file.size > limits.max_bytes) return t('upload.tooLarge', { name: named(file.name), max: sizeText(t, limits.max_bytes) });
  if (file.type && !limits.types.includes(file.type)) return wrongType(t, file.name, limits);
  return undefined;
}

/** The refusal of a file whose type the link does not take, naming those it does ("PNG, JPEG and PDF", as the locale lists them). */
export const wrongType = (t: VisitorWords, name: string, limits: UploadLimits): string =>
  t('upload.wrongType', { name: named(name), types: new Intl.ListFormat(t.locale).format(limits.types.map(typeName)) });
