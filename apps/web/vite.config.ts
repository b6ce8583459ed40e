import { defineConfig } from 'vite';
import solid from 'vite-plugin-solid';
import { firstLoadBudget } from './build/first-load-budget.ts';
import { pageRoutes } from './build/page-routes.ts';
import { precompressedAssets } from './build/precompressed-assets.ts';
import { pagePaths, pageSites, procedureParameters } from './src/pages.ts';

// In development the API runs on :3000; Vite forwards /api with the browser's Host so that
// the commune is resolved the same way as in production.
export default defineConfig({
  plugins: [
    solid(),
    pageRoutes({ paths: Object.values(pagePaths), procedureParameters, sites: pageSites }),
    precompressedAssets(),
    // The pages a citizen lands on from a search engine or a mairie's link, often on a phone
    // with a weak connection: their first load stays under 50 kB of gzipped JavaScript.
    firstLoadBudget({
      limitBytes: 50_000,
      pages: {
        'citizen home': 'src/routes/commune-home.tsx',
        catalogue: 'src/routes/catalogue/catalogue-page.tsx',
        procedure: 'src/routes/catalogue/procedure-page.tsx',
        'filing form': 'src/routes/filing/file-request.tsx',
      },
    }),
  ],
  server: {
    port: 5173,
    proxy: { '/api': { target: 'http://127.0.0.1:3000', changeOrigin: false } },
  },
  build: {
    target: 'es2022',
    rollupOptions: {
      output: {
        // The statistics' charting library in one file of its own, fetched by the charts only
        // (tested: no other page loads it).
        manualChunks: (id) => (/node_modules\/(@observablehq\/plot|d3|d3-[a-z-]+|internmap|interval-tree-1d|isoformat|delaunator|robust-predicates|binary-search-bounds)\//.test(id) ? 'charts' : undefined),
      },
    },
  },
});
