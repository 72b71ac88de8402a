import { vitePlugin as remix } from '@remix-run/dev';
import { defineConfig } from 'vite';

// The production build only (`npm run build -w web`): web/server.ts serves it
// with Express. The server bundle is .mjs because web itself is CommonJS.
export default defineConfig({
  plugins: [
    remix({
      serverBuildFile: 'index.mjs',
      future: {
        v3_fetcherPersist: true,
        v3_relativeSplatPath: true,
        v3_throwAbortReason: true,
        v3_singleFetch: true,
        v3_lazyRouteDiscovery: true,
      },
    }),
  ],
  build: { chunkSizeWarningLimit: 600 },
  // rrule (quick add's repeats, through @taskmesh/recurrence) ships a UMD main
  // file whose named exports Node's ESM loader cannot see: the server bundle
  // holds its ESM build instead of importing it at run time.
  ssr: { noExternal: ['rrule'] },
});
