const emailPattern = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;

/** Emails that slip into free text (messages, errors) are masked as well. */
export function maskEmails(text: string): string {
  return text.replace(emailPattern, (email) => `${email[0]}***@${email.split('@')[1] ?? ''}`);
}
