/** A file in a ZIP archive, as its central directory lists it. */
export interface ZipEntry {
  name: string;
  /** The size it says the file unpacks to (0xFFFFFFFF: larger, in a ZIP64 field not read here). */
  unpackedBytes: number;
}

const LOCAL_HEADER = 0x04034b50;
const DIRECTORY_ENTRY = 0x02014b50;
const END_OF_DIRECTORY = 0x06054b50;
const names = new TextDecoder();

/**
 * The entries of a ZIP archive's central directory – how a DOCX is told from other ZIP files, and
 * how much it would unpack to, without unpacking anything; undefined when the bytes are no ZIP archive.
 */
export function zipEntries(bytes: Uint8Array): ZipEntry[] | undefined {
  if (bytes.length < 22) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0, true) !== LOCAL_HEADER) return undefined;
  // The end record is the last 22 bytes, followed by an archive comment of up to 64 KiB.
  const lowest = Math.max(0, bytes.length - 22 - 0xffff);
  for (let at = bytes.length - 22; at >= lowest; at--) {
    if (view.getUint32(at, true) !== END_OF_DIRECTORY) continue;
    const count = view.getUint16(at + 10, true);
    let offset = view.getUint32(at + 16, true);
    const entries: ZipEntry[] = [];
    for (let index = 0; index < count; index++) {
      if (offset + 46 > at || view.getUint32(offset, true) !== DIRECTORY_ENTRY) return undefined;
      const nameLength = view.getUint16(offset + 28, true);
      const extraLength = view.getUint16(offset + 30, true);
      const commentLength = view.getUint16(offset + 32, true);
      entries.push({ name: names.decode(bytes.subarray(offset + 46, offset + 46 + nameLength)), unpackedBytes: view.getUint32(offset + 24, true) });
      offset += 46 + nameLength + extraLength + commentLength;
    }
    return entries;
  }
  return undefined;
}
