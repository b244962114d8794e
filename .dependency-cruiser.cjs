/** @type {import('dependency-cruiser').IConfiguration} */
const CAPABILITIES = '(comments|engagement|metrics|patterns|posts|source|dashboard|demo|eval)';
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'infra-imports-no-capability',
      severity: 'error',
      from: { path: '^src/infra/' },
      to: { path: `^src/(${CAPABILITIES.slice(1, -1)}|http|cli|deps|db)(/|\\.ts$)` },
    },
    {
      name: 'capability-internals',
      severity: 'error',
      from: { path: '^src/([^/]+)/' },
      to: {
        path: `^src/${CAPABILITIES}/`,
        pathNot: ['^src/$1/', `^src/${CAPABILITIES}/(index|module)\\.ts$`],
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
