import type { Role } from '@parley/contracts';
import { t } from '../words';

/**
 * Roles as the console shows them (docs/management-api.md, "Roles"): each includes the ones after it. The
 * server decides every request; the console only leaves out what a role cannot use, so nobody is
 * offered a button that answers 403.
 */
export const ROLES = ['owner', 'editor', 'operator', 'viewer'] as const satisfies readonly Role[];
/** The API's own roles (its schema's type; ROLE_HINT below must name each one). */
export type { Role };

/** Whether a person with role `held` may do what needs `required`. */
export const roleIncludes = (held: Role, required: Role): boolean => ROLES.indexOf(held) <= ROLES.indexOf(required);

/** The roles a person may give a key or a member: their own and the ones below it. */
export const rolesUpTo = (held: Role): Role[] => ROLES.slice(ROLES.indexOf(held));

export const ROLE_HINT: Record<Role, string> = {
  owner: t('role.owner'),
  editor: t('role.editor'),
  operator: t('role.operator'),
  viewer: t('role.viewer'),
};

/** The console's sections (the first segment of the path under /console). */
export type Section =
  | 'agents'
  | 'knowledge'
  | 'templates'
  | 'bulk-links'
  | 'schedules'
  | 'inbox'
  | 'replies'
  | 'teams'
  | 'keys'
  | 'webhooks'
  | 'secrets'
  | 'members'
  | 'privacy'
  | 'budget'
  | 'audit'
  | 'settings';

/**
 * Who each section is for (docs/management-api.md, "Roles": each the least role its routes need).
 * Operators work the inbox and read the operator teams they route by; viewers read agents, their
 * links and analytics, and the knowledge bases agents answer from; editors have links' templates
 * and bulk changes, schedules, webhooks and the names of the tools' secrets; the members, keys,
 * visitors' privacy requests, the budget, the audit log and the tenant's settings are the owners'.
 */
const SECTION_ROLES: Record<Section, readonly Role[]> = {
  agents: ['owner', 'editor', 'viewer'],
  knowledge: ['owner', 'editor', 'viewer'],
  templates: ['owner', 'editor'],
  'bulk-links': ['owner', 'editor'],
  schedules: ['owner', 'editor'],
  inbox: ['owner', 'editor', 'operator'],
  // Everyone of the inbox: shared replies are an editor's to write, each member's own are theirs.
  replies: ['owner', 'editor', 'operator'],
  teams: ['owner', 'editor', 'operator'],
  keys: ['owner'],
  webhooks: ['owner', 'editor'],
  // Editors list the tools' secrets by name; owners set them and the Text Chat API's.
  secrets: ['owner', 'editor'],
  members: ['owner'],
  privacy: ['owner'],
  budget: ['owner'],
  audit: ['owner'],
  settings: ['owner'],
};

export const SECTION_LABEL: Record<Section, string> = {
  agents: t('section.agents'),
  knowledge: t('section.knowledge'),
  templates: t('section.templates'),
  'bulk-links': t('section.bulkLinks'),
  schedules: t('section.schedules'),
  inbox: t('section.inbox'),
  replies: t('section.replies'),
  teams: t('section.teams'),
  keys: t('section.keys'),
  webhooks: t('section.webhooks'),
  secrets: t('section.secrets'),
  members: t('section.members'),
  privacy: t('section.privacy'),
  budget: t('section.budget'),
  audit: t('section.audit'),
  settings: t('section.settings'),
};

/** The navigation's groups, in order, each with its sections in order. */
export const GROUPS: readonly { label: string; sections: readonly Section[] }[] = [
  { label: t('group.build'), sections: ['agents', 'knowledge', 'templates', 'bulk-links', 'schedules'] },
  { label: t('group.support'), sections: ['inbox', 'replies', 'teams'] },
  { label: t('group.developers'), sections: ['keys', 'webhooks', 'secrets'] },
  { label: t('group.administration'), sections: ['members', 'privacy', 'budget', 'audit', 'settings'] },
];

/** Every section, in the navigation's order. */
export const SECTIONS: readonly Section[] = GROUPS.flatMap((group) => group.sections);

export const isSection = (value: string | undefined): value is Section => SECTIONS.includes(value as Section);

export const canOpen = (role: Role, section: Section): boolean => SECTION_ROLES[section].includes(role);

/** Where `/console` itself leads: the inbox for an operator, the agents for everyone else. */
export const homeSection = (role: Role): Section => (canOpen(role, 'agents') ? 'agents' : 'inbox');

/** "owners and editors": who a section is for, as a sentence says it. */
export function rolesThatOpen(section: Section): string {
  const names = SECTION_ROLES[section].map((role) => `${role}s`);
  return names.length === 1 ? (names[0] ?? '') : t('role.list', { first: names.slice(0, -1).join(', '), last: names.at(-1) ?? '' });
}
