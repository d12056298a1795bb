import { t } from '../words';
import { homeSection, type Role, rolesThatOpen, SECTION_LABEL, type Section } from './roles';
import { BASE, onNavigate } from './router';

/**
 * What an address the person's role cannot use shows instead of a page that would fail call by
 * call: which role they have, who the page is for, and the way back to what they can do.
 */
export function RoleRefusal({ role, section, what }: { role: Role; section?: Section | undefined; what?: string | undefined }) {
  const home = homeSection(role);
  return (
    <section class="role-refusal" aria-labelledby="role-refusal-title">
      <h1 id="role-refusal-title">{t('role.refusedTitle', { role })}</h1>
      <p>
        {what ?? (section ? t('role.sectionFor', { section: SECTION_LABEL[section], roles: rolesThatOpen(section) }) : t('role.needsAnother'))}{' '}
        {t('role.askOwner')}
      </p>
      <p>
        <a class="button" href={BASE} onClick={onNavigate}>
          {t('role.goTo', { section: SECTION_LABEL[home] })}
        </a>
      </p>
    </section>
  );
}
