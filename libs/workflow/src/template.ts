/** `{{ name }}` – spaces inside the braces are allowed, as people write both forms. */
const PLACEHOLDER = /\{\{\s*([^{}\s]+)\s*\}\}/g;

/** Replaces `{{var}}` with collected variables; unknown variables render as empty text (docs/workflow.md). */
export function renderTemplate(template: string, vars: Readonly<Record<string, string>>): string {
  // hasOwn, not `in`: `{{constructor}}` must not render a prototype member.
  return template.replace(PLACEHOLDER, (_match, name: string) => (Object.hasOwn(vars, name) ? (vars[name] ?? '') : ''));
}
