import { asText, variable } from './tools/tool-templates.js';

/** `{{ name }}` – spaces inside the braces are allowed, as people write both forms. */
const PLACEHOLDER = /\{\{\s*([^{}\s]+)\s*\}\}/g;

/**
 * Replaces `{{var}}` with collected variables; unknown variables render as empty text
 * (docs/workflow.md). `{{order.status}}` reads into a variable that holds JSON (a tool's kept result).
 */
export function renderTemplate(template: string, vars: Readonly<Record<string, string>>): string {
  // hasOwn inside `variable`, not `in`: `{{constructor}}` must not render a prototype member.
  return template.replace(PLACEHOLDER, (_match, name: string) => asText(variable(name, vars)));
}
