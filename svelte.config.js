import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
  preprocess: vitePreprocess(),
  kit: {
    // Every route is prerendered as an app shell; 200.html serves unknown paths on static hosts.
    adapter: adapter({ fallback: '200.html', strict: true }),
    // Absolute asset URLs: relative ./_app/ URLs break offline deep links (see ../shared/STACK.md).
    paths: { relative: false },
    // vite-plugin-pwa registers its own service worker.
    serviceWorker: { register: false },
    // Scripts, the CLI bin and tool configs are type-checked and linted like src/.
    typescript: {
      config(tsconfig) {
        tsconfig.include.push(
          '../scripts/**/*.ts',
          '../bench/**/*.ts',
          '../playwright.config.ts',
          '../vitest.config.ts'
        );
      }
    },
    csp: {
      mode: 'hash',
      directives: {
        'default-src': ['self'],
        'script-src': ['self'],
        'style-src': ['self', 'unsafe-inline'],
        'img-src': ['self', 'data:', 'blob:'],
        'font-src': ['self'],
        'connect-src': ['self', 'https:', 'http://localhost:*', 'http://127.0.0.1:*'],
        'worker-src': ['self', 'blob:'],
        'frame-src': ['self', 'blob:'],
        'object-src': ['none'],
        'base-uri': ['none'],
        'form-action': ['none'],
        'manifest-src': ['self']
      }
    }
  }
};

export default config;
