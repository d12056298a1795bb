import { join } from 'node:path';
import { ConfigError, type Env, parseEnv, vars } from '@parley/config';
import { z } from 'zod';
import { fileUploadStore } from './file-upload-store.js';
import { s3UploadStore } from './s3-upload-store.js';
import type { UploadStore } from './upload-store.js';

/** The variables that choose and reach the upload store. */
const uploadsEnvSchema = z.object({
  /** Bucket for visitors' files; set, files go to S3 (or S3_ENDPOINT) instead of DATA_DIR/uploads. */
  S3_BUCKET: z.string().optional(),
  /** An S3-compatible server (MinIO, R2, …); unset means AWS S3. */
  S3_ENDPOINT: vars.url.optional(),
  S3_REGION: z.string().default('us-east-1'),
  S3_ACCESS_KEY_ID: z.string().optional(),
  S3_SECRET_ACCESS_KEY: z.string().optional(),
  /** true: `endpoint/bucket/key` URLs, which most S3-compatible servers need. */
  S3_FORCE_PATH_STYLE: vars.boolean.optional(),
});

const S3_VARIABLES = ['S3_ENDPOINT', 'S3_REGION', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY', 'S3_FORCE_PATH_STYLE'] as const;

/**
 * The upload store a process's environment asks for: an S3 bucket when S3_BUCKET is set, otherwise
 * files under `<dataDir>/uploads`. Every problem is reported at once as a ConfigError naming its
 * variable – a bucket without credentials, S3 settings without a bucket (files would silently stay
 * on a local disk) – and no message carries a variable's value.
 */
export function uploadStoreFromEnv(env: Env, { dataDir }: { dataDir: string }): UploadStore {
  const problems = missingTogether(env);
  let settings: z.output<typeof uploadsEnvSchema>;
  try {
    settings = parseEnv(uploadsEnvSchema, env);
  } catch (error) {
    if (error instanceof ConfigError) throw new ConfigError([...error.problems, ...problems]);
    throw error;
  }
  if (problems.length > 0) throw new ConfigError(problems);

  const { S3_BUCKET: bucket, S3_ACCESS_KEY_ID: accessKeyId, S3_SECRET_ACCESS_KEY: secretAccessKey } = settings;
  if (bucket === undefined || accessKeyId === undefined || secretAccessKey === undefined) {
    return fileUploadStore(join(dataDir, 'uploads'));
  }
  return s3UploadStore({
    bucket,
    region: settings.S3_REGION,
    accessKeyId,
    secretAccessKey,
    ...(settings.S3_ENDPOINT === undefined ? {} : { endpoint: settings.S3_ENDPOINT }),
    ...(settings.S3_FORCE_PATH_STYLE === undefined ? {} : { forcePathStyle: settings.S3_FORCE_PATH_STYLE }),
  });
}

/** Variables that mean nothing alone: S3 settings without a bucket, a bucket without credentials. */
function missingTogether(env: Env): { variable: string; message: string }[] {
  // As parseEnv has it: an empty variable is an unset one.
  const isSet = (name: string) => env[name] !== undefined && env[name] !== '';
  if (!isSet('S3_BUCKET')) {
    const stray = S3_VARIABLES.filter(isSet);
    if (stray.length === 0) return [];
    return [{ variable: 'S3_BUCKET', message: `is required when ${stray.join(', ')} ${stray.length === 1 ? 'is' : 'are'} set` }];
  }
  return (['S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'] as const)
    .filter((name) => !isSet(name))
    .map((variable) => ({ variable, message: 'is required when S3_BUCKET is set' }));
}
