import { sha256Hex } from '@parley/auth';
import type { PlatformBus } from '@parley/bus';
import { AppError, type LinkAccess, type MessageNotice, type PrivacyVisitor, type TokenUsage, type TurnOutcome } from '@parley/contracts';
import type { Logger } from '@parley/logger';
import type { AgentVersions } from '@parley/workflow';
import { LRUCache } from 'lru-cache';
import type { Announcer } from '../store/announcer.js';
import type { ConversationRow } from '../store/conversation.repository.js';
import type { ConversationStart } from '../turns/turn-path.js';
import type { DaySpent, TokenUsageRepository, UsageKeys, UsageRow } from './usage.repository.js';
import { TokenUsageCounts } from './usage-counts.js';

/** What visitors are told once a budget is spent, when their link has no words of its own. */
export const DEFAULT_BUDGET_MESSAGE = 'This chat has reached its limit for today. Please come back tomorrow.';
/** How long a tenant's budget is taken as read: a change applies within this (docs/management-api.md "Cost guards"). */
const TENANT_BUDGET_TTL_MS = 5_000;

/** Which budget was spent: the tenant's, the link's or the visitor's on the link. */
export type SpentBudget = 'tenant' | 'link' | 'visitor';

/** A turn answered by the budget instead of the runner: what it says, and which budget said it. */
export interface BudgetRefusal {
  budget: SpentBudget;
  outcome: TurnOutcome;
  /**
   * `budget_exhausted` when it says the platform's default words, which the pages translate
   * (docs/public-chat-api.md "Notices"); undefined for the link's own words, shown as their owner wrote them.
   */
  notice?: MessageNotice | undefined;
}

/** Whose tokens a turn spends: the tenant, and for a visitor their link and who they are. */
export interface BudgetScope {
  tenantId: string;
  /** A visitor's link (its budgets and words); undefined for the Text Chat API. */
  link?: LinkAccess | undefined;
  /** The visitor's key (visitorKeyOf); undefined: nobody to count per visitor. */
  visitor?: string | undefined;
}

/**
 * Who a link's visitor is for their daily budget (docs/management-api.md "Cost guards"): their verified email
 * or signed-in user when there is one, else the daily hash of the address their session started
 * from, else the session itself. Kept only as a SHA-256.
 */
export function visitorKeyOf(visitor: {
  email: string | null;
  userId: string | null;
  visitorHash: string | null;
  conversationId?: string | undefined;
}): string | undefined {
  if (visitor.email) return sha256Hex(`email:${visitor.email.toLowerCase()}`);
  if (visitor.userId) return sha256Hex(`user:${visitor.userId}`);
  if (visitor.visitorHash) return sha256Hex(`origin:${visitor.visitorHash}`);
  return visitor.conversationId === undefined ? undefined : sha256Hex(`session:${visitor.conversationId}`);
}

/** The keys a privacy request's visitor may be counted under (their email or their user). */
export function privacyKeysOf(visitor: PrivacyVisitor): string[] {
  return 'email' in visitor
    ? [visitorKeyOf({ email: visitor.email, userId: null, visitorHash: null })!]
    : [visitorKeyOf({ email: null, userId: visitor.userId, visitorHash: null })!];
}

/** The scope of a conversation's turn: a link conversation's visitor, or a Text Chat API session's tenant. */
export function scopeOf(conversation: ConversationRow, link: LinkAccess | undefined): BudgetScope {
  if (!link) return { tenantId: conversation.tenant_id };
  const visitor = visitorKeyOf({
    email: conversation.visitor_email,
    userId: conversation.user_id,
    visitorHash: conversation.visitor_hash,
    conversationId: conversation.id,
  });
  return { tenantId: conversation.tenant_id, link, visitor };
}

/** The scope of a session's opening turn: its visitor as they start (a new session has spent nothing of its own). */
export function startScopeOf(start: ConversationStart): BudgetScope {
  if (!start.link) return { tenantId: start.tenantId };
  const visitor = visitorKeyOf({
    email: start.visitor?.email ?? null,
    userId: start.userId ?? null,
    visitorHash: start.origin?.visitorHash ?? null,
    conversationId: start.conversationId,
  });
  return { tenantId: start.tenantId, link: start.link, visitor };
}

/** What the budgets use of token_usage_daily's statements: the repository's methods as a type, so a unit test gives them a fake. */
export type UsageStatements = Pick<TokenUsageRepository, 'spent' | 'rowsFor' | 'addRows' | 'eraseVisitor' | 'purgeBefore'>;

