import { pageWords } from '../words';

/** The link templates page's words, in English: loaded with the page, beside the console's own. */
export const templatesEn = {
  'templates.intro':
    'A template is a named set of link settings to start links from – in an agent’s links, in bulk and in schedules. Changing or deleting one changes no link made from it. The three built-in ones cannot be changed.',
  'templates.new': 'New template',
  'templates.newTitle': 'New template',
  'templates.editTitle': 'Change {name}',
  'templates.name': 'Name',
  'templates.nameHint': 'Lower-case letters, digits, _ and -, up to 64: how links and schedules name it.',
  'templates.description': 'What it is for',
  'templates.create': 'Create template',
  'templates.save': 'Save template',
  'templates.template': 'Template',
  'templates.settings': 'Settings',
  'templates.builtIn': 'built in',
  'templates.edit': 'Edit',
  'templates.noSettings': 'none: a link’s defaults',
  'templates.created': '{name} is ready to start links from.',
  'templates.saved': '{name} is saved.',
  'templates.deleted': '{name} is deleted; links made from it stay as they are.',
} as const;

export const t = pageWords(templatesEn);
