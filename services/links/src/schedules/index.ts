import type { SendSpec } from '@parley/contracts';
import type { DB } from '@parley/db';
import type { Logger } from '@parley/logger';
import type { Kysely } from 'kysely';
import { RegistryRepository } from '../store/registry.repository.js';
import { ScheduleRepository } from './schedule.repository.js';
import { ScheduleService } from './schedule.service.js';
import type { BulkLinkMaker } from './types.js';

export { CronSlots } from './cron-slots.js';
export { type RunSlotRequest, ScheduleService } from './schedule.service.js';
export type { BulkLinkMaker } from './types.js';

export interface ScheduleModuleDeps {
  db: Kysely<DB>;
  logger: Logger;
  /** Makes and sends a run's links (distribution/bulk-link.service.ts). */
  bulk: BulkLinkMaker;
  /** The clock new and edited schedules take their next slot from; runs go by the caller's `now`. */
  now?: () => Date;
  /** Checks a schedule's `send` when it is saved (the distribution's own check). */
  checkSend?: (send: SendSpec, links: number) => Promise<void>;
}

/** Link schedules, a module of the links service: they make links, and the links service owns links. */
export function createScheduleModule(deps: ScheduleModuleDeps): ScheduleService {
  return new ScheduleService(new ScheduleRepository(deps.db), new RegistryRepository(deps.db), deps.bulk, deps.logger, deps.now, deps.checkSend);
}
