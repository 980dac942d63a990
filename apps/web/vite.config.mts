import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const workspace = fileURLToPath(new URL('../..', import.meta.url));

// The web server (server/) serves dist/web and proxies /api to the services; `vite` alone is
// only for working on screens, with the same proxy to a running web server.
export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  resolve: {
    alias: {
      '@budget/domain': `${workspace}libs/domain/src/index.ts`,
      // The typed client without the schemas: the browser carries no zod (see libs/contracts/src/http-client.ts).
      '@budget/contracts/http': `${workspace}libs/contracts/src/http-client.ts`,
    },
  },
  build: {
    outDir: `${workspace}dist/web`,
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 1500,
    reportCompressedSize: false,
  },
  server: {
    port: 5173,
    // Host kept as the browser sent it, so the web server's origin check sees one origin.
    proxy: {
      '/api': { target: 'http://127.0.0.1:3000', changeOrigin: false },
      '/auth': { target: 'http://127.0.0.1:3000', changeOrigin: false },
    },
  },
});
