import { ConfigError } from '@parley/config';
import { describe, expect, it } from 'vitest';
import { loadConfig, memoryEnv } from './config.js';

const required = { NATS_URL: 'nats://127.0.0.1:4222', DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/parley' };

/** The variables a ConfigError names, or what else was thrown. */
function refusedVariables(env: Record<string, string>): string[] {
  try {
    loadConfig({ ...required, ...env });
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.map((problem) => problem.variable);
    throw error;
  }
  return [];
}

describe('memory configuration: knowledge bases', () => {
  it('embeds nothing, reads one document at a time, keeps URLs public and 128 MiB of search indexes unless told otherwise', () => {
    expect(loadConfig(required).knowledge).toEqual({ embeddingModel: undefined, ingestConcurrency: 1, allowPrivate: false, indexBytes: 128 * 2 ** 20 });
    expect(loadConfig(required).uploads).toBeUndefined();
    expect(
      loadConfig({
        ...required,
        EMBEDDING_MODEL: 'text-embedding-3-small',
        KNOWLEDGE_INGEST_CONCURRENCY: '3',
        KNOWLEDGE_ALLOW_PRIVATE: 'true',
        KNOWLEDGE_INDEX_MB: '0',
      }).knowledge,
    ).toEqual({ embeddingModel: 'text-embedding-3-small', ingestConcurrency: 3, allowPrivate: true, indexBytes: 0 });
    expect(() => loadConfig({ ...required, KNOWLEDGE_INDEX_MB: '-1' })).toThrow(/KNOWLEDGE_INDEX_MB/);
    // The one-process mode reads the same variables with the same defaults.
    expect(memoryEnv.KNOWLEDGE_INGEST_CONCURRENCY.parse(undefined)).toBe(1);
    expect(memoryEnv.EMBEDDING_MODEL.parse(undefined)).toBeUndefined();
  });

  it('reads documents’ files from the upload store the gateway writes them to', () => {
    expect(loadConfig({ ...required, UPLOADS_DIR: '/var/lib/parley/uploads' }).uploads).toBeDefined();
  });

  it('refuses a concurrency that is not a positive whole number, naming KNOWLEDGE_INGEST_CONCURRENCY', () => {
    for (const bad of ['0', '-1', '1.5', 'many'])
      expect(refusedVariables({ KNOWLEDGE_INGEST_CONCURRENCY: bad }), bad).toEqual(['KNOWLEDGE_INGEST_CONCURRENCY']);
    expect(refusedVariables({ KNOWLEDGE_ALLOW_PRIVATE: 'perhaps' })).toEqual(['KNOWLEDGE_ALLOW_PRIVATE']);
  });
});
