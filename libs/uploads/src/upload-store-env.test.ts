import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '@parley/config';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bytesOf } from '../test/streams.js';
import { uploadStoreFromEnv } from './upload-store-env.js';

const problemsOf = (env: Record<string, string>) => {
  try {
    uploadStoreFromEnv(env, { dataDir: '/nowhere' });
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
};

describe('uploadStoreFromEnv', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'parley-data-'));
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('keeps files under DATA_DIR/uploads when no bucket is set', async () => {
    const store = uploadStoreFromEnv({ S3_BUCKET: '', S3_REGION: '' }, { dataDir });
    await store.put('t1/ses_1/upl_1', bytesOf('on disk'), { maxBytes: 100 });
    expect(await readFile(join(dataDir, 'uploads', 't1', 'ses_1', 'upl_1'), 'utf8')).toBe('on disk');
    await store.close();
  });

  it('names each missing credential when a bucket is set', () => {
    expect(problemsOf({ S3_BUCKET: 'files' })).toEqual([
      { variable: 'S3_ACCESS_KEY_ID', message: 'is required when S3_BUCKET is set' },
      { variable: 'S3_SECRET_ACCESS_KEY', message: 'is required when S3_BUCKET is set' },
    ]);
    expect(problemsOf({ S3_BUCKET: 'files', S3_ACCESS_KEY_ID: 'AKIAEXAMPLE', S3_SECRET_ACCESS_KEY: '' })).toEqual([
      { variable: 'S3_SECRET_ACCESS_KEY', message: 'is required when S3_BUCKET is set' },
    ]);
  });

  it('asks for a bucket when S3 settings come without one, rather than keeping files on a local disk', () => {
    expect(problemsOf({ S3_ENDPOINT: 'https://s3.example.com', S3_SECRET_ACCESS_KEY: 'secret-value-123' })).toEqual([
      { variable: 'S3_BUCKET', message: 'is required when S3_ENDPOINT, S3_SECRET_ACCESS_KEY are set' },
    ]);
  });

  it('reports every problem at once, and never a value', () => {
    const secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
    let message = '';
    try {
      uploadStoreFromEnv({ S3_BUCKET: 'files', S3_ENDPOINT: 'not a url', S3_FORCE_PATH_STYLE: 'maybe', S3_SECRET_ACCESS_KEY: secret }, { dataDir });
    } catch (error) {
      message = (error as Error).message;
      expect((error as ConfigError).problems.map((problem) => problem.variable).sort()).toEqual(['S3_ACCESS_KEY_ID', 'S3_ENDPOINT', 'S3_FORCE_PATH_STYLE']);
    }
    expect(message).toMatch(/^invalid configuration: /);
    expect(message).not.toContain(secret);
    expect(message).not.toContain('not a url');
    expect(message).not.toContain('maybe');
  });
});
