import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { claimsStore } from './claims.store';
import type { InboxItem, ManagementApi } from './console-api';
import { ConversationPane } from './conversation-pane';
import { type FeedEvent, type FeedState, followInbox } from './inbox-feed';
import { Problem } from './problem';
import { BASE, navigate } from './router';
import { useApiCall } from './use-api';
import { waitedFor } from './waiting-time';
import { t } from './words';

type Filter = 'open' | 'waiting' | 'claimed' | 'all';
const FEED_LABEL: Record<FeedState, string> = { connecting: t('inbox.connecting'), live: t('inbox.live'), reconnecting: t('inbox.reconnecting') };
/** A visitor's typing shows this long after their last keystroke was reported. */
const TYPING_MS = 5_000;

/**
 * The operators' inbox: escalated conversations per agent, oldest first, with how long each has
 * waited; new ones and new messages appear live. Picking one opens it beside the list.
 */
export function InboxPage({ api, escalationId, onUnauthorized }: { api: ManagementApi; escalationId: string | undefined; onUnauthorized(): void }) {
  const [items, setItems] = useState<Map<string, InboxItem>>(new Map());
  const [filter, setFilter] = useState<Filter>('open');
  const [feed, setFeed] = useState<FeedState>('connecting');
  const [agentNames, setAgentNames] = useState<Map<string, string>>(new Map());
  const [claims, setClaims] = useState<Set<string>>(() => claimsStore.load());
  const [now, setNow] = useState(Date.now());
  const [typingAt, setTypingAt] = useState<Record<string, number>>({});
  const [changed, setChanged] = useState(0);
  const list = useApiCall(onUnauthorized);
  const names = useRef(agentNames);
  names.current = agentNames;

  const load = () =>
    list.run(async () => {
      const [{ items: listed }, { agents }] = await Promise.all([api.inbox(filter), api.agents()]);
      setAgentNames(new Map(agents.map((agent) => [agent.id, agent.name])));
      setItems(new Map(listed.map((item) => [item.escalation_id, item])));
    });

  useEffect(() => {
    void load();
  }, [api, filter]);

  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 15_000);
    const following = followInbox(api, {
      onState: setFeed,
      onUnauthorized,
      onEvent: (event: FeedEvent) => {
        if (event.event === 'escalation') {
          const { agent_id, ...rest } = event.data;
          const item: InboxItem = { ...rest, agent: names.current.get(agent_id) ?? agent_id };
          setItems((current) => new Map(current).set(item.escalation_id, item));
          setChanged((n) => n + 1);
        } else if (event.event === 'message') {
          const { escalation_id, content, created_at, role } = event.data;
          // A message sent ends the typing that led to it.
          if (role === 'user') setTypingAt(({ [escalation_id]: _sent, ...others }) => others);
          setItems((current) => {
            const item = current.get(escalation_id);
            return item ? new Map(current).set(escalation_id, { ...item, last_message: content, last_message_at: created_at }) : current;
          });
          setChanged((n) => n + 1);
        } else if (event.event === 'status') {
          const { escalation_id } = event.data;
          setTypingAt((current) => ({ ...current, [escalation_id]: Date.now() }));
          setTimeout(() => setNow(Date.now()), TYPING_MS + 50);
        }
      },
    });
    return () => {
      clearInterval(timer);
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

  const visible = useMemo(() => {
    const wanted = (item: InboxItem) =>
      filter === 'all' || (filter === 'open' ? item.state === 'waiting' || item.state === 'claimed' : item.state === filter);
    const byAgent = new Map<string, InboxItem[]>();
    for (const item of [...items.values()].filter(wanted).sort((a, b) => a.waiting_since.localeCompare(b.waiting_since))) {
      byAgent.set(item.agent, [...(byAgent.get(item.agent) ?? []), item]);
    }
    return [...byAgent.entries()].sort(([a], [b]) => a.localeCompare(b));
  }, [items, filter]);
  const waiting = [...items.values()].filter((item) => item.state === 'waiting').length;
  useEffect(() => {
    document.title = waiting > 0 ? t('inbox.tabTitleWaiting', { count: waiting }) : t('inbox.tabTitle');
    return () => {
      document.title = t('console.title');
    };
  }, [waiting]);
  const selected = escalationId ? items.get(escalationId) : undefined;

  return (
    <div class="columns inbox">
      <section aria-labelledby="inbox-title">
        <div class="heading">
          <h1 id="inbox-title">{t('section.inbox')}</h1>
          <span class={`badge ${feed === 'live' ? 'ok' : 'off'}`} role="status">
            {FEED_LABEL[feed]}
          </span>
        </div>
        <label class="inline-field">
          {t('inbox.show')}{' '}
          <select value={filter} onChange={(e) => setFilter((e.target as HTMLSelectElement).value as Filter)}>
            <option value="open">{t('inbox.open')}</option>
            <option value="waiting">{t('inbox.waiting')}</option>
            <option value="claimed">{t('inbox.claimed')}</option>
            <option value="all">{t('inbox.all')}</option>
          </select>
        </label>
        <Problem error={list.error} />
        {visible.length === 0 && <p class="muted">{t('inbox.nobodyWaiting')}</p>}
        {visible.map(([agent, queue]) => (
          <section key={agent} class="queue" aria-label={t('inbox.queueOf', { agent })}>
            <h2>
              {agent} <span class="muted">({t.number(queue.length)})</span>
            </h2>
            <ul class="inbox-list">
              {queue.map((item) => (
                <li key={item.escalation_id}>
                  <a
                    href={`${BASE}/inbox/${encodeURIComponent(item.escalation_id)}`}
                    aria-current={item.escalation_id === escalationId ? 'true' : undefined}
                    data-escalation-id={item.escalation_id}
                    onClick={(event) => {
                      event.preventDefault();
                      navigate(`${BASE}/inbox/${encodeURIComponent(item.escalation_id)}`);
                    }}
                  >
                    <span class="inbox-top">
                      <span class={`badge ${item.state === 'waiting' ? 'warn' : item.state === 'claimed' ? 'ok' : 'off'}`}>
                        {item.state === 'waiting' && item.position !== null ? t('inbox.place', { position: item.position }) : item.state}
                      </span>
                      <span class="muted">{item.state === 'waiting' ? t('inbox.waited', { time: waitedFor(item.waiting_since, now) }) : item.operator ? item.operator.name : ''}</span>
                    </span>
                    <strong>{item.reason}</strong>
                    <span class="muted last">{typingAt[item.escalation_id] && now - (typingAt[item.escalation_id] ?? 0) < TYPING_MS ? t('inbox.typing') : (item.last_message ?? '')}</span>
                  </a>
                </li>
              ))}
            </ul>
          </section>
        ))}
      </section>
      <section aria-label={t('inbox.conversation')} class="pane">
        {selected ? (
          <ConversationPane
            key={selected.escalation_id}
            api={api}
            item={selected}
            mine={claims.has(selected.escalation_id)}
            changed={changed}
            visitorTyping={now - (typingAt[selected.escalation_id] ?? 0) < TYPING_MS}
            onClaimed={(mine) => claimed(selected.escalation_id, mine)}
            onItem={(item) => setItems((current) => new Map(current).set(item.escalation_id, item))}
            onUnauthorized={onUnauthorized}
          />
        ) : (
          <p class="muted">{t('inbox.choose')}</p>
        )}
      </section>
    </div>
  );
}
