import { tmpdir } from 'node:os';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DeleteObjectCommand, DeleteObjectsCommand, GetObjectCommand, PutObjectCommand, paginateListObjectsV2, S3Client } from '@aws-sdk/client-s3';
import { ByteMeter, refuseEarly } from './byte-meter.js';
import { openSpoolFile, type SpoolFile } from './spool-file.js';
import { assertUploadKey, assertUploadKeyPrefix } from './upload-key.js';
import type { PutOptions, PutResult, StoredUpload, UploadStore } from './upload-store.js';

export interface S3UploadStoreOptions {
  /** An S3-compatible server (MinIO, R2, …); unset means AWS S3 in `region`. */
  endpoint?: string;
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** `endpoint/bucket/key` rather than `bucket.endpoint/key`: what most S3-compatible servers need. */
  forcePathStyle?: boolean;
  /** Keys listed and deleted per request by deletePrefix; 1000, S3's most, unless a test wants small batches. */
  deleteBatchSize?: number;
  /** Where a put holds a file on its way to the bucket (see spool-file.ts); the system's temporary folder unless set. */
  spoolDir?: string;
}

/**
 * The SDK writes a warning to the console for every failed request whose body is a stream (it
 * does not retry those); a put's failure is the caller's to report, through its own logger.
 */
const quietLogger = { trace() {}, debug() {}, info() {}, warn() {}, error() {} };

/**
 * Files in an S3 bucket (or an S3-compatible server), one object per key.
 *
 * A put first streams the file into a spool file on local disk – counted, limited and hashed as it
 * passes – and then sends it in one PutObject streamed from that file, with its length and its
 * SHA-256, which S3 checks. A put therefore holds a few stream buffers in memory whatever the
 * file's size (a multipart upload would hold a 5 MiB part, or several), and the object appears
 * whole or not at all: a file refused or cut off midway never reaches the bucket. The spool file
 * has no name from the start, so neither a failure nor a killed process leaves one behind.
 * Files are at most 50 MiB (a link's largest max_bytes), well within one PutObject's 5 GiB.
 */
export function s3UploadStore(options: S3UploadStoreOptions): UploadStore {
  const { bucket } = options;
  const deleteBatchSize = options.deleteBatchSize ?? 1000;
  const spoolDir = options.spoolDir ?? tmpdir();
  const client = new S3Client({
    region: options.region,
    ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
    forcePathStyle: options.forcePathStyle ?? false,
    credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey },
    logger: quietLogger,
  });

  return {
    async put(key: string, body: Readable, { maxBytes }: PutOptions): Promise<PutResult> {
      const meter = refuseEarly(body, () => {
        assertUploadKey(key);
        return new ByteMeter(maxBytes);
      });
      let spool: SpoolFile | undefined;
      try {
        spool = await openSpoolFile(spoolDir);
        // The stream's own failure (too large, or the source erroring) is the one reported.
        await pipeline(body, meter, spool.writer());
        const sha256 = meter.digest();
        await client.send(
          new PutObjectCommand({
            Bucket: bucket,
            Key: key,
            Body: spool.reader(),
            ContentLength: meter.bytes,
            ChecksumSHA256: Buffer.from(sha256, 'hex').toString('base64'),
            // The platform serves files itself, with the type it judged; should the bucket ever be
            // reachable directly, nothing in it renders in a browser.
            ContentType: 'application/octet-stream',
            ContentDisposition: 'attachment',
          }),
        );
        return { bytes: meter.bytes, sha256 };
      } catch (error) {
        body.destroy();
        throw error;
      } finally {
        await spool?.close();
      }
    },

    async open(key: string): Promise<StoredUpload | undefined> {
      assertUploadKey(key);
      try {
        const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        if (!(object.Body instanceof Readable)) throw new Error('the S3 client gave no Node.js stream for an object body');
        return { body: object.Body, bytes: object.ContentLength ?? 0 };
      } catch (error) {
        if (isNoSuchKey(error)) return undefined;
        throw error;
      }
    },

    async delete(key: string): Promise<void> {
      assertUploadKey(key);
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
    },

    async deletePrefix(prefix: string): Promise<number> {
      assertUploadKeyPrefix(prefix);
      let removed = 0;
      const pages = paginateListObjectsV2({ client, pageSize: deleteBatchSize }, { Bucket: bucket, Prefix: prefix });
      for await (const page of pages) {
        const objects = (page.Contents ?? []).flatMap((object) => (object.Key === undefined ? [] : [{ Key: object.Key }]));
        if (objects.length === 0) continue;
        // Quiet: the answer lists only the keys that could not be deleted.
        const result = await client.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: objects, Quiet: true } }));
        const failed = result.Errors ?? [];
        removed += objects.length - failed.length;
        const first = failed[0];
        if (first) {
          throw new Error(
            `could not delete ${failed.length} of ${objects.length} files under ${prefix} (${removed} deleted so far): ${first.Code} ${first.Message}`,
          );
        }
      }
      return removed;
    },

    async close(): Promise<void> {
      client.destroy();
    },
  };
}

function isNoSuchKey(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { name, $metadata } = error as { name?: unknown; $metadata?: { httpStatusCode?: number } };
  // A missing bucket is a deployment's mistake, not a missing file.
  return name === 'NoSuchKey' || ($metadata?.httpStatusCode === 404 && name !== 'NoSuchBucket');
}
