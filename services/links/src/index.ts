export * from './app.js';
export * from './config.js';
export { consoleLinkMailer, type LinkMailer, type LinkSmsSender, type SmsSettings, smtpLinkMailer, twilioSmsSender } from './distribution/index.js';
export { fileAuditCheckpoints } from './audit/file-checkpoint-store.js';
export { busAuditCheckpoints } from './audit/bus-checkpoint-store.js';
export type { AuditCheckpointStore } from './audit/checkpoint-store.js';
