import { useEffect, useRef, useState } from 'preact/hooks';

/**
 * An image drawn from its bytes into a canvas, at most `max` px on its longer side. A canvas, not
 * an `<img>` of a blob: or data: URL: a host page's policy (img-src) may refuse those, never a
 * canvas, so the widget shows the visitor's images on any site. Nothing is drawn (`onFail`) for
 * bytes the browser cannot decode as an image.
 */
export function Thumbnail({ image, label, max, onFail }: { image: Blob; label: string; max: number; onFail(): void }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    let cancelled = false;
    createImageBitmap(image).then(
      (bitmap) => {
        const c = canvas.current;
        if (cancelled || !c) return;
        const scale = Math.min(1, max / Math.max(bitmap.width, bitmap.height));
        const [width, height] = [Math.max(1, Math.round(bitmap.width * scale)), Math.max(1, Math.round(bitmap.height * scale))];
        const dpr = window.devicePixelRatio || 1;
        c.width = width * dpr;
        c.height = height * dpr;
        c.style.width = `${width}px`;
        c.style.height = `${height}px`;
        c.getContext('2d')?.drawImage(bitmap, 0, 0, c.width, c.height);
        bitmap.close();
        // As an image says it has loaded: the message list keeps the latest message in view.
        c.dispatchEvent(new Event('load'));
      },
      () => !cancelled && onFail(),
    );
    return () => {
      cancelled = true;
    };
  }, [image]);
  return <canvas ref={canvas} class="file-thumb" role="img" aria-label={label} width={0} height={0} />;
}

/** Whether an image of this type can be drawn: true until drawing it failed (then the caller's chip says what it is). */
export function useDrawable(type: string): [boolean, () => void] {
  const [failed, setFailed] = useState(false);
  return [type.startsWith('image/') && !failed, () => setFailed(true)];
}
