import type { Store } from '../../src/infra/db/client.js';
import { createTestPgStore } from './pg.js';
import { createTestPgliteStore } from './pglite.js';

export interface TestStore {
  store: Store;
  /** Close the store and delete what it created. */
  cleanup(): Promise<void>;
}

/** Both engines, migrated and empty, for suites that run once per engine (`describe.each`). */
export const testStoreEngines: { engine: Store['engine']; create(): Promise<TestStore> }[] = [
  {
    engine: 'pglite',
    create: async () => {
      const store = await createTestPgliteStore();
      return { store, cleanup: () => store.close() };
    },
  },
  {
    engine: 'postgres',
    create: async () => {
      const { store, drop } = await createTestPgStore();
      return { store, cleanup: drop };
    },
  },
];
