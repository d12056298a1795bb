import { randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { DB } from '@parley/db';

const HOUR_MS = 3_600_000;
const COUNTRIES = ['US', 'GB', 'DE', 'FR', 'JP', 'BR', 'IN', 'CA', 'AU', 'NL', 'ES', 'IT', 'SE', 'PL', 'MX', 'KR', 'CH', 'AT', 'BE', 'IE'];

export interface SeededLink {
  tenantId: string;
  agentId: string;
  linkId: string;
  /** The window the rows cover: [from, to). */
  from: Date;
  to: Date;
  messages: number;
  sessions: number;
}

/**
 * Rollup rows as the consumer would leave them for a link that stored `messages` messages over
 * `days` days, written straight into the tables (the query-latency figure: a million messages'
 * worth of events through the consumer would take minutes and measure the consumer, not the query).
 * Every hour gets its share; one session per 10 messages, one visitor row per session.
 */
export async function seedRollups(db: Kysely<DB>, link: Omit<SeededLink, 'from' | 'to' | 'sessions'>, days: number): Promise<SeededLink> {
  const to = new Date(Math.floor(Date.now() / HOUR_MS) * HOUR_MS);
  const hours = days * 24;
  const from = new Date(to.getTime() - hours * HOUR_MS);
  const sessions = Math.floor(link.messages / 10);
  const rows = [];
  let messagesLeft = link.messages;
  let sessionsLeft = sessions;
  for (let i = 0; i < hours; i++) {
    const messages = i === hours - 1 ? messagesLeft : Math.floor(link.messages / hours);
    const started = i === hours - 1 ? sessionsLeft : Math.floor(sessions / hours);
    messagesLeft -= messages;
    sessionsLeft -= started;
    const user = Math.floor(messages / 2);
    rows.push({
      tenant_id: link.tenantId,
      agent_id: link.agentId,
      link_id: link.linkId,
      hour: new Date(from.getTime() + i * HOUR_MS),
      sessions_started: started,
      sessions_completed: Math.floor(started * 0.6),
      sessions_abandoned: Math.floor(started * 0.3),
      sessions_expired: started - Math.floor(started * 0.6) - Math.floor(started * 0.3),
      sessions_escalated: Math.floor(started * 0.05),
      messages_user: user,
      messages_assistant: messages - user,
      messages_operator: 0,
      refused_rate_limited: i % 7,
      refused_forbidden_origin: i % 3,
      response_hist: [0, 0, 0, 1, 3, 8, Math.max(0, user - 20), 5, 2, 1],
      session_hist: [0, 1, 2, 3, 4, Math.max(0, started - 10)],
    });
  }
  for (let i = 0; i < rows.length; i += 1_000)
    await db
      .insertInto('analytics_hourly')
      .values(rows.slice(i, i + 1_000))
      .execute();

  // One visitor a session (hashes as the gateway makes them), countries per day.
  const perDay = Math.ceil(sessions / days);
  for (let d = 0; d < days; d++) {
    const day = new Date(from.getTime() + d * 24 * HOUR_MS).toISOString().slice(0, 10);
    const visitors = Array.from({ length: Math.min(perDay, sessions - d * perDay) }, (_, i) => ({
      agent_id: link.agentId,
      link_id: link.linkId,
      day,
      visitor_hash: randomBytes(16).toString('hex'),
      verified: i % 4 === 0,
    }));
    for (let i = 0; i < visitors.length; i += 2_000) {
      await db
        .insertInto('analytics_visitors')
        .values(visitors.slice(i, i + 2_000))
        .onConflict((oc) => oc.doNothing())
        .execute();
    }
    await db
      .insertInto('analytics_countries')
      .values(
        COUNTRIES.map((country, i) => ({ agent_id: link.agentId, link_id: link.linkId, day, country, sessions: Math.max(1, Math.floor(perDay / (i + 2))) })),
      )
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
  await sql`ANALYZE analytics_hourly, analytics_visitors, analytics_countries`.execute(db);
  return { ...link, from, to, sessions };
}
