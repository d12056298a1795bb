import { performance } from 'node:perf_hooks';
import { createLogger } from '@parley/logger';
import { freePort, startOidcProvider } from '@parley/testing';
import { benchAgentConfig } from '../common/bench-agent.js';
import { percentile } from '../common/closed-loop.js';
import { loadAverageNow, type MachineInfo, machineInfo } from '../common/report.js';
import type { Runtime } from '../common/stack.js';
import { ScaleStack } from '../scale/stack.js';
import {
  type BenchTenant,
  CREDENTIAL_KINDS,
  type CredentialKind,
  type Gateways,
  KIND_LABELS,
  MEMBER_EMAIL,
  type WarmCredential,
  warmApiKey,
  warmChatSecret,
  warmConsoleSession,
} from './credentials.js';
import { GatewayClient } from './gateway-client.js';

/** docs/api.md ("API keys", "Text Chat API secrets", "Members"): refused by every gateway within a second. */
export const TARGET_MS = 1_000;
/** B still taking a credential this long after its revocation was sent: the round is recorded as not refused. */
const GIVE_UP_MS = 10_000;
const OIDC_CLIENT = { id: 'parley-console', secret: 'bench-revocation-client-secret' };

export interface RevocationBenchOptions {
  rounds: number;
  runtime: Runtime;
  log: (line: string) => void;
}

export interface RoundRecord {
  round: number;
  /** From the revocation being sent to gateway A to gateway B's first 401; null when B still took it after GIVE_UP_MS. */
  refusedMs: number | null;
  /** The revocation's own latency on A: sent to answered. */
  revokeMs: number;
  /** Requests B answered from the revocation being sent up to and including its refusal. */
  polls: number;
}

export interface Spread {
  median: number;
  p95: number;
  max: number;
}

export interface KindReport {
  kind: CredentialKind;
  label: string;
  rounds: RoundRecord[];
  /** Rounds in which B refused the credential at all. */
  refused: number;
  /** Over the refused rounds. */
  refusedMs: Spread;
  /** Rounds refused after more than TARGET_MS, or not at all. */
  overTarget: number;
  revokeMs: Spread;
  /** Mean time between two requests to B: how finely the refusal is timed. */
  pollMs: number;
}

export interface RevocationReport {
  stack: string;
  rounds: number;
  runtime: Runtime;
  machine: MachineInfo;
  kinds: KindReport[];
}

function spread(values: number[]): Spread {
  const sorted = Float64Array.from(values).sort();
  return { median: percentile(sorted, 0.5), p95: percentile(sorted, 0.95), max: sorted.length > 0 ? (sorted[sorted.length - 1] ?? Number.NaN) : Number.NaN };
}

/**
 * Sends the revocation to A and, from that same moment, uses the credential on B one request after
 * another, without pause, until B refuses it (401).
 */
async function timeRevocation(credential: WarmCredential, round: number): Promise<RoundRecord> {
  const sent = performance.now();
  const revocation = credential.revoke().then((status) => ({ status, ms: performance.now() - sent }));
  let polls = 0;
  let refusedMs: number | null = null;
  while (performance.now() - sent < GIVE_UP_MS) {
    const status = await credential.useOnB();
    polls++;
    if (status === 401) {
      refusedMs = performance.now() - sent;
      break;
    }
    if (status !== credential.accepted)
      throw new Error(`gateway B answered ${status} while the credential was being revoked (expected ${credential.accepted} or 401)`);
  }
  const { status, ms } = await revocation;
  if (status !== 204) throw new Error(`the revocation answered ${status}, not 204`);
  return { round, refusedMs, revokeMs: ms, polls };
}

function summarize(kind: CredentialKind, rounds: RoundRecord[]): KindReport {
  const refused = rounds.flatMap((round) => (round.refusedMs === null ? [] : [round.refusedMs]));
  const polled = rounds.reduce((sum, round) => sum + (round.refusedMs ?? GIVE_UP_MS), 0);
  const polls = rounds.reduce((sum, round) => sum + round.polls, 0);
  return {
    kind,
    label: KIND_LABELS[kind],
    rounds,
    refused: refused.length,
    refusedMs: spread(refused),
    overTarget: rounds.filter((round) => round.refusedMs === null || round.refusedMs > TARGET_MS).length,
    revokeMs: spread(rounds.map((round) => round.revokeMs)),
    pollMs: polls > 0 ? polled / polls : Number.NaN,
  };
}

/**
 * links, sessions, agent-runner and two gateways as processes on this machine's PostgreSQL, NATS
 * and Redis; a test OpenID provider in this process for the members' console sign-in. Each round
 * makes a fresh credential of every kind on gateway A, uses it on A and B, revokes it on A and
 * times how long B goes on taking it.
 */
