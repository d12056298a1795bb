import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import type { S3UploadStoreOptions } from '../src/index.js';

/**
 * An S3 API server (s3rver, see s3rver-process.mjs) on a free loopback port, keeping its bucket
 * in a temporary folder of its own. It runs in a child process: it needs an OpenSSL option of its
 * own, and a test measuring its process's memory measures the store, not the server.
 */
export interface S3TestServer {
  /** What s3UploadStore needs to reach the bucket. */
  options: S3UploadStoreOptions;
  /** The same settings as environment variables, for uploadStoreFromEnv. */
  env: Record<string, string>;
  /** Every key in the bucket. */
  listKeys(): Promise<string[]>;
  /** Multipart uploads started and neither completed nor aborted. */
  pendingUploads(): Promise<string[]>;
  close(): Promise<void>;
}

const BUCKET = 'parley-uploads-test';
const SCRIPT = fileURLToPath(new URL('./s3rver-process.mjs', import.meta.url));
const CREDENTIAL = 'S3RVER';

export async function startS3Server(): Promise<S3TestServer> {
  const directory = await mkdtemp(join(tmpdir(), 'parley-s3-'));
  const child = spawn(process.execPath, ['--openssl-legacy-provider', SCRIPT, directory, BUCKET], { stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = once(child, 'exit');
  const lines = createInterface({ input: child.stdout });
  const [first] = (await Promise.race([
    once(lines, 'line'),
    exited.then(([code]) => {
      throw new Error(`the S3 test server exited with ${code} before listening`);
    }),
  ])) as [string];
  lines.close();
  const { port, uploadsFolder } = JSON.parse(first) as { port: number; uploadsFolder: string };

  const endpoint = `http://127.0.0.1:${port}`;
  const options: S3UploadStoreOptions = {
    endpoint,
    region: 'us-east-1',
    bucket: BUCKET,
    accessKeyId: CREDENTIAL,
    secretAccessKey: CREDENTIAL,
    forcePathStyle: true,
  };
  const client = new S3Client({
    endpoint,
    region: options.region,
    forcePathStyle: true,
    credentials: { accessKeyId: CREDENTIAL, secretAccessKey: CREDENTIAL },
  });

  return {
    options,
    env: { S3_BUCKET: BUCKET, S3_ENDPOINT: endpoint, S3_ACCESS_KEY_ID: CREDENTIAL, S3_SECRET_ACCESS_KEY: CREDENTIAL, S3_FORCE_PATH_STYLE: 'true' },
    async listKeys() {
      const keys: string[] = [];
      let token: string | undefined;
      do {
        const page = await client.send(new ListObjectsV2Command({ Bucket: BUCKET, ContinuationToken: token }));
        for (const object of page.Contents ?? []) if (object.Key) keys.push(object.Key);
        token = page.NextContinuationToken;
      } while (token);
      return keys.sort();
    },
    async pendingUploads() {
      return readdir(uploadsFolder).catch(() => []);
    },
    async close() {
      client.destroy();
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
      await rm(directory, { recursive: true, force: true });
    },
  };
}
