import { sveltekit } from '@sveltejs/kit/vite';
import { SvelteKitPWA } from '@vite-pwa/sveltekit';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [
    sveltekit(),
    SvelteKitPWA({
      // 'prompt', never 'autoUpdate': a new version waits until the person agrees to reload.
      registerType: 'prompt',
      injectRegister: false,
      strategies: 'generateSW',
      manifest: false,
      workbox: {
        // Precache the app shell, its chunks (the worker included), icons and the bundled sample.
        globPatterns: [
          // wasm: the SQLite engine for database files, so they open offline too (518 KB gzip).
          'client/**/*.{js,css,ico,png,svg,webp,webmanifest,json,wasm}',
          'prerendered/**/*.{html,json}'
        ],
        maximumFileSizeToCacheInBytes: 8 * 1024 * 1024,
        cleanupOutdatedCaches: true,
        clientsClaim: false,
        skipWaiting: false
      },
      devOptions: { enabled: false }
    })
  ],
  worker: { format: 'es' },
  // The bundler's timing report is noise in every build log; the bench measures what matters.
  build: { rolldownOptions: { checks: { bundlerTimings: false } } },
  server: { host: '127.0.0.1' },
  preview: { host: '127.0.0.1', port: 4173, strictPort: true }
});
