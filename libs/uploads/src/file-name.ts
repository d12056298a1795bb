/**
 * The file name extensions each judged type may keep, the first the one it gets. A name is what
 * an operator's computer opens a saved file by: `invoice.bat` holding text would run as a script
 * there, whatever the server said the type was.
 */
const EXTENSIONS: Readonly<Record<string, readonly string[]>> = {
  'image/png': ['png'],
  'image/jpeg': ['jpg', 'jpeg'],
  'image/webp': ['webp'],
  'image/gif': ['gif'],
  'application/pdf': ['pdf'],
  // Text keeps only `.txt`: `.csv` would open in a spreadsheet, `.js`, `.bat`, `.ps1` … would run.
  'text/plain': ['txt'],
  'text/csv': ['csv'],
  'application/json': ['json'],
  'application/zip': ['zip'],
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': ['docx'],
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': ['xlsx'],
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': ['pptx'],
  'audio/mpeg': ['mp3'],
  'audio/wav': ['wav'],
  'video/mp4': ['mp4'],
};

/** The longest name kept (as the gateway cleans names: characters, not bytes). */
const MAX_NAME = 255;

/**
 * A visitor's file name made to agree with the type judged from the file's bytes: a name whose
 * extension is one the type may keep stays as it is (`Photo.JPEG`); any other gets the type's
 * own extension added (`invoice.bat` judged text is `invoice.bat.txt`, `photo.exe` judged PNG is
 * `photo.exe.png`), the original name kept readable before it. A type with no known extension
 * gets `.bin`, which nothing opens by itself. Applying it twice changes nothing.
 */
export function fileNameForType(name: string, type: string): string {
  const allowed = EXTENSIONS[type.toLowerCase()] ?? ['bin'];
  const dot = name.lastIndexOf('.');
  const extension = dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
  if (allowed.includes(extension)) return name;
  const suffix = `.${allowed[0]}`;
  const chars = Array.from(name);
  return `${chars.slice(0, MAX_NAME - suffix.length).join('')}${suffix}`;
}
