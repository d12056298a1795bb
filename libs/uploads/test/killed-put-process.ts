// A process killed in the middle of a put: `node --import tsx killed-put-process.ts <dir> <key>`
// starts a put into fileUploadStore(<dir>) from a source that never ends, prints one line once a
// megabyte has gone in, and waits to be killed.
import { fileUploadStore } from '../src/index.js';
import { pausingSource } from './streams.js';

const [dir, key] = process.argv.slice(2);
if (!dir || !key) throw new Error('usage: killed-put-process.ts <dir> <key>');
const MiB = 1024 * 1024;
const source = pausingSource(64 * MiB, MiB);
void fileUploadStore(dir).put(key, source.stream, { maxBytes: 64 * MiB });
await source.paused;
process.stdout.write('writing\n');
