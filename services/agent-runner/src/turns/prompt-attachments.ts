import { imageUploadTypes, type TurnAttachment } from '@parley/contracts';
import type { Logger } from '@parley/logger';
import type { UploadStore } from '@parley/uploads';

/**
 * Image bytes one turn hands the LLM at most, all images together (docs/workflow.md, "Files
 * visitors attach"). As `data:` URLs they grow by a third, and providers refuse requests of
 * about 20 MB: images past this are named in the note but not sent.
 */
export const MAX_IMAGE_BYTES_PER_TURN = 10 * 1024 * 1024;

/**
 * Image bytes a runner's turns read at once, all turns together (see ByteBudget): a turn whose
 * images do not fit waits for those of the turns before it to be sent. An image's bytes are held
 * about four times over while its turn runs (the file, its `data:` URL, the request's JSON, the
 * client's copy), so this keeps a runner with many slots (RUNNER_MAX_IN_FLIGHT) within about
 * 160 MB of images, whatever its visitors attach.
 */
export const IMAGE_BYTES_IN_FLIGHT = 4 * MAX_IMAGE_BYTES_PER_TURN;

const sizeOf = (bytes: number) =>
  bytes < 1024 ? `${bytes} B` : bytes < 1024 * 1024 ? `${Math.round(bytes / 1024)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** Reads a stored file whole (only images within the turn's budget come here). */
async function readWhole(store: UploadStore, key: string): Promise<Buffer | undefined> {
  const opened = await store.open(key);
  if (!opened) return undefined;
  const chunks: Buffer[] = [];
  for await (const chunk of opened.body) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Whether a file is an image shown to the LLM with `budget` bytes of the turn's images left. */
const fitsAsImage = (file: TurnAttachment, budget: number) => imageUploadTypes.includes(file.type) && file.bytes <= budget;

/** The image bytes promptAttachments reads for these files at most (each read that fails reads less). */
export function imageBytesOf(attachments: TurnAttachment[]): number {
  let budget = MAX_IMAGE_BYTES_PER_TURN;
  for (const file of attachments) if (fitsAsImage(file, budget)) budget -= file.bytes;
  return MAX_IMAGE_BYTES_PER_TURN - budget;
}

/**
 * What a prompt node is told of the files a visitor's message carries: a note naming each (name,
 * type, size), so the agent knows they came, and the images (png, jpeg, webp, gif) within
 * MAX_IMAGE_BYTES_PER_TURN as `data:` URLs. Without an upload store (or with a file gone) the
 * note alone says so.
 */
export async function promptAttachments(
  attachments: TurnAttachment[],
  store: UploadStore | undefined,
  logger: Logger,
): Promise<{ note: string; images: string[] }> {
  const images: string[] = [];
  const lines: string[] = [];
  let budget = MAX_IMAGE_BYTES_PER_TURN;
  for (const file of attachments) {
    // The name is the visitor's: quoted, so it reads as a name rather than as an instruction.
    const line = `- ${JSON.stringify(file.name)} (${file.type}, ${sizeOf(file.bytes)})`;
    if (!imageUploadTypes.includes(file.type)) {
      lines.push(line);
      continue;
    }
    if (!fitsAsImage(file, budget) || !store) {
      lines.push(`${line} – image not shown`);
      continue;
    }
    const bytes = await readWhole(store, file.key).catch((error: unknown) => {
      logger.warn({ err: error, uploadId: file.id }, 'an attached image could not be read');
      return undefined;
    });
    if (!bytes) {
      lines.push(`${line} – image not shown`);
      continue;
    }
    budget -= bytes.length;
    images.push(`data:${file.type};base64,${bytes.toString('base64')}`);
    lines.push(`${line} – image below`);
  }
  return { note: `[The visitor attached ${attachments.length === 1 ? 'a file' : `${attachments.length} files`}:\n${lines.join('\n')}]`, images };
}
