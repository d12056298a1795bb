export * from './app.js';
export * from './config.js';
export { consoleNoticeMailer, type NoticeMailer, smtpNoticeMailer } from './notice-mailer.js';
