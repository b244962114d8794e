import { defineConfig } from 'vitest/config';

/**
 * The container tests (test/deploy/containers.sh runs them after building the images): slow,
 * and only where a Docker daemon runs, so `npm test` does not include them.
 */
export default defineConfig({
  test: {
    include: ['test/deploy/containers/*.container.ts'],
    testTimeout: 300_000,
    hookTimeout: 360_000,
    pool: 'forks',
    // one stack at a time: the machine has two cores
    fileParallelism: false,
  },
});
