import { useEffect, useRef, useState } from 'preact/hooks';
import { Composer } from '../../chat/composer';
import type { ConversationDetail, InboxItem, ManagementApi, OperatorPresence, Team } from '../api/management-api';
import { useApiCall } from '../api/use-api-call';
import { CannedReplyPicker } from '../canned-replies/canned-reply-picker';
import { Problem } from '../ui/problem';
import { when } from '../ui/when';
import { ConversationBubbles } from './conversation-bubbles';
import { t } from './inbox-words';
import { OfferCountdown } from './offer-countdown';
import { TraceSection } from './trace-section';
import { TransferDialog } from './transfer-dialog';
import { VisitorPanel } from './visitor-panel';

/** An operator's keystrokes tell the visitor at most this often. */
const TYPING_EVERY_MS = 3_000;

/** What the operator writes: an answer the visitor sees, or a note only operators see. */
type Writing = 'reply' | 'note';

/** A private note for the operators: any operator who may see the conversation adds one, claimed or not. */
function NoteComposer(props: { busy: boolean; onNote(text: string): Promise<boolean> }) {
  const [text, setText] = useState('');
  const submit = (event: Event) => {
    event.preventDefault();
    const note = text.trim();
    if (!note || props.busy) return;
    void props.onNote(note).then((added) => added && setText(''));
  };
  return (
    <form class="composer compose-note" onSubmit={submit}>
      <label for="operator-note" class="sr-only">
        {t('conversation.noteLabel')}
      </label>
      <textarea
        id="operator-note"
        rows={2}
        maxLength={4_000}
        placeholder={t('conversation.noteHint')}
        value={text}
        onInput={(e) => setText((e.target as HTMLTextAreaElement).value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
            e.preventDefault();
            (e.currentTarget.form as HTMLFormElement).requestSubmit();
          }
        }}
      />
      <button type="submit" disabled={props.busy || !text.trim()}>
        {t('conversation.addNote')}
      </button>
    </form>
  );
}

/**
 * One escalated conversation: its history as bubbles (with who said what, the visitor's thumbs and
 * score, and the operators' internal notes set apart), the visitor's details, variables and labels
 * beside it, the workflow's trace, and the operator's actions – claim or accept what is offered to
 * them, answer in Markdown (the visitor sees the typing) or add a private note, transfer, hand back
 * to the agent, close (after a confirmation: it ends the conversation for the visitor).
 */
