import { build } from 'esbuild';
import { describeWidgetComponent } from '../../../services/gateway/test/widget-app-scenario.js';

/** The host app, bundled as a site would ship it: Vue's runtime (no template compiler) in production mode. */
async function buildApp(): Promise<string> {
  const result = await build({
    entryPoints: [new URL('./vue-app.ts', import.meta.url).pathname],
    bundle: true,
    format: 'iife',
    write: false,
    define: {
      'process.env.NODE_ENV': '"production"',
      __VUE_OPTIONS_API__: 'false',
      __VUE_PROD_DEVTOOLS__: 'false',
      __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
    },
    logLevel: 'silent',
  });
  return result.outputFiles[0]?.text ?? '';
}

describeWidgetComponent('vue', buildApp);
