/**
 * A paste into the message box that holds files and no text: the files are attached (a
 * screenshot, a copied image). A module of its own: the console's message box, which takes no
 * files, carries nothing more of them.
 */
export function pastedFiles(e: ClipboardEvent): FileList | undefined {
  const data = e.clipboardData;
  if (!data?.files.length || data.types.includes('text/plain')) return undefined;
  e.preventDefault();
  return data.files;
}
