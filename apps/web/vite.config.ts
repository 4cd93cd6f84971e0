import { fileURLToPath } from 'node:url';
import tailwindcss from '@tailwindcss/vite';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

/** One HTML entry per surface: a guest's phone never downloads the staff screens' code. */
export const surfaces = ['index', 'guest', 'pos', 'kds', 'admin', 'platform'] as const;

export default defineConfig({
  root,
  base: '/',
  plugins: [react(), tailwindcss()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsDir: 'assets',
    sourcemap: false,
    rollupOptions: {
      input: Object.fromEntries(surfaces.map((name) => [name, `${root}${name}.html`])),
    },
  },
  server: {
    // `npx vite apps/web` during development: the API runs on `npm start` (port 3000).
    proxy: {
      '/api': { target: 'http://127.0.0.1:3000', ws: true },
    },
  },
});
