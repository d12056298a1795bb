import { build } from 'esbuild';
import { describeWidgetComponent } from '../../../services/gateway/test/widget-app-scenario.js';

/** The host app, bundled as a site would ship it: React in production mode. */
async function buildApp(): Promise<string> {
  const result = await build({
    entryPoints: [new URL('./react-app.tsx', import.meta.url).pathname],
    bundle: true,
    format: 'iife',
    jsx: 'automatic',
    write: false,
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'silent',
  });
  return result.outputFiles[0]?.text ?? '';
}

describeWidgetComponent('react', buildApp);
