/// <reference types="vitest/config" />
import { defineConfig, type Plugin } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { svelteTesting } from '@testing-library/svelte/vite';
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

const outDir = resolve(import.meta.dirname, 'dist');

/** frontend/dist/.gitkeep is committed; recreate it after emptyOutDir wiped it. */
function keepGitkeep(): Plugin {
  return {
    name: 'concierge:keep-gitkeep',
    apply: 'build',
    closeBundle() {
      mkdirSync(outDir, { recursive: true });
      writeFileSync(resolve(outDir, '.gitkeep'), '');
    },
  };
}

/**
 * The dev server injects component CSS as <style> elements, which the strict
 * CSP in index.html forbids; relax style-src for `vite dev` only. Production
 * builds emit CSS files and keep the strict policy.
 */
function devCsp(): Plugin {
  return {
    name: 'concierge:dev-csp',
    apply: 'serve',
    transformIndexHtml(html) {
      return html.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'");
    },
  };
}

/**
 * `npm run dev` runs against the real Go services through the browser
 * harness (app/harness): Vite proxies the harness endpoints and loads its
 * window.go / window.runtime shim before the app, as Wails does in the window.
 * Start the harness first (see README.md); CONCIERGE_HARNESS overrides its URL.
 */
const harness = process.env.CONCIERGE_HARNESS ?? 'http://127.0.0.1:43917';
function devHarness(): Plugin {
  return {
    name: 'concierge:dev-harness',
    apply: 'serve',
    transformIndexHtml(html) {
      return html.replace('<head>', '<head><script src="/__harness/shim.js"></script>');
    },
  };
}

export default defineConfig({
  base: './',
  plugins: [svelte(), devCsp(), devHarness(), keepGitkeep(), ...(process.env.VITEST ? [svelteTesting()] : [])],
  build: {
    outDir,
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    assetsInlineLimit: 0, // no data: URLs for scripts/styles under the CSP
  },
  // wailsjs/ holds the bindings Wails generates from the Go services (make bindings).
  resolve: { alias: [{ find: /^wailsjs\//, replacement: resolve(import.meta.dirname, 'wailsjs') + '/' }] },
  server: { port: 5173, strictPort: false, proxy: { '/__harness': harness, '/kb-files': harness } },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.ts'],
    setupFiles: ['./src/test-setup.ts'],
  },
});
