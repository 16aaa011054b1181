import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

// `vite` (dev) proxies the server's paths to a running `npm start`, so the console can be worked
// on with hot reload; `vite build` writes the files the server serves from dist/console.
const backend = 'http://localhost:3000';

export default defineConfig({
  root: here('.'),
  plugins: [react()],
  build: {
    outDir: here('../dist/console'),
    emptyOutDir: true,
    sourcemap: true,
  },
  server: {
    proxy: {
      '/api': backend,
      '/sim': backend,
      '/health': backend,
      '/socket.io': { target: backend, ws: true },
    },
  },
});
