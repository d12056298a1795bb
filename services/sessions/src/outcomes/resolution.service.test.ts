import type { ConversationResolution } from '@parley/db';
import { describe, expect, it } from 'vitest';
import { announcedWorld, testLogger } from '../store/announcer.test-kit.js';
import type { ResolutionRepository, ResolutionRow } from './resolution.repository.js';
import { ResolutionService, toneOf } from './resolution.service.js';

/** A conversation as the fake keeps it: its outcome, and what keeps an end from resolving it. */
interface HeldConversation {
  row: Omit<ResolutionRow, 'resolution' | 'resolved_at'>;
  resolution: ConversationResolution | null;
  resolvedAt: Date | null;
  endedAt: Date | null;
  escalated: boolean;
  negativeFeedback: boolean;
}

/**
 * ResolutionRepository's statements in memory, as its comments state them (the SQL itself is
 * checked against PostgreSQL by the gateway's outcomes route tests): a resolution is made once;
 * `ended` only for a conversation never escalated with no negative feedback standing; a take-back
 * only of an `ended` resolution.
 */
class FakeResolutions implements Pick<ResolutionRepository, 'resolve' | 'resolveMissedEnds' | 'takeBack'> {
  readonly conversations = new Map<string, HeldConversation>();
  failing = false;
  sweeps: { endedAfter: Date; endedBefore: Date; limit: number }[] = [];

  constructor(private readonly now: () => Date) {}

  add(id: string, facts: Partial<Pick<HeldConversation, 'escalated' | 'negativeFeedback' | 'endedAt'>> = {}): HeldConversation {
    const held: HeldConversation = {
      row: { id, tenant_id: 'ten_1', agent_id: 'agt_1', agent_version: 2, link_id: 'lnk_1', channel: 'link' },
      resolution: null,
      resolvedAt: null,
      endedAt: facts.endedAt ?? null,
      escalated: facts.escalated ?? false,
      negativeFeedback: facts.negativeFeedback ?? false,
    };
    this.conversations.set(id, held);
    return held;
  }

  async resolve(conversationId: string, reason: ConversationResolution): Promise<ResolutionRow | undefined> {
    if (this.failing) throw new Error('connection lost');
    const held = this.conversations.get(conversationId);
    if (!held || held.resolution !== null) return undefined;
    if (reason === 'ended' && (held.escalated || held.negativeFeedback)) return undefined;
    held.resolution = reason;
    held.resolvedAt = this.now();
    return this.rowOf(held);
  }

  async resolveMissedEnds(endedAfter: Date, endedBefore: Date, limit: number): Promise<ResolutionRow[]> {
    this.sweeps.push({ endedAfter, endedBefore, limit });
    const rows: ResolutionRow[] = [];
    for (const held of this.conversations.values()) {
      if (rows.length >= limit || !held.endedAt || held.endedAt <= endedAfter || held.endedAt >= endedBefore) continue;
      const row = await this.resolve(held.row.id, 'ended');
      if (row) rows.push(row);
    }
    return rows;
  }

  async takeBack(conversationId: string): Promise<ResolutionRow | undefined> {
    if (this.failing) throw new Error('connection lost');
    const held = this.conversations.get(conversationId);
    if (!held) return undefined;
    if (held.resolution !== 'ended' || held.resolvedAt === null) return undefined;
    const was = this.rowOf(held);
    held.resolution = null;
    held.resolvedAt = null;
    return was;
  }

  private rowOf(held: HeldConversation): ResolutionRow {
    return { ...held.row, resolution: held.resolution as ConversationResolution, resolved_at: held.resolvedAt as Date };
  }
}

function outcomes() {
  const world = announcedWorld();
  let now = new Date('2026-05-04T10:00:00Z');
  const repository = new FakeResolutions(() => now);
  const service = new ResolutionService({ announcer: world.announcer, logger: testLogger }, repository);
  return {
    repository,
    service,
    setNow: (at: Date) => {
      now = at;
    },
    /** What analytics and webhooks were told of one conversation: each resolution (true) or take-back (false), with its reason. */
    told: async (conversationId: string) =>
      (await world.published('events.conversation.resolved')).filter((e) => e.conversationId === conversationId).map((e) => [e.reason, e.resolved]),
  };
}

