import { useEffect, useRef, useState } from 'preact/hooks';
import { Composer } from '../../chat/composer';
import { Sources } from '../../chat/sources/sources';
import type { ConversationDetail, InboxItem, ManagementApi, OperatorPresence, Team } from '../api/management-api';
import { useApiCall } from '../api/use-api-call';
import { CannedReplyPicker } from '../canned-replies/canned-reply-picker';
import { Problem } from '../ui/problem';
import { when } from '../ui/when';
import { t } from '../words';
import { OfferCountdown } from './offer-countdown';
import { TraceSection } from './trace-section';
import { TransferDialog } from './transfer-dialog';

/** An operator's keystrokes tell the visitor at most this often. */
const TYPING_EVERY_MS = 3_000;
const ROLE_LABEL = {
  user: t('conversation.visitor'),
  assistant: t('conversation.agent'),
  operator: t('conversation.operator'),
  system: t('conversation.notice'),
  // A call the agent made (its line says which tool and how it ended); visitors never see these.
  tool: t('conversation.tool'),
} as const;
/** What a screen reader says for the visitor's thumb on an answer. */
const THUMB_LABEL = { up: t('conversation.helpful'), down: t('conversation.unhelpful') } as const;

/** A thumb drawn as an icon (no emoji font needed), pointing down for `down`. */
function Thumb(props: { rating: 'up' | 'down' }) {
  return (
    <svg role="img" aria-label={THUMB_LABEL[props.rating]} class={`thumb ${props.rating}`} viewBox="0 0 24 24" width="16" height="16" fill="currentColor">
      <path
        transform={props.rating === 'down' ? 'rotate(180 12 12)' : undefined}
        d="M1 21h4V9H1v12zm22-11c0-1.1-.9-2-2-2h-6.31l.95-4.57.03-.32c0-.41-.17-.79-.44-1.06L14.17 1 7.59 7.59C7.22 7.95 7 8.45 7 9v10c0 1.1.9 2 2 2h9c.83 0 1.54-.5 1.84-1.22l3.02-7.05c.09-.23.14-.47.14-.73v-2z"
      />
    </svg>
  );
}

type Attachment = NonNullable<ConversationDetail['messages'][number]['attachments']>[number];

const IMAGE_TYPES = new Set(['image/png', 'image/jpeg', 'image/webp', 'image/gif']);
/** A file's size in whole kilobytes (at least one), as the person's locale writes it. */
const size = (bytes: number) => t.number(Math.max(1, Math.round(bytes / 1000)), { style: 'unit', unit: 'kilobyte', maximumFractionDigits: 0 });

/**
 * The files a visitor's message carries, fetched with the operator's own credentials (the
 * conversation's uploads route; a key cannot ride on a plain link): images as thumbnails, every
 * file as a download.
 */
function Attachments(props: { api: ManagementApi; conversationId: string; files: Attachment[] }) {
  const [urls, setUrls] = useState<Record<string, string>>({});
  const [failed, setFailed] = useState<string>();
  useEffect(() => {
    const made: string[] = [];
    let live = true;
    for (const file of props.files.filter((f) => IMAGE_TYPES.has(f.type))) {
      void props.api
        .attachment(props.conversationId, file.id)
        .then((blob) => {
          const url = URL.createObjectURL(blob);
          made.push(url);
          if (live) setUrls((known) => ({ ...known, [file.id]: url }));
        })
        .catch(() => undefined);
    }
    return () => {
      live = false;
      for (const url of made) URL.revokeObjectURL(url);
    };
  }, [props.api, props.conversationId, props.files]);
  const download = async (file: Attachment) => {
    try {
      const url = URL.createObjectURL(await props.api.attachment(props.conversationId, file.id));
      const a = document.createElement('a');
      a.href = url;
      a.download = file.name;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      setFailed(undefined);
    } catch {
      setFailed(file.name);
    }
  };
  return (
    <>
      <ul class="attachments" aria-label={t('conversation.files')}>
        {props.files.map((file) => (
          <li key={file.id}>
            {urls[file.id] && <img src={urls[file.id]} alt={file.name} width="96" height="96" />}
            <button type="button" class="link" onClick={() => void download(file)}>
              {file.name} <span class="muted">({size(file.bytes)})</span>
            </button>
          </li>
        ))}
      </ul>
      {failed && <p role="alert">{t('conversation.downloadFailed', { name: failed })}</p>}
    </>
  );
}

