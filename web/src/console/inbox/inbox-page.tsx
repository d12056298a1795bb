import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { ConversationSummary, InboxItem, InboxState, ManagementApi, Me, OperatorPresence, PresenceStatus, Team } from '../api/management-api';
import { useApiCall } from '../api/use-api-call';
import { BASE, navigate } from '../shell/router';
import { Problem } from '../ui/problem';
import { claimsStore } from './claims.store';
import { ConversationPane } from './conversation-pane';
import { type SearchTerms, SearchForm, SearchResults } from './conversation-search';
import { InboxEntry, TYPING_MS } from './inbox-entry';
import { type FeedEvent, type FeedState, followInbox } from './inbox-feed';
import { toldItem } from './inbox-items';
import { OfferCountdown } from './offer-countdown';
import { OperatorsList, PresenceToggle } from './operators-panel';
import { t } from './inbox-words';
import { operatorNotices } from './transfer-notice';

/** The visitor's last message as the list previews it, as the platform cuts it: one line, 140 characters. */
function previewOf(content: string): string {
  const flat = [...content.replace(/\s+/g, ' ').trim()];
  return flat.length <= 140 ? flat.join('') : `${flat.slice(0, 139).join('').trimEnd()}…`;
}

const FEED_LABEL: Record<FeedState, string> = { connecting: t('inbox.connecting'), live: t('inbox.live'), reconnecting: t('inbox.reconnecting') };
const FILTERS: { state: InboxState; label: string }[] = [
  { state: 'open', label: t('inbox.open') },
  { state: 'mine', label: t('inbox.mine') },
  { state: 'waiting', label: t('inbox.waiting') },
  { state: 'assigned', label: t('inbox.assigned') },
  { state: 'claimed', label: t('inbox.claimed') },
  { state: 'all', label: t('inbox.all') },
];
/** How long after an escalation changes the operators' open counts are read again (one read for a burst). */
const RECOUNT_AFTER_MS = 400;
/** The team filter: every team's, the tenant's own queue (`none`), or one team's id. */
const EVERY_TEAM = '';

/** No search: the inbox's queues are shown. */
const NO_SEARCH: SearchTerms = { q: '', label: '' };

/**
 * The operators' inbox: escalated conversations per agent, oldest first, each with who the visitor
 * is, their last message, how many of their messages are unread and how long it has waited; new
 * ones, new messages, notes and the operators' presence appear live. What is offered to the
 * signed-in member comes first, to accept before it moves on. A search finds conversations by the
 * words of their messages and a label. Picking one opens it beside the list.
 */
