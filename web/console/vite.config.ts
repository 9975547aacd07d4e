/**
 * Builds the operator console into dist/console at the project root, where the server serves it
 * under /app/. Everything is bundled locally: no CDN, no external fonts.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';

const here = dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  root: here,
  base: '/app/',
  plugins: [preact()],
  publicDir: false,
  build: {
    outDir: resolve(here, '../../dist/console'),
    emptyOutDir: true,
    // Keep the CSS and JS as files on this server; nothing is inlined from elsewhere.
    assetsInlineLimit: 0,
    target: 'es2022',
  },
});
