import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import { DASHBOARD_BUILD_DIR } from './build-dir.js';

/**
 * Write .br and .gz next to every text asset so that @fastify/static (preCompressed) sends them
 * without compressing on each request: the API has no compression middleware, and the bundle is
 * the largest thing it serves.
 */
function precompress(): Plugin {
  return {
    name: 'threads-agent:precompress',
    apply: 'build',
    enforce: 'post',
    writeBundle(options, bundle) {
      const dir = options.dir ?? DASHBOARD_BUILD_DIR;
      for (const fileName of Object.keys(bundle)) {
        if (!/\.(js|css|svg|json)$/.test(fileName)) continue;
        const buf = readFileSync(join(dir, fileName));
        const br = brotliCompressSync(buf, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } });
        writeFileSync(join(dir, `${fileName}.br`), br);
        writeFileSync(join(dir, `${fileName}.gz`), gzipSync(buf, { level: 9 }));
      }
    },
  };
}

export default defineConfig({
  root: fileURLToPath(new URL('./web/', import.meta.url)),
  base: '/',
  publicDir: false,
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  build: {
    outDir: DASHBOARD_BUILD_DIR,
    emptyOutDir: true,
    target: 'es2022',
    assetsDir: 'assets',
    reportCompressedSize: true,
    chunkSizeWarningLimit: 300,
  },
  plugins: [precompress()],
  server: {
    proxy: {
      '^/(api|anomalies|viral-metrics|dm-rules|dm-outbox|pattern-types|extract-patterns)':
        'http://localhost:8080',
    },
  },
});
