/**
 * PostgreSQL quotes both names and values in its messages: `duplicate key value violates unique
 * constraint "users_email_key"` names a constraint, `invalid input syntax for type uuid:
 * "ann@example.com"` repeats what a client sent. Names help an operator and stay; values may be
 * anyone's data and go.
 */

/** A quoted word right after one of these is a name (`relation "x"`, `constraint "y"`). */
const namedBefore =
  /\b(?:relation|table|column|constraint|index|schema|database|type|function|procedure|role|user|sequence|view|trigger|extension|operator|parameter|domain|collation|encoding|tablespace|publication|subscription|policy|rule|cursor|statement|savepoint|portal|server|channel|partition|attribute)\s+$/i;

/** What a value after a colon ends a message with, quotes included: `…: "value"`. */
const trailingValue = /(:\s*)"[\s\S]*"$/;

const REDACTED = '"[redacted]"';

/**
 * Redacts every double-quoted value in a PostgreSQL message, keeping the quoted names: those
 * right after a word that introduces a name, and those the error itself names in its fields
 * (table, column, constraint…). A value that runs to the end after a colon is redacted whole,
 * quotes inside it included.
 */
export function redactPostgresValues(message: string, names: ReadonlyArray<string>): string {
  const known = new Set(names);
  const redacted = message.replace(trailingValue, (_all, colon: string) => `${colon}${REDACTED}`);
  return redacted.replace(/"([^"]*)"/g, (quoted, inner: string, offset: number) => {
    if (quoted === REDACTED) return quoted;
    if (known.has(inner) || namedBefore.test(redacted.slice(Math.max(0, offset - 40), offset))) return quoted;
    return REDACTED;
  });
}
