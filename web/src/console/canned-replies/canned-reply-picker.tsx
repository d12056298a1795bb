import { cannedReplyValues, fillCannedReply } from '@parley/contracts/canned-replies';
import type { ComponentChildren } from 'preact';
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { CannedReply, ConversationDetail, InboxItem, ManagementApi } from '../api/management-api';
import { t } from '../words';
import { matchingReplies, replaceSlashWord, type SlashWord, slashWordAt } from './slash-shortcut';

/** The replies are read again when the list opens this long after they were last read: a colleague's new one shows up. */
const STALE_AFTER_MS = 60_000;
const LIST_ID = 'canned-reply-options';
const optionId = (index: number) => `${LIST_ID}-${index}`;

/** Where the arrows stand: an option of the list for one `/word`. */
interface Reached {
  query: string;
  index: number;
}

/** The option reached in a list of `count` for `query`: the first when the arrows were pressed in another word. */
const indexIn = (reached: Reached, query: string, count: number) => (reached.query === query ? Math.min(reached.index, count - 1) : 0);

/**
 * Canned replies in the operator's reply box (docs/escalation.md "Canned replies"): typing `/` and the
 * start of a shortcut opens a list of the matching replies, already filled from the conversation
 * (visitor, operator, agent, collected variables). Arrows move, Enter or Tab inserts, Escape
 * closes; inserting replaces the `/shortcut` with the reply. It wraps the composer and listens to
 * its keys before the composer does, so Enter picks rather than sends while the list is open.
 */
export function CannedReplyPicker(props: {
  api: ManagementApi;
  item: InboxItem;
  detail: ConversationDetail | undefined;
  text: string;
  onText(text: string): void;
  children: ComponentChildren;
}) {
  const { api, item, detail, text } = props;
  const [replies, setReplies] = useState<CannedReply[]>([]);
  const [caret, setCaret] = useState(0);
  /**
   * The option the arrows have reached, for the `/word` they were pressed in: another word starts at
   * its first option. Also kept in a ref, so keys pressed faster than the list redraws each start
   * from where the last one left it.
   */
  const [active, setActiveState] = useState<Reached>({ query: '', index: 0 });
  const activeRef = useRef(active);
  const setActive = (next: Reached) => {
    activeRef.current = next;
    setActiveState(next);
  };
  /** Where the `/word` Escape closed the list for began: it stays closed until another one is typed. */
  const [dismissed, setDismissed] = useState<number>();
  const loadedAt = useRef(0);
  const box = useRef<HTMLDivElement>(null);
  const pendingCaret = useRef<number | undefined>(undefined);
  const input = () => box.current?.querySelector('textarea') ?? undefined;

  const load = () => {
    loadedAt.current = Date.now();
    // The picker is a help: without the list the operator types as before.
    api.cannedReplies().then(
      ({ canned_replies }) => setReplies(canned_replies),
      () => undefined,
    );
  };
  useEffect(load, [api]);

  /** Whether the list is open for this word: typed, not closed with Escape, and matching a reply. */
  const listsFor = (word: SlashWord | undefined, matches: CannedReply[]): word is SlashWord =>
    word !== undefined && word.start !== dismissed && matches.length > 0;
  const word: SlashWord | undefined = slashWordAt(text, caret);
  const matches = useMemo(() => (word ? matchingReplies(replies, word.query) : []), [replies, word?.query]);
  const open = listsFor(word, matches);
  const activeIndex = open ? indexIn(active, word.query, matches.length) : 0;
  const values = useMemo(
    () => cannedReplyValues({ collected: detail?.collected_data ?? {}, visitor: detail?.visitor, operatorName: item.operator?.name, agent: item.agent }),
    [detail, item.operator?.name, item.agent],
  );

  useEffect(() => {
    if (open && Date.now() - loadedAt.current > STALE_AFTER_MS) load();
    // A list opened again starts at its first option, even for the same word typed anew.
    if (!open && activeRef.current.query !== '') setActive({ query: '', index: 0 });
  }, [open, word?.query]);
  useEffect(() => {
    if (word === undefined && dismissed !== undefined) setDismissed(undefined);
  }, [word === undefined]);

  // The reply box tells assistive technology which option is active (it stays a text box: focus never leaves it).
  useEffect(() => {
    const field = input();
    if (!field) return;
    field.setAttribute('aria-autocomplete', 'list');
    if (open) {
      field.setAttribute('aria-controls', LIST_ID);
      field.setAttribute('aria-activedescendant', optionId(activeIndex));
    } else {
      field.removeAttribute('aria-controls');
      field.removeAttribute('aria-activedescendant');
    }
  });
  // After an insertion, the caret goes just past the inserted reply.
  useLayoutEffect(() => {
    const field = input();
    if (pendingCaret.current === undefined || !field) return;
    field.focus();
    field.setSelectionRange(pendingCaret.current, pendingCaret.current);
    setCaret(pendingCaret.current);
    pendingCaret.current = undefined;
  }, [text]);

  const insert = (reply: CannedReply, at: { text: string; word: SlashWord | undefined } = { text, word }) => {
    if (!at.word) return;
    const next = replaceSlashWord(at.text, at.word, fillCannedReply(reply.content, values));
    pendingCaret.current = next.caret;
    props.onText(next.text);
  };
  const trackCaret = (event: Event) => {
    const target = event.target as HTMLTextAreaElement;
    if (target.tagName === 'TEXTAREA') setCaret(target.selectionStart);
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.isComposing) return;
    // The text box as it is now, which a key may reach before the list has been drawn for its last letter.
    const field = input();
    const now = field ? { text: field.value, word: slashWordAt(field.value, field.selectionStart) } : { text, word };
    const shown = now.word ? matchingReplies(replies, now.word.query) : [];
    if (!listsFor(now.word, shown)) return;
    const count = shown.length;
    const index = indexIn(activeRef.current, now.word.query, count);
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp')
      setActive({ query: now.word.query, index: (index + (event.key === 'ArrowDown' ? 1 : count - 1)) % count });
    else if ((event.key === 'Enter' && !event.shiftKey) || event.key === 'Tab') {
      const chosen = shown[index];
      if (chosen) insert(chosen, now);
    } else if (event.key === 'Escape') setDismissed(now.word.start);
    else return;
    // Before the composer sees it: Enter picks here instead of sending.
    event.preventDefault();
    event.stopPropagation();
  };

  return (
    // Keys are listened to here, before the reply box inside hears them; the box itself is what has the focus.
    // biome-ignore lint/a11y/noStaticElementInteractions: a wrapper that only sees its text box's own events bubble and be captured.
    <div class="canned-picker" ref={box} onKeyDownCapture={onKeyDown} onInput={trackCaret} onKeyUp={trackCaret} onClick={trackCaret}>
      {open && (
        <div id={LIST_ID} role="listbox" class="canned-list" aria-label={t('canned.pickerLabel')}>
          {matches.map((reply, index) => (
            <div
              key={reply.id}
              id={optionId(index)}
              role="option"
              // Never focused itself (the reply box keeps the focus and names the active option), but a pointer may choose it.
              tabIndex={-1}
              aria-selected={index === activeIndex}
              onMouseDown={(event) => {
                event.preventDefault();
                insert(reply);
              }}
            >
              <strong>/{reply.shortcut}</strong>
              {reply.personal && <span class="badge off">{t('canned.yours')}</span>}
              <span class="muted preview">{fillCannedReply(reply.content, values)}</span>
            </div>
          ))}
        </div>
      )}
      {props.children}
      <p class="sr-only" role="status">
        {open ? t('canned.matches', { count: matches.length }) : ''}
      </p>
    </div>
  );
}
