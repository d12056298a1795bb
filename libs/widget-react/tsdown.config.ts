import { defineConfig } from 'tsdown';
import { packageBuild } from '../../tsdown.package.ts';

export default defineConfig(packageBuild('src/index.tsx'));
