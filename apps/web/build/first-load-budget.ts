import path from 'node:path';
import { constants, gzipSync } from 'node:zlib';
import type { Logger, Plugin, Rolldown } from 'vite';

type Budget = {
  /** Gzipped bytes of JavaScript a budgeted page may need at first load. */
  limitBytes: number;
  /** The budgeted pages: a label, and the module of the page's component (relative to the app's root). */
  pages: Record<string, string>;
};

/**
 * Prints, for every page, the gzipped JavaScript its first load needs (the entry and each of
 * its static imports, then the page's own lazily loaded chunk and its static imports), and fails
 * the build when a budgeted page needs more than the limit. Also writes
 * `.vite/first-load.json`: each page's files, and the source modules in each file.
 */
export function firstLoadBudget(budget: Budget): Plugin {
  let root = '';
  let logger: Logger | undefined;
  return {
    name: 'guichet:first-load-budget',
    apply: 'build',
    configResolved(config) {
      root = config.root;
      logger = config.logger;
    },
    generateBundle: {
      // After Vite's own post-processing (its preload helper), on the bytes that are written.
      order: 'post',
      handler(_options, bundle) {
        const chunks = new Map<string, Rolldown.OutputChunk>();
        for (const file of Object.values(bundle)) if (file.type === 'chunk') chunks.set(file.fileName, file);
        const gzipBytes = new Map([...chunks].map(([name, chunk]) => [name, gzipSync(chunk.code, { level: constants.Z_BEST_COMPRESSION }).length]));
        const source = (id: string) => path.relative(root, id).split(path.sep).join('/');
        const staticClosure = (start: string, into = new Set<string>()) => {
          if (into.has(start)) return into;
          into.add(start);
          for (const imported of chunks.get(start)?.imports ?? []) staticClosure(imported, into);
          return into;
        };

        const entry = [...chunks.values()].find((chunk) => chunk.isEntry);
        if (!entry) return this.error('first-load budget: the build has no entry chunk');
        const entryFiles = staticClosure(entry.fileName);
        const pages = [...chunks.values()]
          .filter((chunk) => chunk.isDynamicEntry && chunk.facadeModuleId)
          .map((chunk) => {
            const files = [...staticClosure(chunk.fileName, new Set(entryFiles))];
            return { module: source(chunk.facadeModuleId!), files, gzipBytes: files.reduce((total, file) => total + gzipBytes.get(file)!, 0) };
          })
          .sort((a, b) => b.gzipBytes - a.gzipBytes);
        const entrySize = [...entryFiles].reduce((total, file) => total + gzipBytes.get(file)!, 0);

        const labels = new Map(Object.entries(budget.pages).map(([label, module]) => [module, label]));
        const kB = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;
        const width = Math.max(...pages.map((page) => page.module.length));
        const lines = [`First-load JavaScript, gzipped (entry ${kB(entrySize)} + the page's chunks); budget ${kB(budget.limitBytes)}:`];
        for (const page of pages) {
          const label = labels.get(page.module);
          const verdict = label ? `  ${label}: ${page.gzipBytes <= budget.limitBytes ? 'within budget' : 'OVER BUDGET'}` : '';
          lines.push(`  ${page.module.padEnd(width)}  ${kB(page.gzipBytes).padStart(8)}${verdict}`);
        }
        logger?.info(`\n${lines.join('\n')}`);

        const report = {
          limitBytes: budget.limitBytes,
          pages: Object.fromEntries(pages.map(({ module, files, gzipBytes }) => [module, { gzipBytes, files }])),
          files: Object.fromEntries([...chunks].map(([name, chunk]) => [name, chunk.moduleIds.filter((id) => !id.startsWith('\0')).map(source)])),
        };
        this.emitFile({ type: 'asset', fileName: '.vite/first-load.json', source: `${JSON.stringify(report, null, 2)}\n` });

        const failures: string[] = [];
        for (const [label, module] of Object.entries(budget.pages)) {
          const page = pages.find((candidate) => candidate.module === module);
          // A budgeted page that is no lazy chunk any more would silently leave the budget.
          if (!page) failures.push(`${label} (${module}) is not a lazily loaded page of this build`);
          else if (page.gzipBytes > budget.limitBytes) failures.push(`${label} (${module}) needs ${kB(page.gzipBytes)} of gzipped JavaScript at first load, over the ${kB(budget.limitBytes)} budget`);
        }
        if (failures.length > 0) this.error(`first-load budget exceeded:\n  ${failures.join('\n  ')}`);
      },
    },
  };
}
