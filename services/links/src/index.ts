export * from './app.js';
export * from './config.js';
export { consoleLinkMailer, type LinkMailer, smtpLinkMailer } from './distribution/index.js';
