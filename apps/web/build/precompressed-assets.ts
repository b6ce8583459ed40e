import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { Plugin } from 'vite';

const brotli = promisify(brotliCompress);
const gzipped = promisify(gzip);
const COMPRESSIBLE = /\.(?:js|css|svg|json)$/;

/**
 * Writes a `.br` and a `.gz` beside each compressible asset, at the strongest levels, once at
 * build time: the server hands them out as they are (serveStatic's `precompressed`) instead of
 * compressing the same bytes again for every visitor.
 */
export function precompressedAssets(): Plugin {
  let outDir = '';
  return {
    name: 'guichet:precompressed-assets',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    async writeBundle(_options, bundle) {
      const files = Object.values(bundle).filter((file) => file.fileName.startsWith('assets/') && COMPRESSIBLE.test(file.fileName));
      await Promise.all(
        files.map(async (file) => {
          const bytes = Buffer.from(file.type === 'chunk' ? file.code : file.source);
          const target = path.join(outDir, file.fileName);
          const [br, gz] = await Promise.all([
            brotli(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } }),
            gzipped(bytes, { level: constants.Z_BEST_COMPRESSION }),
          ]);
          // A file too small to gain is served as it is.
          if (br.length < bytes.length) await writeFile(`${target}.br`, br);
          if (gz.length < bytes.length) await writeFile(`${target}.gz`, gz);
        }),
      );
    },
  };
}
