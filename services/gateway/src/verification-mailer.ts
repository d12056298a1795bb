/** Sends a visitor the code that verifies their email for a link. */
export interface VerificationMailer {
  sendCode(message: { to: string; code: string; linkTitle: string; expiresAt: string }): Promise<void>;
}