const utcDay = (now: Date) => now.toISOString().slice(0, 10);

/** What a turn spent against the budgets: its prompt and completion tokens. */
const tokensOf = (usage: TokenUsage | undefined) => (usage?.prompt ?? 0) + (usage?.completion ?? 0);

/** The next UTC midnight, when every budget starts again. */
const nextMidnight = (now: Date) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1));

/**
 * Token budgets per UTC day (docs/management-api.md "Cost guards"): a tenant's, a link's and a link's per
 * visitor. Checked before a turn would ask the runner and counted from the usage the turn
 * reports once it is committed, so one turn can overshoot a budget by its own size. The day's
 * counts are rows of token_usage_daily, so they hold across replicas and restarts.
 */
export class TokenBudgets {
  private readonly tenantBudgets: LRUCache<string, { tokensPerDay: number | null }>;

  /** Opening turns' tokens, written many turns to a statement under load. */
  private readonly counts: TokenUsageCounts;

  constructor(
    private readonly repository: UsageStatements,
    private readonly bus: PlatformBus,
    /** Agent versions' configs (the process's one cache): a session started without its opening turn starts at its version's first node. */
    private readonly versions: AgentVersions,
    private readonly announcer: Announcer,
    private readonly logger: Logger,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.tenantBudgets = new LRUCache({
      max: 10_000,
      ttl: TENANT_BUDGET_TTL_MS,
      fetchMethod: async (tenantId) => {
        const { tenants } = await this.bus.request('links.tenants.list', { tenantId });
        return { tokensPerDay: tenants[0]?.tokens_per_day ?? null };
      },
    });
    this.counts = new TokenUsageCounts(repository);
  }

  /** The budget a scope has spent today, if any: the tenant's first, then the link's, then the visitor's. */
  async spent(scope: BudgetScope): Promise<SpentBudget | undefined> {
    const tenantLimit = await this.tenantLimit(scope.tenantId);
    const linkBudget = scope.link?.budget ?? null;
    if (tenantLimit === null && !linkBudget?.tokens_per_day && !linkBudget?.tokens_per_visitor_per_day) return undefined;
    const spent: DaySpent = await this.repository.spent(this.keysOf(scope));
    if (tenantLimit !== null && spent.tenant >= tenantLimit) return 'tenant';
    if (linkBudget?.tokens_per_day !== undefined && spent.link >= linkBudget.tokens_per_day) return 'link';
    if (linkBudget?.tokens_per_visitor_per_day !== undefined && scope.visitor !== undefined && spent.visitor >= linkBudget.tokens_per_visitor_per_day) {
      return 'visitor';
    }
    return undefined;
  }

  /**
   * Before a message's turn asks the runner: nothing when no budget is spent; for a visitor, the
   * link's words in place of the runner's outcome (the workflow stays where it is); for the Text
   * Chat API, 429 `quota_exceeded` with `details.quota: "tokens"` (nothing is stored).
   */
  async beforeTurn(scope: BudgetScope, conversation: ConversationRow): Promise<BudgetRefusal | undefined> {
    const budget = await this.spent(scope);
    if (budget === undefined) return undefined;
    const { link } = scope;
    if (!link) throw this.refusedForApi(budget);
    const text = link.budgetExhaustedMessage ?? DEFAULT_BUDGET_MESSAGE;
    const here = { nodeId: conversation.current_node_id, nodeName: conversation.current_node_name };
    return {
      budget,
      ...(link.budgetExhaustedMessage === null ? { notice: 'budget_exhausted' as const } : {}),
      outcome: {
        state: { nodeId: here.nodeId, collectedData: conversation.collected_data, visitTurns: conversation.visit_turns },
        said: [{ nodeId: here.nodeId, text }],
        response: text,
        transitions: [],
        extractedVariables: null,
        status: 'active',
        llmLatencyMs: 0,
        nodeName: here.nodeName,
        previousNodeId: here.nodeId,
        previousNodeName: here.nodeName,
      },
    };
  }

