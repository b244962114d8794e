import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import { DASHBOARD_BUILD_DIR } from './build-dir.js';
import { buildWebApp } from './web-app.js';

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
        if (!/\.(js|css|svg|json|webmanifest)$/.test(fileName)) continue;
        const buf = readFileSync(join(dir, fileName));
        const br = brotliCompressSync(buf, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } });
        writeFileSync(join(dir, `${fileName}.br`), br);
        writeFileSync(join(dir, `${fileName}.gz`), gzipSync(buf, { level: 9 }));
      }
    },
  };
}

/**
 * The web app manifest and its icons (see web-app.ts): emitted into the build, linked from
 * index.html, and served from memory by the dev server.
 */
function webApp(): Plugin {
  const { files, headTags } = buildWebApp();
  return {
    name: 'threads-agent:web-app',
    transformIndexHtml: () => headTags.map((t) => ({ ...t, injectTo: 'head' as const })),
    generateBundle() {
      for (const f of files) this.emitFile({ type: 'asset', fileName: f.fileName, source: f.source });
    },
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const file = files.find((f) => req.url === `/${f.fileName}`);
        if (!file) return next();
        res.setHeader('content-type', file.contentType);
        res.end(file.source);
      });
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
  plugins: [webApp(), precompress()],
  server: {
    proxy: {
      '^/(api|anomalies|viral-metrics|dm-rules|dm-outbox|pattern-types|extract-patterns)':
        'http://localhost:8080',
    },
  },
});
