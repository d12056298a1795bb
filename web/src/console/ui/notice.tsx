/** What the last action came to ("Key revoked."), announced to screen readers; nothing before there is any. */
export function Notice({ text }: { text: string | undefined }) {
  return text ? (
    <p class="notice" role="status">
      {text}
    </p>
  ) : null;
}
