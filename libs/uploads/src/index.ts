export { InvalidUploadKeyError, UnsupportedMediaTypeError, UploadTooLargeError } from './errors.js';
export { fileNameForType } from './file-name.js';
export { fileUploadStore } from './file-upload-store.js';
export { type JudgedUpload, type JudgeOptions, judgeUpload, type PeekedStream, peekStream } from './judge-upload.js';
export { type S3UploadStoreOptions, s3UploadStore } from './s3-upload-store.js';
export { NEVER_ALLOWED_TYPES, SNIFF_BYTES, sniffType } from './sniff-type.js';
export { assertUploadKey, assertUploadKeyPrefix } from './upload-key.js';
export type { PutOptions, PutResult, StoredUpload, UploadStore } from './upload-store.js';
export { serviceUploadStoreFromEnv, type UploadsSettings, uploadStoreFromEnv, uploadStoreFromSettings, uploadsEnv } from './upload-store-env.js';
