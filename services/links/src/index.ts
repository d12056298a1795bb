export * from './app.js';
export * from './config.js';
export { consoleLinkMailer, type LinkMailer, smtpLinkMailer } from './distribution/index.js';
export { fileAuditCheckpoints } from './audit/file-checkpoint-store.js';
export { natsAuditCheckpoints } from './audit/nats-checkpoint-store.js';
export type { AuditCheckpointStore } from './audit/checkpoint-store.js';