  /**
   * Before a session's opening turn: nothing when no budget is spent; for a visitor, a session
   * that starts silently at the workflow's first node (its next message is answered with the
   * link's words); for the Text Chat API, 429 `quota_exceeded`.
   */
  async beforeStart(
    start: { tenantId: string; agentId: string; version: number; initialData?: Record<string, string> | undefined },
    scope: BudgetScope,
  ): Promise<BudgetRefusal | undefined> {
    const budget = await this.spent(scope);
    if (budget === undefined) return undefined;
    if (!scope.link) throw this.refusedForApi(budget);
    const first = await this.firstNodeOf({ agentId: start.agentId, version: start.version });
    return {
      budget,
      outcome: {
        state: { nodeId: first.nodeId, collectedData: { ...(start.initialData ?? {}) }, visitTurns: 0 },
        said: [],
        response: null,
        transitions: [],
        extractedVariables: null,
        status: 'active',
        llmLatencyMs: 0,
        nodeName: first.nodeName,
        previousNodeId: first.nodeId,
        previousNodeName: first.nodeName,
      },
    };
  }

  /**
   * The rows a message's turn adds its tokens to, written by the turn's own commit statement
   * (ConversationStore.commitTurn), so they are counted exactly when the turn is stored, and for
   * no extra round trip. Empty when it spent none.
   */
  tokenRows(scope: BudgetScope, usage: TokenUsage | undefined): UsageRow[] {
    const tokens = tokensOf(usage);
    return tokens === 0 ? [] : this.repository.rowsFor(this.keysOf(scope), tokens);
  }

  /** A turn answered by a spent budget, once stored: announced as a `budget_exhausted` security event. */
  refused(scope: BudgetScope): void {
    this.announcer.securityEvent('budget_exhausted', scope.tenantId, scope.link?.linkId ?? null);
  }

  /**
   * Once a session's opening turn is stored (its conversation is inserted by a statement of its
   * own): the tokens it spent are counted. Never fails the start, which is stored already: a
   * count that cannot be written is logged.
   */
  async afterStart(scope: BudgetScope, usage: TokenUsage | undefined): Promise<void> {
    const tokens = tokensOf(usage);
    if (tokens === 0) return;
    try {
      await this.counts.add(this.keysOf(scope), tokens);
    } catch (error) {
      this.logger.warn({ err: error, tenantId: scope.tenantId, linkId: scope.link?.linkId }, 'tokens of a turn not counted against the budgets');
    }
  }

  /** Erasure: the visitor's counts under their email or user, in the tenant. */
  eraseVisitor(tenantId: string, visitor: PrivacyVisitor): Promise<number> {
    return this.repository.eraseVisitor(tenantId, privacyKeysOf(visitor));
  }

  /** Retention: yesterday is kept (a turn across midnight may still count there), earlier days go. */
  purgeOldDays(): Promise<number> {
    const yesterday = new Date(this.now().getTime() - 24 * 60 * 60_000);
    return this.repository.purgeBefore(utcDay(yesterday));
  }

  private keysOf(scope: BudgetScope): UsageKeys {
    return { tenantId: scope.tenantId, day: utcDay(this.now()), linkId: scope.link?.linkId, visitor: scope.link ? scope.visitor : undefined };
  }

  /** The tenant's budget as the links service keeps it; when it cannot be had, none (the turn is not failed for it). */
  private async tenantLimit(tenantId: string): Promise<number | null> {
    try {
      return (await this.tenantBudgets.forceFetch(tenantId)).tokensPerDay;
    } catch (error) {
      this.logger.warn({ err: error, tenantId }, 'tenant budget unknown: not checked for this turn');
      return null;
    }
  }

  private refusedForApi(budget: SpentBudget): AppError {
    const now = this.now();
    const resetsAt = nextMidnight(now);
    return new AppError('quota_exceeded', `the ${budget === 'tenant' ? 'tenant' : 'link'}'s daily token budget is spent; it starts again at 00:00 UTC`, {
      details: { quota: 'tokens', budget, resets_at: resetsAt.toISOString() },
      retryAfterSeconds: Math.max(1, Math.ceil((resetsAt.getTime() - now.getTime()) / 1000)),
    });
  }

  /** An agent version's first node and its name, for a session started without its opening turn. */
  private async firstNodeOf(ref: { agentId: string; version: number }): Promise<{ nodeId: string; nodeName: string | null }> {
    const version = await this.versions.get(ref);
    if (!version.ok) throw new AppError('invalid', `agent version ${ref.version} has a config that does not parse`);
    const nodeId = version.config.workflow.initial_node;
    return { nodeId, nodeName: version.config.workflow.nodes.find((node) => node.id === nodeId)?.name ?? null };
  }
}
