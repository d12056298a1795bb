export * from './app.js';
export * from './config.js';
export { consoleMailer, smtpMailer, type VerificationMailer, verificationMailerFor } from './verification-mailer.js';
