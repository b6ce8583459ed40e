import { defineConfig } from 'vite';
import solid from 'vite-plugin-solid';

// In development the API runs on :3000; Vite forwards /api with the browser's Host so that
// the commune is resolved the same way as in production.
export default defineConfig({
  plugins: [solid()],
  server: {
    port: 5173,
    proxy: { '/api': { target: 'http://127.0.0.1:3000', changeOrigin: false } },
  },
  build: { target: 'es2022' },
});
