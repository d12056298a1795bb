export * from './app.js';
export * from './config.js';
export { consoleNoticeMailer, type NoticeMailer, smtpNoticeMailer } from './mail/notice-mailer.js';
