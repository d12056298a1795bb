import { BASE, onNavigate } from './router';
import { type Role, SECTION_LABEL, type Section, homeSection, rolesThatOpen } from './roles';

/**
 * What an address the person's role cannot use shows instead of a page that would fail call by
 * call: which role they have, who the page is for, and the way back to what they can do.
 */
export function RoleRefusal({ role, section, what }: { role: Role; section?: Section | undefined; what?: string | undefined }) {
  const home = homeSection(role);
  return (
    <section class="role-refusal" aria-labelledby="role-refusal-title">
      <h1 id="role-refusal-title">Your role ({role}) cannot open this page</h1>
      <p>
        {what ?? (section ? `${SECTION_LABEL[section]} is for ${rolesThatOpen(section)}.` : 'It needs another role.')} If you need it, ask an owner of
        your team to change your role.
      </p>
      <p>
        <a class="button" href={BASE} onClick={onNavigate}>
          Go to {SECTION_LABEL[home]}
        </a>
      </p>
    </section>
  );
}
