export * from './app.js';
export * from './config.js';
export * from './moderation/moderator.js';
export * from './turns/llm.js';
