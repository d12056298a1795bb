import { useEffect, useState } from 'preact/hooks';

interface Props {
  src: string;
  alt: string;
  class: string;
  /** The box it takes, known before it loads: nothing around it moves when it arrives. */
  size: number;
}

/**
 * An image from the link owner's own URL (logo, avatar): it sends no referrer (the page's address
 * holds the link's token), and one that fails to load – gone, or refused by the embedding page's
 * policy – is left out rather than shown broken.
 */
export function BrandImage({ src, alt, class: className, size }: Props) {
  const [broken, setBroken] = useState(false);
  useEffect(() => setBroken(false), [src]);
  if (broken) return null;
  return <img class={className} src={src} alt={alt} width={size} height={size} referrerpolicy="no-referrer" decoding="async" onError={() => setBroken(true)} />;
}
