import { pageWords } from '../words';

/** The secrets page's words, in English: loaded with the page, beside the console's own. */
export const secretsEn = {
  'tools.title': 'Tool secrets',
  'tools.intro':
    'The credentials agents’ tools call other systems with. A tool’s URL, headers or body names one as {example}, filled in when the call is made. A value is never shown once it is set.',
  'tools.readOnly': 'Only owners set, change or delete them; the configs you write may name them.',
  'tools.new': 'New tool secret',
  'tools.name': 'Name',
  'tools.nameHint': 'An upper-case letter, then upper-case letters, digits or _, e.g. SHOP_KEY.',
  'tools.value': 'Value',
  'tools.valueHint': 'Up to 8,192 characters. Kept sealed; never shown again.',
  'tools.create': 'Create secret',
  'tools.noneYet': 'No tool secrets yet.',
  'tools.created': 'Created',
  'tools.changed': 'Last set',
  'tools.rotate': 'New value',
  'tools.newValueOf': 'New value of {name}',
  'tools.save': 'Save value',
  'tools.madeNotice': '{name} is set: tools may name it as {reference}.',
  'tools.rotatedNotice': '{name} has its new value: the next tool call uses it.',
  'tools.deletedNotice': '{name} is deleted.',

  'chat.title': 'Text Chat API secrets',
  'chat.intro':
    'Your backend may sign its Text Chat API requests with one of these instead of the platform’s CHAT_API_SECRET: it then reaches this tenant’s sessions only. Up to 5 at once, to rotate without downtime: make a new one, move your backend to it, then revoke the old one.',
  'chat.new': 'New chat secret',
  'chat.ready': 'Chat secret {id} is ready',
  'chat.once': 'Copy it now: it is shown only once. It signs requests on every gateway at once.',
  'chat.secret': 'Secret',
  'chat.copy': 'Copy secret',
  'chat.noneYet': 'No chat secrets yet: requests are signed with the platform’s CHAT_API_SECRET.',
  'chat.id': 'Secret',
  'chat.created': 'Created',
  'chat.lastUsed': 'Last used',
  'chat.revoke': 'Revoke',
  'chat.revoked': '{id} is revoked: every gateway refuses it within a second.',
} as const;

export const t = pageWords(secretsEn);