describe('conversation outcomes', () => {
  const { repository, service, told, setNow } = outcomes();

  it('resolves a conversation whose turn reaches a node marked `resolves`, and tells it once however often it is reached', async () => {
    repository.add('c-node');
    await service.reachedResolvingNode('c-node');
    await service.reachedResolvingNode('c-node');
    await service.ended('c-node');
    expect(await told('c-node')).toEqual([['node', true]]);
  });

  it('resolves a conversation that ends with no escalation and no negative feedback, as `ended`', async () => {
    repository.add('c-ended');
    await service.ended('c-ended');
    expect(await told('c-ended')).toEqual([['ended', true]]);
  });

  it('leaves unresolved a conversation that ends after it was escalated, or after a thumb down', async () => {
    repository.add('c-escalated', { escalated: true });
    // The thumb is stored (FeedbackService) before the outcome is told of it.
    repository.add('c-thumb-down', { negativeFeedback: true });
    await service.feedback('c-thumb-down', toneOf({ rating: 'down' }));
    await service.ended('c-escalated');
    await service.ended('c-thumb-down');
    expect(await told('c-escalated')).toEqual([]);
    expect(await told('c-thumb-down')).toEqual([]);
  });

  it('takes an `ended` resolution back when negative feedback comes after the end, and tells it once', async () => {
    repository.add('c-regret');
    await service.ended('c-regret');
    await service.feedback('c-regret', toneOf({ score: 1 }));
    await service.feedback('c-regret', toneOf({ rating: 'down' }));
    expect(await told('c-regret')).toEqual([
      ['ended', true],
      ['ended', false],
    ]);
  });

  it('resolves on positive feedback (a thumb up, a 4 or a 5), which later negative feedback does not take back', async () => {
    for (const [id, feedback] of [
      ['c-up', { rating: 'up' }],
      ['c-four', { score: 4 }],
      ['c-five', { score: 5 }],
    ] as const) {
      repository.add(id);
      await service.feedback(id, toneOf(feedback));
      await service.feedback(id, toneOf({ rating: 'down' }));
      await service.ended(id);
      expect(await told(id), id).toEqual([['feedback', true]]);
    }
  });

  it('takes a score of 3 as neither: it neither resolves nor takes back', async () => {
    expect(toneOf({ score: 3 })).toBe('neutral');
    repository.add('c-three');
    await service.ended('c-three');
    await service.feedback('c-three', toneOf({ score: 3 }));
    expect(await told('c-three')).toEqual([['ended', true]]);
  });

  it('never fails the end or the feedback that asked when the outcome cannot be stored (they are stored already)', async () => {
    repository.add('c-offline');
    repository.failing = true;
    try {
      await expect(service.ended('c-offline')).resolves.toBeUndefined();
      await expect(service.feedback('c-offline', 'negative')).resolves.toBeUndefined();
      await expect(service.reachedResolvingNode('c-offline')).resolves.toBeUndefined();
    } finally {
      repository.failing = false;
    }
    expect(await told('c-offline')).toEqual([]);
  });

  it('resolves, in a sweep, the ends of the last hour that were not (at least a minute old), each told like any', async () => {
    const now = new Date('2026-05-04T12:00:00Z');
    setNow(now);
    repository.add('c-missed', { endedAt: new Date('2026-05-04T11:30:00Z') });
    repository.add('c-just-now', { endedAt: new Date('2026-05-04T11:59:30Z') });
    repository.add('c-long-ago', { endedAt: new Date('2026-05-04T10:30:00Z') });
    expect(await service.sweepMissedEnds(100, now)).toEqual({ resolved: 1 });
    expect(repository.sweeps.at(-1)).toEqual({ endedAfter: new Date('2026-05-04T11:00:00Z'), endedBefore: new Date('2026-05-04T11:59:00Z'), limit: 100 });
    expect(await told('c-missed')).toEqual([['ended', true]]);
    expect(await told('c-just-now')).toEqual([]);
    expect(await told('c-long-ago')).toEqual([]);
  });
});
