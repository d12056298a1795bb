export * from './errors.js';
export * from './text-chat.js';
export * from './management.js';
export * from './catalog.js';
export * from './public-links.js';
