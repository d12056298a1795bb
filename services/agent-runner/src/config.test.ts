import { describe, expect, it } from 'vitest';
import { llmEnv, loadConfig } from './config.js';

const required = { NATS_URL: 'nats://127.0.0.1:4222', REDIS_URL: 'redis://127.0.0.1:6379' };

describe('agent-runner configuration: knowledge', () => {
  it('embeds visitors’ questions with EMBEDDING_MODEL, and none when it is unset or empty', () => {
    expect(loadConfig(required).llm.embeddingModel).toBeUndefined();
    expect(loadConfig({ ...required, EMBEDDING_MODEL: '' }).llm.embeddingModel).toBeUndefined();
    expect(loadConfig({ ...required, EMBEDDING_MODEL: 'text-embedding-3-small' }).llm.embeddingModel).toBe('text-embedding-3-small');
    // The one-process mode reads the same variable.
    expect(llmEnv.EMBEDDING_MODEL.parse(undefined)).toBeUndefined();
  });
});

describe('agent-runner configuration: kept histories', () => {
  it('keeps 64 MiB of conversations’ prompt history between turns unless RUNNER_HISTORY_CACHE_MB says otherwise (0: none), refusing what is not a size', () => {
    expect(loadConfig(required).historyCacheBytes).toBe(64 * 1024 * 1024);
    expect(loadConfig({ ...required, RUNNER_HISTORY_CACHE_MB: '0' }).historyCacheBytes).toBe(0);
    expect(loadConfig({ ...required, RUNNER_HISTORY_CACHE_MB: '256' }).historyCacheBytes).toBe(256 * 1024 * 1024);
    expect(() => loadConfig({ ...required, RUNNER_HISTORY_CACHE_MB: '-1' })).toThrow(/RUNNER_HISTORY_CACHE_MB/);
    expect(() => loadConfig({ ...required, RUNNER_HISTORY_CACHE_MB: 'lots' })).toThrow(/RUNNER_HISTORY_CACHE_MB/);
  });
});
