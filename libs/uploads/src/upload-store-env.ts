import { join } from 'node:path';
import { ConfigError, type Env, parseEnv, vars } from '@parley/config';
import { z } from 'zod';
import { fileUploadStore } from './file-upload-store.js';
import { s3UploadStore } from './s3-upload-store.js';
import type { UploadStore } from './upload-store.js';

/** The variables that choose and reach the upload store (a process's config joins them to its own). */
export const uploadsEnv = {
  /** Bucket for visitors' files; set, files go to S3 (or S3_ENDPOINT) instead of a folder. */
  S3_BUCKET: z.string().optional(),
  /** An S3-compatible server (MinIO, R2, …); unset means AWS S3. */
  S3_ENDPOINT: vars.url.optional(),
  S3_REGION: z.string().default('us-east-1'),
  S3_ACCESS_KEY_ID: z.string().optional(),
  S3_SECRET_ACCESS_KEY: z.string().optional(),
  /** true: `endpoint/bucket/key` URLs, which most S3-compatible servers need. */
  S3_FORCE_PATH_STYLE: vars.boolean.optional(),
  /**
   * Without S3: the folder files are kept in. For services run apart, a folder every gateway,
   * sessions and agent-runner replica mounts (a shared volume); in the one-process mode it
   * defaults to DATA_DIR/uploads.
   */
  UPLOADS_DIR: z.string().min(1).optional(),
};
const uploadsEnvSchema = z.object(uploadsEnv);
export type UploadsSettings = z.output<typeof uploadsEnvSchema>;

const S3_VARIABLES = ['S3_ENDPOINT', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY', 'S3_FORCE_PATH_STYLE'] as const;

/**
 * The upload store a process's environment asks for: an S3 bucket when S3_BUCKET is set, otherwise
 * files under UPLOADS_DIR or `<dataDir>/uploads`. Every problem is reported at once as a
 * ConfigError naming its variable – a bucket without credentials, S3 settings without a bucket
 * (files would silently stay on a local disk) – and no message carries a variable's value.
 */
export function uploadStoreFromEnv(env: Env, { dataDir }: { dataDir: string }): UploadStore {
  return serviceUploadStoreFromEnv(env, join(dataDir, 'uploads')) as UploadStore;
}

/**
 * The upload store of one service process (gateway, sessions, agent-runner) run on its own: an
 * S3 bucket, or UPLOADS_DIR – a folder all replicas share –, else `fallbackDir` when given.
 * Undefined when none is set: one replica's own disk would keep a file the others cannot serve,
 * so such a deployment keeps none (docs/operations.md, "Visitors' files").
 */
export function serviceUploadStoreFromEnv(env: Env, fallbackDir?: string): UploadStore | undefined {
  const problems = missingTogether(settingsOf(env), ['S3_REGION']);
  let settings: UploadsSettings;
  try {
    settings = parseEnv(uploadsEnvSchema, env);
  } catch (error) {
    if (error instanceof ConfigError) throw new ConfigError([...error.problems, ...problems]);
    throw error;
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return uploadStoreFromSettings(settings, fallbackDir);
}

/** The same from variables already parsed (the one-process mode parses every service's at once). */
export function uploadStoreFromSettings(settings: UploadsSettings, fallbackDir?: string): UploadStore | undefined {
  const problems = missingTogether(settings);
  if (problems.length > 0) throw new ConfigError(problems);
  const { S3_BUCKET: bucket, S3_ACCESS_KEY_ID: accessKeyId, S3_SECRET_ACCESS_KEY: secretAccessKey } = settings;
  if (bucket === undefined || accessKeyId === undefined || secretAccessKey === undefined) {
    const dir = settings.UPLOADS_DIR ?? fallbackDir;
    return dir === undefined ? undefined : fileUploadStore(dir);
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

/** Which variables are set, as parseEnv has it: an empty variable is an unset one. */
function settingsOf(env: Env): Record<string, unknown> {
  return Object.fromEntries(Object.keys(uploadsEnv).map((name) => [name, env[name] === '' ? undefined : env[name]]));
}

/** Variables that mean nothing alone: S3 settings without a bucket, a bucket without credentials. */
function missingTogether(settings: Record<string, unknown>, alsoStray: string[] = []): { variable: string; message: string }[] {
  const isSet = (name: string) => settings[name] !== undefined;
  if (!isSet('S3_BUCKET')) {
    // S3_REGION has a default once parsed: only an unparsed environment tells whether it was set.
    const stray = [...S3_VARIABLES.slice(0, 1), ...alsoStray, ...S3_VARIABLES.slice(1)].filter(isSet);
    if (stray.length === 0) return [];
    return [{ variable: 'S3_BUCKET', message: `is required when ${stray.join(', ')} ${stray.length === 1 ? 'is' : 'are'} set` }];
  }
  return (['S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'] as const)
    .filter((name) => !isSet(name))
    .map((variable) => ({ variable, message: 'is required when S3_BUCKET is set' }));
}
