import { randomUUID } from 'node:crypto';
import { AppError, type LinkAccess, type LinkBudget, linkAccess } from '@parley/contracts';
import { AgentVersions, exampleAgentConfig } from '@parley/workflow';
import { describe, expect, it } from 'vitest';
import { announcedWorld, testLogger } from '../store/announcer.test-kit.js';
import type { ConversationRow } from '../store/conversation.repository.js';
import { type BudgetScope, DEFAULT_BUDGET_MESSAGE, scopeOf, TokenBudgets, type UsageStatements } from './token-budgets.js';
import type { DaySpent, UsageKeys, UsageRow } from './usage.repository.js';

const TENANT = '0b7f6a52-3c1e-4f7a-9d2b-5e8c1a4d6f30';

/** token_usage_daily in memory, as TokenUsageRepository's statements read and add to it. */
class FakeUsage implements UsageStatements {
  readonly tokens = new Map<string, number>();

  private static key(row: Pick<UsageRow, 'tenant_id' | 'day' | 'link_id' | 'visitor'>): string {
    return [row.tenant_id, row.day, row.link_id, row.visitor].join('|');
  }

  async spent(keys: UsageKeys): Promise<DaySpent> {
    const [tenant, link, visitor] = this.rowsFor(keys, 0).map((row) => this.tokens.get(FakeUsage.key(row)) ?? 0);
    return { tenant: tenant ?? 0, link: link ?? 0, visitor: visitor ?? 0 };
  }

  rowsFor(keys: UsageKeys, tokens: number): UsageRow[] {
    const rows = [{ link_id: '', visitor: '' }];
    if (keys.linkId !== undefined) {
      rows.push({ link_id: keys.linkId, visitor: '' });
      if (keys.visitor !== undefined) rows.push({ link_id: keys.linkId, visitor: keys.visitor });
    }
    return rows.map((row) => ({ tenant_id: keys.tenantId, day: keys.day, ...row, tokens }));
  }

  async addRows(rows: UsageRow[]): Promise<void> {
    for (const row of rows) this.tokens.set(FakeUsage.key(row), (this.tokens.get(FakeUsage.key(row)) ?? 0) + row.tokens);
  }

  async purgeBefore(): Promise<number> {
    return 0;
  }

  async eraseVisitor(): Promise<number> {
    return 0;
  }
}

function linkWith(budget: LinkBudget | null, words: string | null = null): LinkAccess {
  return linkAccess.parse({
    linkId: `lnk_${randomUUID().slice(0, 8)}`,
    tenantId: TENANT,
    agentId: randomUUID(),
    agentName: 'support',
    state: 'active',
    title: 'Support',
    description: null,
    welcomeMessage: null,
    expiresAt: null,
    maxSessions: null,
    maxMessagesPerSession: null,
    sessionTimeoutMinutes: 30,
    rateLimitPerMinute: 20,
    requireEmailVerification: false,
    requireIdentity: false,
    hasIdentitySecret: false,
    allowedOrigins: [],
    ipAllow: [],
    ipDeny: [],
    passcodeHash: null,
    budget,
    budgetExhaustedMessage: words,
  });
}

/** A visitor's conversation on the link, standing at the node `faq`. */
function conversationOn(link: LinkAccess, visitor: { email?: string } = {}): ConversationRow {
  const at = new Date('2026-05-04T09:00:00Z');
  return {
    id: randomUUID(),
    session_id: `pub_${randomUUID()}`,
    tenant_id: TENANT,
    agent_id: link.agentId,
    agent_version: 1,
    status: 'active',
    current_node_id: 'faq',
    current_node_name: 'Questions',
    visit_turns: 2,
    collected_data: { topic: 'billing' },
    total_turns: 3,
    total_transitions: 1,
    state_version: 3,
    message_count: 6,
    created_at: at,
    updated_at: at,
    ended_at: null,
    channel: 'link',
    link_id: link.linkId,
    visitor_email: visitor.email ?? null,
    user_messages: 3,
    escalation_id: null,
    user_id: null,
    user_realm: null,
    visitor_hash: null,
    unanswered_turns: 0,
    offer_person: null,
    metadata: {},
  };
}

