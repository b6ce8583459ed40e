import type { Plugin } from 'vite';

/**
 * Writes the web app's pages to `dist/routes.json`, which the server reads from WEB_DIST_DIR to
 * answer every other path with 404: the server knows the pages without importing the web app.
 */
export function pageRoutes(pages: {
  paths: readonly string[];
  procedureParameters: Readonly<Record<string, string>>;
  sites: Readonly<Record<string, readonly string[]>>;
}): Plugin {
  return {
    name: 'guichet:page-routes',
    apply: 'build',
    generateBundle() {
      const routes = {
        pages: pages.paths.map((path) => {
          const procedureParameter = pages.procedureParameters[path];
          const sites = pages.sites[path] ?? ['commune'];
          return procedureParameter ? { path, sites, procedureParameter } : { path, sites };
        }),
      };
      this.emitFile({ type: 'asset', fileName: 'routes.json', source: `${JSON.stringify(routes, null, 2)}\n` });
    },
  };
}
