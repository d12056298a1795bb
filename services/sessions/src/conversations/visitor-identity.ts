import type { ConversationVisitor } from '@parley/contracts';

/** The workflow's variables that name the visitor, the first one set wins. */
const NAME_VARIABLES = ['name', 'full_name', 'fullname', 'customer_name', 'visitor_name', 'contact_name', 'user_name'];
/** A first and a last name, joined when the workflow collected them apart. */
const FIRST_NAME_VARIABLES = ['first_name', 'firstname', 'given_name'];
const LAST_NAME_VARIABLES = ['last_name', 'lastname', 'family_name', 'surname'];
/** The workflow's variables that hold the visitor's email. */
const EMAIL_VARIABLES = ['email', 'email_address', 'customer_email', 'visitor_email', 'contact_email', 'user_email'];
/** What a variable must look like to be shown as an email. */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** What is known of a conversation's visitor, as stored. */
export interface VisitorFacts {
  /** A signed identity's name and email (`metadata.user`): the host site's word. */
  signedName: string | null;
  signedEmail: string | null;
  /** The email the visitor proved (a verified public session). */
  verifiedEmail: string | null;
  /** The workflow's variables. */
  collected: Record<string, string> | null;
}

const firstSet = (collected: Record<string, string>, names: string[]) => {
  for (const name of names) {
    const value = collected[name]?.trim();
    if (value) return value;
  }
  return undefined;
};

/**
 * Who the visitor is, as far as the platform knows (docs/escalation.md "The inbox"): the signed
 * identity's name, else the name the workflow collected (`name`, `full_name` … or `first_name`
 * with `last_name`); the verified email, else the signed identity's, else a collected one that
 * reads as an address. Nulls when nothing says it (an anonymous visitor, an erased conversation).
 */
export function visitorOf(facts: VisitorFacts): ConversationVisitor {
  const collected = facts.collected ?? {};
  const first = firstSet(collected, FIRST_NAME_VARIABLES);
  const last = firstSet(collected, LAST_NAME_VARIABLES);
  const parts = [first, last].filter((part): part is string => part !== undefined);
  const name = facts.signedName?.trim() || firstSet(collected, NAME_VARIABLES) || (parts.length > 0 ? parts.join(' ') : null);
  const collectedEmail = firstSet(collected, EMAIL_VARIABLES);
  const email = facts.verifiedEmail || facts.signedEmail?.trim() || (collectedEmail && EMAIL.test(collectedEmail) ? collectedEmail : null);
  return { name: name ?? null, email: email ?? null };
}

/** The visitor's last message as a list shows it: at most `max` characters, cut with an ellipsis. */
export function previewOf(text: string | null, max: number): string | null {
  if (text === null) return null;
  const flat = text.replace(/\s+/g, ' ').trim();
  const characters = [...flat];
  if (characters.length <= max) return flat;
  return `${characters
    .slice(0, max - 1)
    .join('')
    .trimEnd()}…`;
}
