// An S3 API server for the tests, in a process of its own: `node --openssl-legacy-provider
// s3rver-process.mjs <directory> <bucket>`. It prints one JSON line, {"port", "uploadsFolder"}, once
// listening on a free loopback port, and stops on SIGTERM or when its standard input closes.
//
// s3rver 3.7 runs on Node.js 20 and 24 with three gaps, closed here so that it answers as S3 does:
// - its ListObjectsV2 continuation tokens are DES-encrypted, which OpenSSL 3 keeps in its legacy
//   provider: without --openssl-legacy-provider any truncated listing is a 500;
// - it has no AbortMultipartUpload: the one added discards the upload's parts;
// - its DeleteObjects deletes keys in parallel and each removes its folder once empty, so two
//   removing the same folder fail with a 500: a folder already gone is let be.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import S3rver from 's3rver';

const [directory, bucket] = process.argv.slice(2);
if (!directory || !bucket) throw new Error('usage: s3rver-process.mjs <directory> <bucket>');

const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: [{ name: bucket }] });
const uploadsFolder = server.store.getResourcePath(bucket, undefined, 'uploads');

const deleteObject = server.store.deleteObject.bind(server.store);
server.store.deleteObject = async (bucketName, key) => {
  await deleteObject(bucketName, key).catch((error) => {
    if (error.code !== 'ENOENT') throw error;
  });
};

// Koa runs its middleware in order: this one sees AbortMultipartUpload before s3rver's router refuses it.
server.middleware.unshift(async (ctx, next) => {
  const uploadId = ctx.query.uploadId;
  if (ctx.method !== 'DELETE' || typeof uploadId !== 'string') return next();
  if (!/^[0-9a-f]+$/.test(uploadId) || !ctx.path.startsWith(`/${bucket}/`)) {
    ctx.status = 404;
    return;
  }
  await rm(join(uploadsFolder, uploadId), { recursive: true, force: true });
  ctx.status = 204;
});

const address = await server.run();
process.stdout.write(`${JSON.stringify({ port: address.port, uploadsFolder })}\n`);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await server.close();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.stdin.on('end', stop);
process.stdin.resume();
