import { imageUploadTypes, type TurnAttachment } from '@parley/contracts';
import type { Logger } from '@parley/logger';
import type { UploadStore } from '@parley/uploads';

/**
 * Image bytes one turn hands the LLM at most, all images together (docs/workflow.md, "Files
 * visitors attach"). As `data:` URLs they grow by a third, and providers refuse requests of
 * about 20 MB: images past this are named in the note but not sent.
 */
export const MAX_IMAGE_BYTES_PER_TURN = 10 * 1024 * 1024;

const sizeOf = (bytes: number) => (bytes < 1024 ? `${bytes} B` : bytes < 1024 * 1024 ? `${Math.round(bytes / 1024)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`);

/** Reads a stored file whole (only images within the turn's budget come here). */
async function readWhole(store: UploadStore, key: string): Promise<Buffer | undefined> {
  const opened = await store.open(key);
  if (!opened) return undefined;
  const chunks: Buffer[] = [];
  for await (const chunk of opened.body) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
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
    if (file.bytes > budget || !store) {
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