export function ConversationPane(props: {
  api: ManagementApi;
  item: InboxItem;
  /** Offered to or claimed by the signed-in member (with a key: claimed in this tab): they may accept or answer it. */
  mine: boolean;
  /** Bumped by every live inbox event: the history is read again (which marks it read). */
  changed: number;
  visitorTyping: boolean;
  /** What the platform told the operators of it while the inbox was open (who transferred it, with their note). */
  notices: string[];
  /** Whom it may be transferred to: the other operators, and the teams. */
  colleagues: OperatorPresence[];
  teams: Team[];
  /** An editor or above: the trace's LLM calls, tokens and cost are loaded when it is opened. */
  canTrace: boolean;
  onClaimed(mine: boolean): void;
  onItem(item: InboxItem): void;
  /** The conversation was read: its unread count is nothing now. */
  onRead(): void;
  onUnauthorized(): void;
}) {
  const { api, item, mine } = props;
  const [detail, setDetail] = useState<ConversationDetail>();
  const [text, setText] = useState('');
  const [writing, setWriting] = useState<Writing>('reply');
  const [transferring, setTransferring] = useState(false);
  const [confirmingClose, setConfirmingClose] = useState(false);
  /** The trace is open: only then are its LLM calls loaded (for editors). */
  const [traceOpen, setTraceOpen] = useState(false);
  const load = useApiCall(props.onUnauthorized);
  const act = useApiCall(props.onUnauthorized);
  // Replies have a call of their own: Enter pressed while an accept is still on its way is sent,
  // not dropped because the accept keeps the other buttons busy.
  const reply = useApiCall(props.onUnauthorized);
  const note = useApiCall(props.onUnauthorized);
  const lastTyping = useRef(0);
  const end = useRef<HTMLDivElement>(null);
  const closeButton = useRef<HTMLButtonElement>(null);

  const read = async () => {
    setDetail(await api.conversation(item.conversation_id));
    props.onRead();
  };
  useEffect(() => {
    void load.run(read);
  }, [api, item.conversation_id, props.changed]);
  useEffect(() => end.current?.scrollIntoView({ block: 'end' }), [detail?.messages.length, detail?.notes.length]);

  const perform = (action: 'claim' | 'accept' | 'release' | 'close') =>
    act.run(async () => {
      const { item: changed } = await api.act(item.escalation_id, action);
      props.onItem(changed);
      props.onClaimed(action === 'claim' || action === 'accept');
    });
  const onText = (value: string) => {
    setText(value);
    if (mine && value && Date.now() - lastTyping.current > TYPING_EVERY_MS) {
      lastTyping.current = Date.now();
      void api.act(item.escalation_id, 'typing').catch(() => undefined);
    }
  };
  const send = (event: Event) => {
    event.preventDefault();
    const content = text.trim();
    // The box keeps the reply until it is sent: a second Enter meanwhile would send it twice.
    if (!content || reply.busy) return;
    void reply.run(async () => {
      await api.reply(item.escalation_id, content);
      setText('');
      lastTyping.current = 0;
      await read();
    });
  };
  const addNote = (content: string) =>
    note.run(async () => {
      await api.note(item.escalation_id, content);
      await read();
    });
  const open = item.state === 'waiting' || item.state === 'claimed';
  const mayAnswer = item.state === 'claimed' && mine;

  return (
    <div class="conversation">
      <div class="heading">
        <h2>
          {item.visitor.name ?? t('inbox.anonymous')} <span class="muted">· {item.reason}</span>
        </h2>
        {item.state === 'waiting' && (
          <button type="button" class="primary" disabled={act.busy} onClick={() => void perform('claim')}>
            {t('conversation.claim')}
          </button>
        )}
        {item.state === 'assigned' && mine && (
          <>
            {item.accept_by && <OfferCountdown acceptBy={item.accept_by} />}
            <button type="button" class="primary" disabled={act.busy} onClick={() => void perform('accept')}>
              {t('conversation.accept')}
            </button>
          </>
        )}
        {item.state === 'claimed' && mine && (
          <button type="button" disabled={act.busy} onClick={() => setTransferring(true)}>
            {t('conversation.transfer')}
          </button>
        )}
        {open && (item.state === 'waiting' || mine) && (
          <>
            <button type="button" disabled={act.busy} onClick={() => void perform('release')}>
              {t('conversation.release')}
            </button>
            <button ref={closeButton} type="button" class="danger" disabled={act.busy || confirmingClose} onClick={() => setConfirmingClose(true)}>
              {t('conversation.close')}
            </button>
          </>
        )}
      </div>
      {confirmingClose && open && (
        <div class="confirm-close" role="alertdialog" aria-labelledby="confirm-close-text">
          <p id="confirm-close-text">{t('conversation.confirmClose')}</p>
          <button
            type="button"
            class="danger"
            disabled={act.busy}
            onClick={() => void perform('close').then(() => setConfirmingClose(false))}
            // The choice is what the operator came here for: it takes the focus.
            ref={(button) => button?.focus()}
          >
            {t('conversation.confirmCloseButton')}
          </button>
          <button
            type="button"
            onClick={() => {
              setConfirmingClose(false);
              closeButton.current?.focus();
            }}
          >
            {t('conversation.keepOpen')}
          </button>
        </div>
      )}
      <p class="muted">
        {item.agent} · {t('conversation.waitingSince', { when: when(item.waiting_since) })} ·{' '}
        <span class="state">
          {item.state === 'claimed' || item.state === 'assigned'
            ? t(
                item.state === 'claimed'
                  ? mine
                    ? 'conversation.claimedByYou'
                    : 'conversation.claimedBy'
                  : mine
                    ? 'conversation.offeredToYou'
                    : 'conversation.offeredTo',
                { name: item.operator?.name ?? t('conversation.someone') },
              )
            : item.state}
        </span>
        {item.team && <> · {t('inbox.teamTag', { team: item.team.name })}</>}
      </p>
      {item.offline && <p class="notice offline-note">{t('conversation.offline')}</p>}
      {props.notices.length > 0 && (
        <ul class="operator-notices" aria-label={t('conversation.forOperators')}>
          {props.notices.map((notice, index) => (
            <li key={`${index}:${notice}`} class="notice">
              {notice}
            </li>
          ))}
        </ul>
      )}
      <Problem error={load.error ?? act.error ?? reply.error ?? note.error} />
      <div class="conversation-layout">
        <div class="conversation-main">
          {detail && (
            // biome-ignore lint/a11y/noNoninteractiveTabindex: on a phone the history scrolls on its own, and a scrolling region must be reachable from the keyboard
            <div role="log" aria-live="polite" aria-label={t('conversation.history')} class="history" tabIndex={0}>
              <ConversationBubbles api={api} conversationId={item.conversation_id} detail={detail} />
              {props.visitorTyping && <p class="muted typing">{t('conversation.visitorTyping')}</p>}
              {detail.rating && (
                <p class="rating">
                  {t('conversation.rated', { score: detail.rating.score })}
                  {detail.rating.comment && (
                    <>
                      {' '}
                      <q class="muted">{detail.rating.comment}</q>
                    </>
                  )}
                </p>
              )}
              {detail.sentiment && (
                <p class="muted" data-sentiment={detail.sentiment.label}>
                  {t('conversation.sentiment', {
                    label: t(`analytics.${detail.sentiment.label}`),
                    score: t.number(detail.sentiment.score, { maximumFractionDigits: 2, signDisplay: 'exceptZero' }),
                    method: t(detail.sentiment.method === 'llm' ? 'conversation.llm' : 'conversation.local'),
                  })}
                </p>
              )}
              <div ref={end} />
            </div>
          )}
          <fieldset class="compose-as">
            <legend class="sr-only">{t('conversation.composeAs')}</legend>
            <button type="button" aria-pressed={writing === 'reply'} onClick={() => setWriting('reply')}>
              {t('conversation.reply')}
            </button>
            <button type="button" aria-pressed={writing === 'note'} onClick={() => setWriting('note')}>
              {t('conversation.privateNote')}
            </button>
          </fieldset>
          {writing === 'note' && <NoteComposer busy={note.busy} onNote={addNote} />}
          {writing === 'reply' && mayAnswer && (
            <>
              <CannedReplyPicker api={api} item={item} detail={detail} text={text} onText={onText}>
                <Composer id="operator-reply" text={text} onText={onText} onSubmit={send} busy={reply.busy} buttonClass="primary" />
              </CannedReplyPicker>
              <p class="muted small">{t('conversation.markdownHint')}</p>
            </>
          )}
          {writing === 'reply' && item.state === 'waiting' && <p class="notice">{t('conversation.claimToAnswer')}</p>}
          {writing === 'reply' && item.state === 'assigned' && !mine && (
            <p class="notice">{t('conversation.offeredElsewhere', { name: item.operator?.name ?? t('conversation.anotherOperator') })}</p>
          )}
          {writing === 'reply' && item.state === 'claimed' && !mine && (
            <p class="notice">{t('conversation.answeredBy', { name: item.operator?.name ?? t('conversation.anotherOperator') })}</p>
          )}
          {detail && (
            <details class="trace-details" onToggle={(event) => setTraceOpen((event.currentTarget as HTMLDetailsElement).open)}>
              <summary>{t('conversation.trace')}</summary>
              <p>
                {t('conversation.nowAt')} <strong>{detail.node_name ? `${detail.node_name} (${detail.node_id})` : detail.node_id}</strong>
              </p>
              <ol class="transitions">
                {detail.turns.map((turn) => (
                  <li key={turn.turn_number}>
                    {t('conversation.turn', { turn: turn.turn_number })}{' '}
                    {turn.transitions.map((step) => `${step.from_node_name ?? step.from_node} → ${step.to_node_name ?? step.to_node}`).join(', ') ||
                      t('conversation.noTransition')}
                    {Object.entries(turn.extracted_variables).map(([name, value]) => (
                      <code key={name}>
                        {name} = {value}
                      </code>
                    ))}
                  </li>
                ))}
              </ol>
              {props.canTrace && traceOpen && <TraceSection api={api} conversationId={item.conversation_id} onUnauthorized={props.onUnauthorized} />}
            </details>
          )}
        </div>
        <VisitorPanel api={api} item={item} detail={detail} onLabels={(labels) => props.onItem({ ...item, labels })} onUnauthorized={props.onUnauthorized} />
      </div>
      {transferring && (
        <TransferDialog
          api={api}
          item={item}
          colleagues={props.colleagues}
          teams={props.teams}
          onCancel={() => setTransferring(false)}
          onTransferred={(changed) => {
            setTransferring(false);
            props.onItem(changed);
            props.onClaimed(false);
          }}
          onUnauthorized={props.onUnauthorized}
        />
      )}
    </div>
  );
}
