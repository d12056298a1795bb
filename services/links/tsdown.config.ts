import { defineConfig } from 'tsdown';
import { databaseServiceEntries, serviceBuilds } from '../../tsdown.service.ts';

export default defineConfig(serviceBuilds(databaseServiceEntries));