/** The budgets of a tenant whose own daily budget is `tenantTokens` (null: none), on a clock the test moves. */
function budgets(tenantTokens: number | null | 'links unavailable') {
  const world = announcedWorld();
  world.bus.serve('links.tenants.list', async () => {
    if (tenantTokens === 'links unavailable') throw new AppError('unavailable', 'the links service is restarting');
    return { tenants: [{ id: TENANT, name: 'Acme', operator_email: null, tokens_per_day: tenantTokens, created_at: '2026-01-01T00:00:00.000Z' }] };
  });
  world.bus.serve('links.agents.config', async () => ({ config: exampleAgentConfig }));
  const usage = new FakeUsage();
  const clock = { now: new Date('2026-05-04T15:30:00Z') };
  const service = new TokenBudgets(usage, world.bus, new AgentVersions(world.bus, { max: 10 }), world.announcer, testLogger, () => clock.now);
  /** A turn of the scope spends `tokens`, committed as the turn's own statement would write its rows. */
  const spend = (scope: BudgetScope, tokens: number) =>
    usage.addRows(service.tokenRows(scope, { prompt: tokens - Math.floor(tokens / 3), completion: Math.floor(tokens / 3) }));
  return { service, usage, clock, world, spend };
}

describe('a link’s daily token budget', () => {
  const { service, spend } = budgets(null);

  it('once spent, answers the visitor with the link’s words in place of the model, and the workflow stays at its node', async () => {
    const link = linkWith({ tokens_per_day: 1_000 }, 'We have answered a lot today – back tomorrow!');
    const conversation = conversationOn(link, { email: 'ada@example.org' });
    const scope = scopeOf(conversation, link);

    await spend(scope, 999);
    expect(await service.beforeTurn(scope, conversation)).toBeUndefined();

    await spend(scope, 1);
    const refusal = await service.beforeTurn(scope, conversation);
    expect(refusal).toMatchObject({
      budget: 'link',
      outcome: {
        response: 'We have answered a lot today – back tomorrow!',
        said: [{ nodeId: 'faq', text: 'We have answered a lot today – back tomorrow!' }],
        state: { nodeId: 'faq', collectedData: { topic: 'billing' }, visitTurns: 2 },
        transitions: [],
        status: 'active',
        llmLatencyMs: 0,
        nodeName: 'Questions',
      },
    });
    // The owner's words are shown as they wrote them: no code for the pages to translate.
    expect(refusal?.notice).toBeUndefined();
    // Every visitor of the link: the link's budget is the link's.
    const other = conversationOn(link, { email: 'bo@example.org' });
    expect((await service.beforeTurn(scopeOf(other, link), other))?.budget).toBe('link');
  });

  it('says the platform’s words when the link has none of its own, with their code for the pages to translate', async () => {
    const link = linkWith({ tokens_per_day: 10 });
    const conversation = conversationOn(link);
    await spend(scopeOf(conversation, link), 10);
    const refusal = await service.beforeTurn(scopeOf(conversation, link), conversation);
    expect(refusal?.outcome.response).toBe(DEFAULT_BUDGET_MESSAGE);
    expect(refusal?.notice).toBe('budget_exhausted');
  });

  it('counts an opening turn’s tokens once it is stored, and a session that starts on a spent budget starts silently at the first node', async () => {
    const link = linkWith({ tokens_per_day: 500 });
    const conversation = conversationOn(link);
    const scope = scopeOf(conversation, link);
    await service.afterStart(scope, { prompt: 300, completion: 200 });
    const start = { tenantId: TENANT, agentId: link.agentId, version: 1, initialData: { name: 'Ada' } };
    expect(await service.beforeStart(start, scope)).toMatchObject({
      budget: 'link',
      outcome: { said: [], response: null, state: { nodeId: exampleAgentConfig.workflow.initial_node, collectedData: { name: 'Ada' }, visitTurns: 0 } },
    });
  });
});

