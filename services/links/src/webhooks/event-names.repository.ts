import type { DB } from '@parley/db';
import type { Kysely } from 'kysely';
import type { EventNames } from './webhook-events.js';

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Names for readable webhook messages, from this service's own agents and links. */
export class EventNamesRepository implements EventNames {
  constructor(private readonly db: Kysely<DB>) {}

  async agentName(agentId: string): Promise<string | null> {
    if (!uuidPattern.test(agentId)) return null;
    const agent = await this.db.selectFrom('agents').select('name').where('id', '=', agentId).executeTakeFirst();
    return agent?.name ?? null;
  }

  /** Deleted links too: an alert or expiry may be told after the link went. */
  async link(linkId: string) {
    const link = await this.db
      .selectFrom('public_links as l')
      .innerJoin('agents as a', 'a.id', 'l.agent_id')
      .select(['l.title', 'l.agent_id', 'a.name'])
      .where('l.id', '=', linkId)
      .executeTakeFirst();
    return link ? { title: link.title, agentId: link.agent_id, agentName: link.name } : null;
  }
}
