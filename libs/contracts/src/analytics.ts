import { z } from 'zod';
import { feedbackTotals } from './feedback.js';
import { knowledgeActivity } from './knowledge-answers.js';
import { toolActivity } from './tool-calls.js';
import { costFigure } from './turn-traces.js';

/**
 * Where a public visitor comes from, as the gateway saw it when their session started: a country
 * from an offline IP-to-country table and a hash of the address under a salt that changes every
 * UTC day. The address itself never leaves the gateway.
 */
export const visitorOrigin = z.object({
  /** ISO 3166-1 alpha-2; null when the table does not know the address (private, loopback). */
  country: z
    .string()
    .regex(/^[A-Z]{2}$/)
    .nullable(),
  visitorHash: z.string().regex(/^[0-9a-f]{32,64}$/),
});
export type VisitorOrigin = z.infer<typeof visitorOrigin>;

/** `?from=&to=&bucket=`: a window of at most 31 days by hour, ten years by day (default: the last 30 days by day). */
export const analyticsQuery = z.strictObject({
  from: z.iso.datetime({ offset: true }).optional().meta({ description: 'Start of the window (inclusive); default `to` minus 30 days' }),
  to: z.iso.datetime({ offset: true }).optional().meta({ description: 'End of the window (exclusive); default now' }),
  bucket: z.enum(['hour', 'day']).default('day').meta({ description: 'Width of the points of `series`' }),
});
export type AnalyticsQuery = z.infer<typeof analyticsQuery>;

const count = z.number().int().nonnegative();
const rate = z.number().min(0).max(1);

/** One agent version's figures over the window (its sessions started, and its rates over its ended ones). */
export const versionFigures = z.object({
  version: z.number().int().min(1),
  sessions: count,
  completion_rate: rate,
  /** Escalated ÷ started sessions. */
  escalation_rate: rate,
  resolution_rate: rate,
  csat_avg: z.number().nullable(),
  /** LLM tokens, prompt and completion together. */
  tokens: count,
  response_ms_p50: z.number().nullable(),
  /** What its LLM calls cost in USD (`LLM_PRICES`), added by the analytics routes from the turns' traces. */
  cost: costFigure.optional(),
});
export type VersionFigures = z.infer<typeof versionFigures>;

/**
 * rate(a) − rate(b) of the resolution rates of versions a and b (a < b), with its 95% interval by
 * Newcombe's hybrid score method (Wilson intervals of each rate).
 */
export const resolutionDifference = z.object({
  versions: z.tuple([z.number().int().min(1), z.number().int().min(1)]),
  estimate: z.number().min(-1).max(1),
  ci95: z.tuple([z.number().min(-1).max(1), z.number().min(-1).max(1)]),
});
export type ResolutionDifference = z.infer<typeof resolutionDifference>;

/** docs/api.md's analytics shape, for one link or one agent (all its links and its Text Chat API sessions). */
export const analyticsReport = z.object({
  from: z.string(),
  to: z.string(),
  sessions: z.object({
    started: count,
    completed: count,
    abandoned: count,
    expired: count,
    escalated: count,
    /** Conversations resolved in the window (docs/management-api.md "Outcomes"), less those whose resolution was taken back. */
    resolved: count,
  }),
  /** Resolved ÷ ended sessions in the window (4 decimals, at most 1); 0 when none ended. */
  resolution_rate: rate,
  messages: z.object({ user: count, assistant: count, operator: count }),
  visitors: z.object({ unique: count, verified: count }),
  engagement: z.object({
    avg_messages_per_session: z.number(),
    median_session_seconds: z.number().nullable(),
    completion_rate: z.number(),
  }),
  response_ms: z.object({ p50: z.number().nullable(), p95: z.number().nullable() }),
  countries: z.array(z.object({ country: z.string(), sessions: count })),
  security_events: z.object({
    rate_limited: count,
    quota_exceeded: count,
    forbidden_origin: count,
    forbidden_ip: count,
    invalid_token: count,
    verification_failed: count,
    /** Times the link's passcode or code check was paused for everyone after its budget of wrong tries. */
    passcode_lockout: count,
    verification_lockout: count,
    /** Messages refused by a content rule (stored nowhere), redacted, or let through flagged. */
    content_blocked: count,
    content_redacted: count,
    content_flagged: count,
    /** Requests from a country the link does not allow. */
    country: count,
    /** Turns answered without an LLM call because a token budget was spent. */
    budget_exhausted: count,
    /** Sessions refused for a missing or wrong proof of work. */
    challenge_failed: count,
  }),
  /** LLM tokens spent in the window, as the LLM reported them. */
  tokens: z.object({ prompt: count, completion: count }),
  /** Conversations that ended in the window by sentiment; `average` from -1 to 1, null without any. */
  sentiment: z.object({ positive: count, neutral: count, negative: count, average: z.number().nullable() }),
  /** Visitors' thumbs on messages and scores of conversations given in the window; a replaced one counts once, as it now stands. */
  feedback: feedbackTotals,
  /** Present when the window has sessions of two or more agent versions: each version's figures, lowest version first. */
  versions: z.array(versionFigures).optional(),
  /** The two versions with the most sessions (lower version first) compared: their resolution rates' difference with its 95% interval. */
  resolution_difference: resolutionDifference.optional(),
  series: z.array(
    z.object({
      at: z.string(),
      sessions: count,
      messages: count,
      tokens: count,
      /** Sessions that ended in the bucket, and those resolved in it (docs/management-api.md "Outcomes"). */
      ended: count,
      resolved: count,
      /** The average sentiment of the conversations that ended in the bucket; null without any. */
      sentiment: z.number().nullable(),
      /** What the LLM calls of the bucket's turns cost in USD (`LLM_PRICES`), added by the analytics routes from the turns' traces. */
      cost: costFigure.optional(),
    }),
  ),
});
export type AnalyticsReport = z.infer<typeof analyticsReport>;

/** One operator's work in the window: conversations they took, median first answer and handling times, assignments they let time out. */
export const operatorActivity = z.object({
  member_id: z.string(),
  name: z.string(),
  conversations: count,
  first_response_ms_p50: z.number().nullable(),
  handling_ms_p50: z.number().nullable(),
  missed: count,
});
/** The same per team (`team_id` null: the tenant's queue), with the team's name. */
export const teamActivity = z.object({
  team_id: z.string().nullable(),
  name: z.string().nullable(),
  conversations: count,
  first_response_ms_p50: z.number().nullable(),
  handling_ms_p50: z.number().nullable(),
  missed: count,
});
/**
 * What the analytics routes answer: the report, and the operators' and teams' work in its window;
 * an agent's also its tools' calls (`tools`, most called first) and how its knowledge answered
 * (`knowledge`; docs/management-api.md "Analytics"); both what their LLM calls cost (`cost`).
 */
export const analyticsAnswer = analyticsReport.extend({
  operators: z.array(operatorActivity),
  teams: z.array(teamActivity),
  tools: z.array(toolActivity).optional(),
  knowledge: knowledgeActivity.optional(),
  /** What the LLM calls of the window's turns cost in USD, at the prices of `LLM_PRICES` when each turn was committed (docs/management-api.md "Analytics"). */
  cost: costFigure.optional(),
});
export type AnalyticsAnswer = z.infer<typeof analyticsAnswer>;