describe('a link’s budget per visitor', () => {
  const { service, spend } = budgets(null);

  it('stops only the visitor who spent it, known by their email whatever its case', async () => {
    const link = linkWith({ tokens_per_visitor_per_day: 400 });
    const ada = conversationOn(link, { email: 'Ada@Example.org' });
    const adaAgain = conversationOn(link, { email: 'ada@example.org' });
    const bo = conversationOn(link, { email: 'bo@example.org' });

    await spend(scopeOf(ada, link), 400);

    expect((await service.beforeTurn(scopeOf(ada, link), ada))?.budget).toBe('visitor');
    // A new session of the same person: the same budget.
    expect((await service.beforeTurn(scopeOf(adaAgain, link), adaAgain))?.budget).toBe('visitor');
    expect(await service.beforeTurn(scopeOf(bo, link), bo)).toBeUndefined();
  });

  it('counts an anonymous visitor by their session, so a new anonymous session starts with nothing spent', async () => {
    const link = linkWith({ tokens_per_visitor_per_day: 100 });
    const first = conversationOn(link);
    const second = conversationOn(link);
    await spend(scopeOf(first, link), 100);
    expect((await service.beforeTurn(scopeOf(first, link), first))?.budget).toBe('visitor');
    expect(await service.beforeTurn(scopeOf(second, link), second)).toBeUndefined();
  });
});

describe('the tenant’s daily token budget', () => {
  const { service, spend, clock, world } = budgets(5_000);

  it('once spent, stops every link and answers the Text Chat API 429 quota_exceeded with when it starts again', async () => {
    const link = linkWith(null);
    const visitor = conversationOn(link);
    await spend({ tenantId: TENANT }, 5_000);

    expect((await service.beforeTurn(scopeOf(visitor, link), visitor))?.budget).toBe('tenant');
    const api = { ...conversationOn(link), channel: 'api' as const, link_id: null };
    const error = await service.beforeTurn({ tenantId: TENANT }, api).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(AppError);
    // 15:30 UTC: it starts again at midnight, eight and a half hours on.
    expect(error).toMatchObject({
      code: 'quota_exceeded',
      details: { quota: 'tokens', budget: 'tenant', resets_at: '2026-05-05T00:00:00.000Z' },
      retryAfterSeconds: 8.5 * 3600,
    });
  });

  it('starts again at 00:00 UTC', async () => {
    const link = linkWith({ tokens_per_day: 100 });
    const visitor = conversationOn(link);
    await spend(scopeOf(visitor, link), 6_000);
    expect((await service.beforeTurn(scopeOf(visitor, link), visitor))?.budget).toBe('tenant');
    clock.now = new Date('2026-05-05T00:00:00Z');
    expect(await service.beforeTurn(scopeOf(visitor, link), visitor)).toBeUndefined();
    clock.now = new Date('2026-05-04T15:30:00Z');
  });

  it('tells analytics and webhooks of a turn a spent budget answered, as a budget_exhausted security event', async () => {
    const link = linkWith(null);
    service.refused(scopeOf(conversationOn(link), link));
    expect(await world.published('events.security.refused')).toEqual([
      expect.objectContaining({ kind: 'budget_exhausted', tenantId: TENANT, linkId: link.linkId }),
    ]);
  });
});

describe('a tenant budget that cannot be read', () => {
  const { service } = budgets('links unavailable');

  it('is not checked: the turn goes on rather than fail for it', async () => {
    const link = linkWith(null);
    const visitor = conversationOn(link);
    expect(await service.beforeTurn(scopeOf(visitor, link), visitor)).toBeUndefined();
  });
});
