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

export default defineConfig({
  base: './',
  plugins: [svelte(), devCsp(), keepGitkeep(), ...(process.env.VITEST ? [svelteTesting()] : [])],
  build: {
    outDir,
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    assetsInlineLimit: 0, // no data: URLs for scripts/styles under the CSP
  },
  server: { port: 5173, strictPort: false },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.ts'],
    setupFiles: ['./src/test-setup.ts'],
  },
});