/**
 * One escalated conversation: its whole history (with who said what, and the visitor's thumbs and
 * score), the workflow's trace and variables, and the operator's actions – claim or accept what is
 * offered to them, answer (the visitor sees the typing), transfer to a colleague or a team, hand
 * back to the agent, close.
 */
export function ConversationPane(props: {
  api: ManagementApi;
  item: InboxItem;
  /** Offered to or claimed by the signed-in member (with a key: claimed in this tab): they may accept or answer it. */
  mine: boolean;
  /** Bumped by every live inbox event: the history is read again. */
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
  onUnauthorized(): void;
}) {
  const { api, item, mine } = props;
  const [detail, setDetail] = useState<ConversationDetail>();
  const [text, setText] = useState('');
  const [transferring, setTransferring] = useState(false);
  /** The trace is open: only then are its LLM calls loaded (for editors). */
  const [traceOpen, setTraceOpen] = useState(false);
  const load = useApiCall(props.onUnauthorized);
  const act = useApiCall(props.onUnauthorized);
  // Replies have a call of their own: Enter pressed while an accept is still on its way is sent,
  // not dropped because the accept keeps the other buttons busy.
  const reply = useApiCall(props.onUnauthorized);
  const lastTyping = useRef(0);
  const end = useRef<HTMLDivElement>(null);

  useEffect(() => {
    void load.run(async () => setDetail(await api.conversation(item.conversation_id)));
  }, [api, item.conversation_id, props.changed]);
  useEffect(() => end.current?.scrollIntoView({ block: 'end' }), [detail?.messages.length]);

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
      setDetail(await api.conversation(item.conversation_id));
    });
  };
  const open = item.state === 'waiting' || item.state === 'claimed';

  return (
    <div class="conversation">
      <div class="heading">
        <h2>
          {item.reason} <span class="muted">· {item.agent}</span>
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
            <button type="button" class="danger" disabled={act.busy} onClick={() => void perform('close')}>
              {t('conversation.close')}
            </button>
          </>
        )}
      </div>
      <p class="muted">
        {item.channel === 'link' ? t('conversation.viaLink') : t('conversation.viaApi')} · {t('conversation.waitingSince', { when: when(item.waiting_since) })}{' '}
        ·{' '}
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
      <Problem error={load.error ?? act.error ?? reply.error} />
      {detail && (
        <>
          {/* biome-ignore lint/a11y/noNoninteractiveTabindex: on a phone the history scrolls on its own, and a scrolling region must be reachable from the keyboard */}
          <div role="log" aria-live="polite" aria-label={t('conversation.history')} class="history" tabIndex={0}>
            <ol>
              {detail.messages.map((m) => (
                <li key={m.id} class={`line ${m.role}`}>
                  <span class="who">{m.role === 'operator' && m.operator_name ? m.operator_name : ROLE_LABEL[m.role]}</span>
                  <span class="said">
                    {m.content}
                    {m.attachments && m.attachments.length > 0 && <Attachments api={api} conversationId={item.conversation_id} files={m.attachments} />}
                    {m.role === 'assistant' && m.citations && <Sources messageId={m.id} citations={m.citations} />}
                    {m.feedback && (
                      <span class="feedback">
                        {' '}
                        <Thumb rating={m.feedback.rating} />
                        {m.feedback.comment && (
                          <>
                            {' '}
                            <q class="muted">{m.feedback.comment}</q>
                          </>
                        )}
                      </span>
                    )}
                  </span>
                  <span class="muted when">{when(m.created_at)}</span>
                </li>
              ))}
            </ol>
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
            <dl class="vars">
              {Object.entries(detail.collected_data).map(([name, value]) => (
                <div key={name}>
                  <dt>{name}</dt>
                  <dd>{value}</dd>
                </div>
              ))}
            </dl>
          </details>
        </>
      )}
      {item.state === 'claimed' && mine && (
        <CannedReplyPicker api={api} item={item} detail={detail} text={text} onText={onText}>
          <Composer id="operator-reply" text={text} onText={onText} onSubmit={send} busy={reply.busy} buttonClass="primary" />
        </CannedReplyPicker>
      )}
      {item.state === 'waiting' && <p class="notice">{t('conversation.claimToAnswer')}</p>}
      {item.state === 'assigned' && !mine && (
        <p class="notice">{t('conversation.offeredElsewhere', { name: item.operator?.name ?? t('conversation.anotherOperator') })}</p>
      )}
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
      {item.state === 'claimed' && !mine && (
        <p class="notice">{t('conversation.answeredBy', { name: item.operator?.name ?? t('conversation.anotherOperator') })}</p>
      )}
    </div>
  );
}
