export * from './app.js';
export * from './config.js';
export { consoleMailer, smtpMailer, type VerificationMailer, verificationMailerFor } from './mail/verification-mailer.js';
