import { randomBytes } from 'node:crypto';
import type { PlatformBus } from '@parley/bus';
import type { Logger } from '@parley/logger';
import type { JobClaimsRepository } from '../scheduling/job-claims.repository.js';
import type { Job } from '../scheduling/scheduler.js';

export const LINK_SCHEDULES_JOB = 'link-schedules';
/** How often due slots are looked for: a slot runs within this of its time. */
export const LINK_SCHEDULES_TICK_MS = 15_000;
/** SCHEDULE_CATCH_UP_MINUTES' default (docs/api.md). */
export const DEFAULT_SCHEDULE_CATCH_UP_MINUTES = 60;
/** A slot first found later than this after its time was missed by the ticks (cleanup was down or stuck): a catch-up. */
const CATCH_UP_AFTER_MS = 60_000;
/**
 * A slot claimed (by another replica, or by this one before a failed request) yet still due this
 * long after it was first found claimed: its claimant died or could not reach the links service
 * before handing it over, and it is asked again. Safe, as the links service runs a slot at most
 * once; without it a slot claimed by a replica that crashed would hold its schedule forever.
 */
const STALE_CLAIM_MS = 5 * 60_000;

export interface LinkSchedulesJobDeps {
  bus: PlatformBus;
  claims: JobClaimsRepository;
  logger: Logger;
  now: () => number;
  /** SCHEDULE_CATCH_UP_MINUTES: a slot missed by longer is recorded skipped instead of run. */
  catchUpMinutes: number;
}

/**
 * Link schedules' slots: asks the links service which are due by this replica's clock, claims
 * each one in cleanup_job_runs (job `schedule:<id>`, slot: its epoch minute – the Scheduler's own
 * claims) and asks the links service to run the ones it won, oldest first. So each slot is asked
 * by one replica; the links service's run row makes it run at most once even if asked twice.
 */
export function linkSchedulesJob(deps: LinkSchedulesJobDeps): Job {
  const claimedBy = `cleanup_${randomBytes(6).toString('base64url')}`;
  /** Slots found claimed: when this replica first found them so, and the claim's version then. */
  const foundClaimed = new Map<string, { at: number; version: string }>();

  return {
    name: LINK_SCHEDULES_JOB,
    intervalMs: LINK_SCHEDULES_TICK_MS,
    run: async () => {
      const now = deps.now();
      const nowIso = new Date(now).toISOString();
      const { slots } = await deps.bus.request('links.schedules.due', { now: nowIso });
      const tally = { succeeded: 0, failed: 0, skipped: 0, running: 0, lost: 0 };
      const stillDue = new Set<string>();
      for (const { scheduleId, slotAt } of slots) {
        const job = `schedule:${scheduleId}`;
        const minute = Math.floor(Date.parse(slotAt) / 60_000);
        const key = `${job}@${minute}`;
        stillDue.add(key);
        if (!(await deps.claims.claim(job, minute, claimedBy))) {
          let found = foundClaimed.get(key);
          if (found === undefined) {
            const version = await deps.claims.unfinishedVersion(job, minute);
            // Finished since: the links service has its answer; it is no longer due next tick.
            if (version === undefined) continue;
            found = { at: now, version };
            foundClaimed.set(key, found);
          }
          if (now - found.at < STALE_CLAIM_MS) continue;
          // One asker takes the stale claim over; the others leave the slot to it, and find its
          // claim stale in turn only if it is still unfinished STALE_CLAIM_MS on.
          foundClaimed.delete(key);
          if (!(await deps.claims.takeOver(job, minute, claimedBy, found.version))) continue;
        }
        const trigger = now - Date.parse(slotAt) > CATCH_UP_AFTER_MS ? 'catch_up' : 'schedule';
        try {
          const run = await deps.bus.request('links.schedules.run', { scheduleId, slotAt, now: nowIso, trigger, catchUpMinutes: deps.catchUpMinutes });
          await deps.claims.finish(job, minute, `${run.state} (${run.trigger}): ${run.links} links, ${run.sent} sent`);
          tally[run.state]++;
        } catch (error) {
          // Asked again once STALE_CLAIM_MS has passed, if it is still due then.
          deps.logger.error({ err: error, scheduleId, slotAt }, 'schedule slot not run');
          tally.lost++;
        }
      }
      for (const key of foundClaimed.keys()) if (!stillDue.has(key)) foundClaimed.delete(key);
      return `${slots.length} due: ${tally.succeeded} ran, ${tally.failed} failed, ${tally.skipped} skipped, ${tally.running} running elsewhere, ${tally.lost} not reached`;
    },
  };
}
