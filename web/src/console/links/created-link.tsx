import { generate } from 'lean-qr';
import { useEffect, useRef } from 'preact/hooks';
import type { LinkDelivery } from '../api/management-api';
import { useCopy } from '../ui/copy-button';
import { EmbedSnippet } from './embed-snippet';
import { t } from './link-words';

/** The platform's base address and a link's token, from the link's URL (`{PUBLIC_BASE_URL}/c/{token}`). */
export function addressParts(url: string): { base: string; token: string } {
  const at = url.lastIndexOf('/c/');
  return at < 0 ? { base: window.location.origin, token: '' } : { base: url.slice(0, at), token: url.slice(at + 3) };
}

/** What became of a mailed or texted address, as the person reads it. */
function deliveryText(d: LinkDelivery): string {
  const reason = d.last_error ?? t('created.noReason');
  if (d.channel === 'sms') {
    return d.state === 'sent'
      ? t('created.texted', { to: d.to })
      : d.state === 'pending'
        ? t('created.texting', { to: d.to })
        : t('created.textFailed', { to: d.to, reason });
  }
  return d.state === 'sent'
    ? t('created.mailed', { to: d.to })
    : d.state === 'pending'
      ? t('created.mailing', { to: d.to })
      : t('created.mailFailed', { to: d.to, reason });
}

/**
 * A new link's URL, shown this once (only the token's hash is kept): copy it, scan it, or open it;
 * and the widget's snippet for it, token and all.
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
  const { said, copy } = useCopy(t('created.copyRefused'));
  useEffect(() => {
    if (canvas.current) generate(url).toCanvas(canvas.current);
  }, [url]);

  return (
    <section class="created" aria-labelledby="created-title">
      <h3 id="created-title">{t(rotated ? 'created.newAddress' : 'created.ready', { title })}</h3>
      <p>
        {rotated && `${t('created.oldGone')} `}
        <strong>{t('created.copyNow')}</strong> {t('created.shownOnce')}
      </p>
      {deliveries.map((d) => (
        <p key={d.id} class={d.state === 'failed' ? 'problem' : 'notice'}>
          {deliveryText(d)}
        </p>
      ))}
      <div class="created-body">
        <div class="stack">
          <label for="created-url">{t('created.address')}</label>
          <input id="created-url" readOnly value={url} onFocus={(e) => (e.target as HTMLInputElement).select()} />
          <div class="actions">
            <button type="button" class="primary" onClick={() => void copy(url)}>
              {t('created.copy')}
            </button>
            <a class="button" href={url} target="_blank" rel="noopener noreferrer">
              {t('created.open')}
            </a>
            <button type="button" onClick={onDone}>
              {t('common.done')}
            </button>
          </div>
          {said && <p role="status">{said}</p>}
        </div>
        <canvas ref={canvas} class="qr" role="img" aria-label={t('created.qr')} />
      </div>
      <EmbedSnippet origin={addressParts(url).base} token={addressParts(url).token} />
    </section>
  );
}
