import { pipeline, Readable } from 'node:stream';
import { DeleteObjectCommand, DeleteObjectsCommand, GetObjectCommand, paginateListObjectsV2, S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { ByteMeter, refuseEarly } from './byte-meter.js';
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
}

/**
 * S3 takes a file of unknown length in parts of at least 5 MiB; one part at a time is read from the
 * stream and sent, so a put holds at most about one part in memory whatever the file's size. A file
 * smaller than a part goes in one PutObject.
 */
const PART_BYTES = 5 * 1024 * 1024;

/**
 * Files in an S3 bucket (or an S3-compatible server), one object per key. A put streams through
 * lib-storage's multipart Upload; when it fails (too large, the stream errors) the multipart upload
 * is aborted, so no object appears and the parts already sent are discarded. Should the abort
 * itself fail, the parts stay invisible until the bucket's lifecycle rule for incomplete multipart
 * uploads removes them (see the package's README).
 */
export function s3UploadStore(options: S3UploadStoreOptions): UploadStore {
  const { bucket } = options;
  const deleteBatchSize = options.deleteBatchSize ?? 1000;
  const client = new S3Client({
    region: options.region,
    ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
    forcePathStyle: options.forcePathStyle ?? false,
    credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey },
  });

  return {
    async put(key: string, body: Readable, { maxBytes }: PutOptions): Promise<PutResult> {
      const meter = refuseEarly(body, () => {
        assertUploadKey(key);
        return new ByteMeter(maxBytes);
      });
      // The stream's own failure (too large, or the source erroring) is the one to report, not
      // what the Upload makes of it afterwards.
      let streamError: unknown;
      pipeline(body, meter, (error) => {
        if (error) streamError ??= error;
      });
      const upload = new Upload({
        client,
        params: {
          Bucket: bucket,
          Key: key,
          Body: meter,
          // The platform serves files itself, with the type it judged; should the bucket ever be
          // reachable directly, nothing in it renders in a browser.
          ContentType: 'application/octet-stream',
          ContentDisposition: 'attachment',
        },
        partSize: PART_BYTES,
        queueSize: 1,
        leavePartsOnError: false,
      });
      try {
        await upload.done();
      } catch (error) {
        const cause = streamError ?? error;
        meter.destroy();
        body.destroy();
        throw cause;
      }
      return { bytes: meter.bytes, sha256: meter.digest() };
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
          throw new Error(`could not delete ${failed.length} of ${objects.length} files under ${prefix} (${removed} deleted so far): ${first.Code} ${first.Message}`);
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
