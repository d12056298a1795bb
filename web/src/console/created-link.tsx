import { generate } from 'lean-qr';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { LinkDelivery } from './console-api';

/** What became of a mailed address, as the person reads it. */
const deliveryText = (d: LinkDelivery) =>
  d.state === 'sent' ? `Mailed to ${d.to}.` : d.state === 'pending' ? `Being mailed to ${d.to}.` : `Mailing to ${d.to} failed (${d.last_error ?? 'no reason given'}); it is tried again.`;

/**
 * A new link's URL, shown this once (only the token's hash is kept): copy it, scan it, or open it.
 * The QR code is drawn on a canvas, so the page's strict policy needs no inline image. `rotated`:
 * the link's new URL, after which the old one no longer works.
 */
export function CreatedLink({
  title,
  url,
  rotated = false,
  deliveries = [],
  onDone,
}: {
  title: string;
  url: string;
  rotated?: boolean;
  deliveries?: LinkDelivery[] | undefined;
  onDone(): void;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [copied, setCopied] = useState<string>();
  useEffect(() => {
    if (canvas.current) generate(url).toCanvas(canvas.current);
  }, [url]);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(url);
      setCopied('Copied to the clipboard.');
    } catch {
      setCopied('Copying was refused by the browser: select the address and copy it.');
    }
  };

  return (
    <section class="created" aria-labelledby="created-title">
      <h3 id="created-title">{rotated ? `“${title}” has a new address` : `“${title}” is ready`}</h3>
      <p>
        {rotated && 'The old address no longer works. '}
        <strong>Copy the address now:</strong> it is shown only once. The platform keeps only a fingerprint of it.
      </p>
      {deliveries.map((d) => (
        <p key={d.id} class={d.state === 'failed' ? 'problem' : 'notice'}>
          {deliveryText(d)}
        </p>
      ))}
      <div class="created-body">
        <div class="stack">
          <label for="created-url">Link address</label>
          <input id="created-url" readOnly value={url} onFocus={(e) => (e.target as HTMLInputElement).select()} />
          <div class="actions">
            <button type="button" class="primary" onClick={() => void copy()}>
              Copy address
            </button>
            <a class="button" href={url} target="_blank" rel="noopener noreferrer">
              Open in a new tab
            </a>
            <button type="button" onClick={onDone}>
              Done
            </button>
          </div>
          {copied && <p role="status">{copied}</p>}
        </div>
        <canvas ref={canvas} class="qr" role="img" aria-label="QR code of the address" />
      </div>
    </section>
  );
}
