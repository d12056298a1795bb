import type { PlatformBus } from '@parley/bus';
import type { LiveEventLog } from '@parley/stores';
import type { GatewayConfig } from '../config.js';
import type { LinkGuard } from '../limits/link-guard.js';
import type { ProofOfWork } from '../limits/proof-of-work.js';
import type { StreamLeases } from '../live/stream-leases.js';
import type { VerificationMailer } from '../mail/verification-mailer.js';

/** What the public-link route families share. */
export interface PublicRoutesOptions {
  bus: PlatformBus;
  config: GatewayConfig;
  guard: LinkGuard;
  /** A link's `challenge: "pow"`: its challenges, and the check of a session's first request. */
  proofOfWork: ProofOfWork;
  /** Undefined without a mail setup: links that require email verification are refused. */
  mailer: VerificationMailer | undefined;
  /** Undefined: no live events (SSE answers 503). */
  live: LiveEventLog | undefined;
  /** The caps on live streams (SSE and WebSocket) open at once per session and per address. */
  streamLeases: StreamLeases;
}
