import { useState } from 'preact/hooks';
import type { Attachment } from '../api';
import { FileChip } from './pending-files';
import { Thumbnail, useDrawable } from './thumbnail';

/** How a view shows the files messages carry. */
export interface FileView {
  /** The file's address for this session (a download: the platform never serves one inline). */
  href(id: string): string | undefined;
  /** Files this visitor chose on this page, by upload id: their images are drawn from the bytes at hand. */
  local: ReadonlyMap<string, Blob>;
  /**
   * Whether other images may load from the platform as `<img>`: on the chat page (its own origin),
   * not in the widget, whose host page's policy decides what images load and which the platform
   * serves only to its own site.
   */
  inlineImages: boolean;
}

/** The files a message carries: images as thumbnails, other files (and images that cannot be shown) as chips; each a download. */
export function MessageFiles({ files, view }: { files: Attachment[]; view: FileView }) {
  return (
    <ul class="message-files">
      {files.map((file) => (
        <li key={file.id}>
          <MessageFile file={file} view={view} />
        </li>
      ))}
    </ul>
  );
}

function MessageFile({ file, view }: { file: Attachment; view: FileView }) {
  const local = view.local.get(file.id);
  const [drawable, failed] = useDrawable(local || view.inlineImages ? file.type : '');
  const [broken, setBroken] = useState(false);
  const href = view.href(file.id);
  return (
    <a class={drawable && !broken ? 'file-image' : 'file-link'} href={href} download={file.name}>
      {!drawable || broken ? (
        <FileChip name={file.name} type={file.type} bytes={file.bytes} />
      ) : local ? (
        <Thumbnail image={local} label={file.name} max={220} onFail={failed} />
      ) : (
        <img src={href} alt={file.name} loading="lazy" onError={() => setBroken(true)} />
      )}
    </a>
  );
}