export async function runRevocationBench(options: RevocationBenchOptions): Promise<RevocationReport> {
  const loadAverage = loadAverageNow();
  const logger = createLogger({ service: 'bench-revocation', level: 'warn' });
  // The address a browser reaches the console by (in front of both gateways); the bench plays the
  // browser and takes each sign-in step to gateway A itself, so nothing listens here.
  const publicBaseUrl = `http://127.0.0.1:${await freePort()}`;
  const provider = await startOidcProvider({
    clientId: OIDC_CLIENT.id,
    clientSecret: OIDC_CLIENT.secret,
    redirectUri: `${publicBaseUrl}/auth/oidc/callback`,
    people: [{ email: MEMBER_EMAIL, email_verified: true, name: 'Revoked Member' }],
  });
  let stack: ScaleStack | undefined;
  const clients: GatewayClient[] = [];
  try {
    stack = await ScaleStack.create({
      runtime: options.runtime,
      logger,
      log: options.log,
      runnerEnv: {},
      gatewayEnv: {
        // One client polls as fast as it can: far beyond the 600 management requests a minute one address may send.
        MANAGEMENT_RATE_LIMIT_PER_MINUTE: '1000000',
        PUBLIC_BASE_URL: publicBaseUrl,
        OIDC_ISSUER_URL: provider.issuer,
        OIDC_CLIENT_ID: OIDC_CLIENT.id,
        OIDC_CLIENT_SECRET: OIDC_CLIENT.secret,
      },
    });
    options.log(`starting links, sessions, agent-runner and 2 gateways (${options.runtime})`);
    await stack.add('links');
    await stack.add('sessions');
    await stack.add('agent-runner');
    await stack.add('gateway', 2);
    const [a, b] = stack.gateways.map((gateway) => new GatewayClient(gateway.publicUrl ?? ''));
    if (!a || !b) throw new Error('the stack has fewer than two gateways');
    clients.push(a, b);
    const gateways: Gateways = { a, b };
    const tenant = await seedTenant(a, stack.adminApiKey);

    const rounds = new Map<CredentialKind, RoundRecord[]>(CREDENTIAL_KINDS.map((kind) => [kind, []]));
    for (let round = 1; round <= options.rounds; round++) {
      for (const kind of CREDENTIAL_KINDS) {
        const credential =
          kind === 'api-key'
            ? await warmApiKey(gateways, tenant, round)
            : kind === 'chat-secret'
              ? await warmChatSecret(gateways, tenant)
              : await warmConsoleSession(gateways, tenant, provider, round);
        const record = await timeRevocation(credential, round);
        rounds.get(kind)?.push(record);
      }
      stack.assertRunning();
      const last = CREDENTIAL_KINDS.map((kind) => {
        const ms = rounds.get(kind)?.at(-1)?.refusedMs;
        return `${kind} ${ms === null || ms === undefined ? 'not refused' : `${ms.toFixed(1)} ms`}`;
      });
      options.log(`round ${round}/${options.rounds}: ${last.join(', ')}`);
    }
    return {
      stack: `links, sessions, agent-runner and 2 gateways as 5 processes (${options.runtime === 'bundle' ? 'tsdown bundles' : 'tsx'}); PostgreSQL, NATS, Redis servers`,
      rounds: options.rounds,
      runtime: options.runtime,
      machine: machineInfo(loadAverage),
      kinds: CREDENTIAL_KINDS.map((kind) => summarize(kind, rounds.get(kind) ?? [])),
    };
  } finally {
    await Promise.all(clients.map((client) => client.close()));
    await stack?.stop();
    await provider.close();
  }
}

/** A tenant with an owner key and the static-text agent, made with the admin key. */
async function seedTenant(gateway: GatewayClient, adminApiKey: string): Promise<BenchTenant> {
  const admin = { authorization: `Bearer ${adminApiKey}` };
  const tenant = await gateway.expect(201, 'POST', '/api/tenants', { headers: admin, json: { name: 'revocation' } });
  const owner = await gateway.expect(201, 'POST', `/api/tenants/${tenant.id}/keys`, { headers: admin, json: { name: 'Owner', role: 'owner' } });
  const agent = await gateway.expect(201, 'POST', '/api/agents', {
    headers: { authorization: `Bearer ${owner.key}` },
    json: { name: 'revocation', config: benchAgentConfig },
  });
  return { tenantId: tenant.id, ownerKey: owner.key, agentId: agent.id };
}
