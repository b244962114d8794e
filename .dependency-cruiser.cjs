/**
 * Import rules of src/ (docs/architecture.md), checked by `npm run lint`:
 * - no import circles between files;
 * - src/infra (store, cache, queue, telemetry) imports no capability and nothing of the app;
 * - a capability (any folder of src/ other than the shared layers below) is used from outside
 *   only through its public surface: an `index.ts` or `module.ts` (its own or a sub-folder's,
 *   e.g. source/simulator/index.ts), never its other files.
 * Shared layers, importable by anyone: infra/, http/kit/, nlp/ (pure text analysis), and the
 * root files config.ts, errors.ts. The composition root (deps.ts, http/ app assembly, cli/) is
 * held to the same public surfaces.
 *
 * @type {import('dependency-cruiser').IConfiguration}
 */
const SHARED = '(infra|http|nlp|cli)';

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'An import circle makes load order matter and the pieces impossible to read alone.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'infra-imports-no-capability',
      comment: 'infra is the bottom layer: it must not know any capability or the app.',
      severity: 'error',
      from: { path: '^src/infra/' },
      to: { path: '^src/', pathNot: ['^src/infra/', '^src/config\\.ts$', '^src/errors\\.ts$'] },
    },
    {
      name: 'capability-internals',
      comment:
        'Another capability is used through its index.ts / module.ts only (tests may reach into what they test; see also the known exceptions below).',
      severity: 'error',
      from: {
        path: '^src/([^/]+)/',
        pathNot: [
          '\\.test\\.ts$',
          // Known exception: src/eval/ is the measurement harness; it runs the capabilities'
          // models and rules directly (engagement/model.ts, patterns/extract.ts, comments/intents.ts,
          // metrics/alerts.ts, source/simulator/engine.ts) on labelled data, as the tests do.
          '^src/eval/',
        ],
      },
      to: {
        path: '^src/[^/]+/',
        pathNot: [
          '^src/$1/',
          `^src/${SHARED}/`,
          '^src/[^/]+/(index|module)\\.ts$',
          '^src/[^/]+/[^/]+/index\\.ts$',
        ],
      },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['^src/dashboard/web/'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js'] },
  },
};
