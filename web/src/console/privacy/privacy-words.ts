import { pageWords } from '../words';

/** The privacy page's words, in English: loaded with the page, beside the console's own. */
export const privacyEn = {
  'privacy.intro':
    'A visitor’s rights of access and erasure, in this tenant only: everything held for them – conversations, what agents remember, verifications, personalised links and their sendings – found by their email or by the user id your site signs them in with; the texts links were sent by, by the phone number.',
  'privacy.who': 'Visitor',
  'privacy.byEmail': 'By email',
  'privacy.byUser': 'By signed user id',
  'privacy.byPhone': 'By phone number',
  'privacy.email': 'Email',
  'privacy.userId': 'User id',
  'privacy.userIdHint': 'The user_id your site signs visitors in with (up to 255 characters).',
  'privacy.phone': 'Phone number',
  'privacy.phoneHint':
    'In international form, e.g. +14155550123. Finds the texts links were sent by and the schedules that text it; conversations are found by email or user id.',
  'privacy.exportTitle': 'Export',
  'privacy.exportIntro':
    'A JSON file of everything held for the visitor. Someone nothing is held for gets an empty export: it does not tell whether they were ever seen.',
  'privacy.export': 'Export data',
  'privacy.exported': 'Saved {file} ({kb} kB).',
  'privacy.eraseTitle': 'Erase',
  'privacy.eraseIntro':
    'Deletes what the visitor said and who they were: messages, what agents remember, verifications; conversations stay as anonymous rows, so analytics keep their counts. It cannot be undone.',
  'privacy.confirmLabel': 'Type {who} to confirm',
  'privacy.erase': 'Erase everything',
  'privacy.erasing': 'Erasing…',
  'privacy.erased': 'Erased for {who}: {conversations}, {messages}, {memories}.',
  'privacy.conversations': { one: '{count} conversation', other: '{count} conversations' },
  'privacy.messages': { one: '{count} message', other: '{count} messages' },
  'privacy.memories': { one: '{count} memory', other: '{count} memories' },
  'privacy.erasedPhone': 'Erased for {who}: {texts}, {schedules}.',
  'privacy.texts': { one: '{count} text', other: '{count} texts' },
  'privacy.schedules': { one: '{count} schedule', other: '{count} schedules' },
  'privacy.audited':
    'Exports and erasures are in the audit log, the visitor named by a keyed hash: give their email, user:id or phone number as the target there to find them.',
} as const;

export const t = pageWords(privacyEn);