export function InboxPage({
  api,
  me,
  escalationId,
  canTrace,
  onUnauthorized,
}: {
  api: ManagementApi;
  me: Me;
  escalationId: string | undefined;
  /** An editor or above: the conversation's LLM calls and their cost are shown with its trace. */
  canTrace: boolean;
  onUnauthorized(): void;
}) {
  const ownMemberId = me.actor.kind === 'member' ? (me.actor.id ?? undefined) : undefined;
  const [items, setItems] = useState<Map<string, InboxItem>>(new Map());
  const [filter, setFilter] = useState<InboxState>('open');
  const [team, setTeam] = useState(EVERY_TEAM);
  const [feed, setFeed] = useState<FeedState>('connecting');
  const [agentNames, setAgentNames] = useState<Map<string, string>>(new Map());
  const [claims, setClaims] = useState<Set<string>>(() => claimsStore.load());
  const [operators, setOperators] = useState<Map<string, OperatorPresence>>(new Map());
  const [teams, setTeams] = useState<Team[]>([]);
  const [now, setNow] = useState(Date.now());
  const [typingAt, setTypingAt] = useState<Record<string, number>>({});
  /** The platform's notices for operators, as they came live (a transfer and its note): shown with the conversation, after the transfers its item keeps. */
  const [notices, setNotices] = useState<Record<string, string[]>>({});
  const [changed, setChanged] = useState(0);
  const [terms, setTerms] = useState<SearchTerms>(NO_SEARCH);
  const [found, setFound] = useState<{ conversations: ConversationSummary[]; nextCursor: string | null }>({ conversations: [], nextCursor: null });
  const list = useApiCall(onUnauthorized);
  const search = useApiCall(onUnauthorized);
  const roster = useApiCall(onUnauthorized);
  const presence = useApiCall(onUnauthorized);
  const accept = useApiCall(onUnauthorized);
  const names = useRef(agentNames);
  names.current = agentNames;
  /**
   * Up to when each conversation's messages are counted (its latest message as the list had it,
   * then each one counted live): a stream (re)opened replays what the log still keeps, which must
   * not count twice.
   */
  const counted = useRef(new Map<string, string>());
  /** The conversation open beside the list: its visitor's messages are read as they come. */
  const open = useRef(escalationId);
  open.current = escalationId;

  /** Mine: assigned to or claimed by me as a member, or (signed in with a key, which no item names) claimed in this tab. */
  const isMine = (item: InboxItem) => (item.operator_member_id !== null ? item.operator_member_id === ownMemberId : claims.has(item.escalation_id));

  const load = () =>
    list.run(async () => {
      const [{ items: listed }, { agents }] = await Promise.all([api.inbox(filter, team || undefined), api.agents()]);
      setAgentNames(new Map(agents.map((agent) => [agent.id, agent.name])));
      for (const item of listed) if (item.last_message_at) counted.current.set(item.escalation_id, item.last_message_at);
      setItems(new Map(listed.map((item) => [item.escalation_id, item])));
    });
  useEffect(() => {
    void load();
  }, [api, filter, team]);
  useEffect(() => {
    if (terms.q === '' && terms.label === '') return;
    void search.run(async () => {
      const page = await api.searchConversations({ ...(terms.q ? { q: terms.q } : {}), ...(terms.label ? { label: terms.label } : {}) });
      setFound({ conversations: page.conversations, nextCursor: page.next_cursor });
    });
  }, [api, terms]);
  useEffect(() => {
    void roster.run(async () => {
      const [{ operators: listed }, { teams: known }] = await Promise.all([api.presence(), api.teams()]);
      setOperators(new Map(listed.map((operator) => [operator.member_id, operator])));
      setTeams(known);
    });
  }, [api]);
  /**
   * Each operator's open count moves with the escalations (offered, accepted, transferred,
   * closed), and presence events may arrive out of order: the list is read again shortly after a
   * burst of either.
   */
  const recount = useRef<ReturnType<typeof setTimeout>>(undefined);
  const recountSoon = () => {
    clearTimeout(recount.current);
    recount.current = setTimeout(() => {
      api.presence().then(
        ({ operators: listed }) => setOperators(new Map(listed.map((operator) => [operator.member_id, operator]))),
        () => undefined,
      );
    }, RECOUNT_AFTER_MS);
  };

  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 15_000);
    const following = followInbox(api, {
      onState: (state) => {
        setFeed(state);
        // Once this stream counts its member online, the list says so too (and whatever changed while it was down).
        if (state === 'live') recountSoon();
      },
      onUnauthorized,
      onEvent: (event: FeedEvent) => {
        if (event.event === 'escalation') {
          const { agent_id, ...rest } = event.data;
          // A live item is everyone's: its unread count is this operator's, as the list had it.
          setItems((current) => {
            const item = toldItem(current.get(rest.escalation_id), { ...rest, agent: names.current.get(agent_id) ?? agent_id });
            return new Map(current).set(item.escalation_id, item);
          });
          setChanged((n) => n + 1);
          recountSoon();
        } else if (event.event === 'message') {
          const { escalation_id, content, created_at, role } = event.data;
          // A message sent ends the typing that led to it.
          if (role === 'user') setTypingAt(({ [escalation_id]: _sent, ...others }) => others);
          if (role === 'system') setNotices((current) => ({ ...current, [escalation_id]: [...(current[escalation_id] ?? []), content] }));
          setItems((current) => {
            const item = current.get(escalation_id);
            const until = counted.current.get(escalation_id);
            if (!item || (until !== undefined && created_at <= until)) return current;
            counted.current.set(escalation_id, created_at);
            const said = role === 'user' ? { preview: previewOf(content), unread: escalation_id === open.current ? 0 : (item.unread ?? 0) + 1 } : {};
            return new Map(current).set(escalation_id, { ...item, ...said, last_message: content, last_message_at: created_at });
          });
          setChanged((n) => n + 1);
        } else if (event.event === 'note') {
          // The open conversation shows it: read again.
          if (event.data.escalation_id === open.current) setChanged((n) => n + 1);
        } else if (event.event === 'status') {
          const { escalation_id } = event.data;
          setTypingAt((current) => ({ ...current, [escalation_id]: Date.now() }));
          setTimeout(() => setNow(Date.now()), TYPING_MS + 50);
        } else if (event.event === 'presence') {
          const { member_id, name, status, open } = event.data;
          setOperators((current) => new Map(current).set(member_id, { member_id, name, status, open, teams: current.get(member_id)?.teams ?? [] }));
          // Two changes close together (a stream closed as another opened) may be told out of order: the list read after them settles it.
          recountSoon();
        }
      },
    });
    return () => {
      clearInterval(timer);
      clearTimeout(recount.current);
      following.close();
    };
  }, [api]);

  const claimed = (id: string, mine: boolean) => {
    const next = new Set(claims);
    if (mine) next.add(id);
    else next.delete(id);
    claimsStore.save(next);
    setClaims(next);
  };
  const onItem = (item: InboxItem) => setItems((current) => new Map(current).set(item.escalation_id, item));
  /** The open conversation was read: nothing of it is unread to this operator. */
  const onRead = (id: string) =>
    setItems((current) => {
      const item = current.get(id);
      return item && item.unread !== 0 ? new Map(current).set(id, { ...item, unread: 0 }) : current;
    });
  const searching = terms.q !== '' || terms.label !== '';
  const knownLabels = useMemo(
    () => [...new Set([...items.values()].flatMap((item) => item.labels).concat(found.conversations.flatMap((c) => c.labels)))].sort(),
    [items, found],
  );
  const acceptOffer = (item: InboxItem) =>
    accept.run(async () => {
      onItem((await api.act(item.escalation_id, 'accept')).item);
      claimed(item.escalation_id, true);
      navigate(`${BASE}/inbox/${encodeURIComponent(item.escalation_id)}`);
    });
  const setOwnStatus = (status: PresenceStatus) =>
    presence.run(async () => {
      await api.setPresence(status);
      const own = ownMemberId ? operators.get(ownMemberId) : undefined;
      if (own) setOperators((current) => new Map(current).set(own.member_id, { ...own, status }));
    });

  const inTeam = (item: InboxItem) => team === EVERY_TEAM || (team === 'none' ? item.team === null : item.team?.id === team);
  const offered = useMemo(
    () =>
      [...items.values()]
        .filter((item) => item.state === 'assigned' && ownMemberId !== undefined && item.operator_member_id === ownMemberId)
        .sort((a, b) => (a.assigned_at ?? '').localeCompare(b.assigned_at ?? '')),
    [items, ownMemberId],
  );
  const visible = useMemo(() => {
    const wanted = (item: InboxItem) => {
      if (filter === 'all') return true;
      if (filter === 'open') return item.state === 'waiting' || item.state === 'assigned' || item.state === 'claimed';
      if (filter === 'mine') return (item.state === 'assigned' || item.state === 'claimed') && isMine(item);
      return item.state === filter;
    };
    const byAgent = new Map<string, InboxItem[]>();
    for (const item of [...items.values()]
      .filter((item) => wanted(item) && inTeam(item) && !offered.includes(item))
      .sort((a, b) => a.waiting_since.localeCompare(b.waiting_since))) {
      byAgent.set(item.agent, [...(byAgent.get(item.agent) ?? []), item]);
    }
    return [...byAgent.entries()].sort(([a], [b]) => a.localeCompare(b));
  }, [items, filter, team, claims, offered]);
  const waiting = [...items.values()].filter((item) => item.state === 'waiting').length + offered.length;
  useEffect(() => {
    document.title = waiting > 0 ? t('inbox.tabTitleWaiting', { count: waiting }) : t('inbox.tabTitle');
    return () => {
      document.title = t('console.title');
    };
  }, [waiting]);
  const selected = escalationId ? items.get(escalationId) : undefined;
  const ownStatus = ownMemberId && operators.get(ownMemberId)?.status === 'away' ? 'away' : 'online';
  const shownOperators = [...operators.values()].filter((operator) => team === EVERY_TEAM || team === 'none' || operator.teams.includes(team));

  return (
    <div class="columns inbox">
      <section aria-labelledby="inbox-title">
        <div class="heading">
          <h1 id="inbox-title">{t('section.inbox')}</h1>
          <span class={`badge ${feed === 'live' ? 'ok' : 'off'}`} role="status">
            {FEED_LABEL[feed]}
          </span>
          {ownMemberId && <PresenceToggle status={ownStatus} busy={presence.busy} onChange={(status) => void setOwnStatus(status)} />}
        </div>
        <div class="inbox-filters">
          <label class="inline-field">
            {t('inbox.show')}{' '}
            <select value={filter} onChange={(e) => setFilter((e.target as HTMLSelectElement).value as InboxState)}>
              {FILTERS.map((option) => (
                <option key={option.state} value={option.state}>
                  {option.label}
                </option>
              ))}
            </select>
          </label>
          {teams.length > 0 && (
            <label class="inline-field">
              {t('inbox.team')}{' '}
              <select value={team} onChange={(e) => setTeam((e.target as HTMLSelectElement).value)}>
                <option value={EVERY_TEAM}>{t('inbox.everyTeam')}</option>
                {teams.map((option) => (
                  <option key={option.id} value={option.id}>
                    {option.name}
                  </option>
                ))}
                <option value="none">{t('inbox.noTeam')}</option>
              </select>
            </label>
          )}
        </div>
        <SearchForm terms={terms} knownLabels={knownLabels} onSearch={setTerms} />
        <Problem error={list.error ?? roster.error ?? presence.error ?? accept.error ?? search.error} />
        {searching && (
          <SearchResults
            api={api}
            terms={terms}
            found={found.conversations}
            nextCursor={found.nextCursor}
            currentEscalationId={escalationId}
            onMore={(more, nextCursor) => setFound((current) => ({ conversations: [...current.conversations, ...more], nextCursor }))}
            onOpen={() => setFilter('all')}
            onUnauthorized={onUnauthorized}
          />
        )}
        {!searching && offered.length > 0 && (
          <section class="queue offered" aria-labelledby="offered-title">
            <h2 id="offered-title">{t('inbox.offeredTitle')}</h2>
            <ul class="inbox-list">
              {offered.map((item) => (
                <li key={item.escalation_id}>
                  <InboxEntry
                    item={item}
                    mine
                    current={item.escalation_id === escalationId}
                    now={now}
                    typingAt={typingAt[item.escalation_id]}
                    notice={operatorNotices(item.transfers, notices[item.escalation_id] ?? []).at(-1)}
                  />
                  <span class="offer-actions">
                    {item.accept_by && <OfferCountdown acceptBy={item.accept_by} />}
                    <button type="button" class="primary" disabled={accept.busy} onClick={() => void acceptOffer(item)}>
                      {t('inbox.accept')}
                      <span class="sr-only"> {item.reason}</span>
                    </button>
                  </span>
                </li>
              ))}
            </ul>
          </section>
        )}
        {!searching && visible.length === 0 && offered.length === 0 && <p class="muted">{t('inbox.nobodyWaiting')}</p>}
        {(searching ? [] : visible).map(([agent, queue]) => (
          <section key={agent} class="queue" aria-label={t('inbox.queueOf', { agent })}>
            <h2>
              {agent} <span class="muted">({t.number(queue.length)})</span>
            </h2>
            <ul class="inbox-list">
              {queue.map((item) => (
                <li key={item.escalation_id}>
                  <InboxEntry item={item} mine={isMine(item)} current={item.escalation_id === escalationId} now={now} typingAt={typingAt[item.escalation_id]} />
                </li>
              ))}
            </ul>
          </section>
        ))}
        <OperatorsList operators={shownOperators} ownMemberId={ownMemberId} />
      </section>
      <section aria-label={t('inbox.conversation')} class="pane">
        {selected ? (
          <ConversationPane
            key={selected.escalation_id}
            api={api}
            item={selected}
            mine={isMine(selected)}
            changed={changed}
            visitorTyping={now - (typingAt[selected.escalation_id] ?? 0) < TYPING_MS}
            notices={operatorNotices(selected.transfers, notices[selected.escalation_id] ?? [])}
            colleagues={[...operators.values()].filter((operator) => operator.member_id !== ownMemberId)}
            teams={teams}
            canTrace={canTrace}
            onClaimed={(mine) => claimed(selected.escalation_id, mine)}
            onItem={onItem}
            onRead={() => onRead(selected.escalation_id)}
            onUnauthorized={onUnauthorized}
          />
        ) : (
          <p class="muted">{t('inbox.choose')}</p>
        )}
      </section>
    </div>
  );
}
