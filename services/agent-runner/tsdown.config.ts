import { defineConfig } from 'tsdown';
import { serviceBuilds, serviceEntries } from '../../tsdown.service.ts';

export default defineConfig(serviceBuilds(serviceEntries));
