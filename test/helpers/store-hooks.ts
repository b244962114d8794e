import { afterAll, beforeAll, beforeEach } from 'vitest';
import type { Store } from '../../src/infra/db/client.js';
import { resetStore } from './pglite.js';
import type { TestStore } from './stores.js';

/**
 * One store for the enclosing describe block (`describe.each(testStoreEngines)` passes
 * `create`), emptied before each test and dropped after the block. `onReady` receives it once
 * it exists; the reset runs before the block's own `beforeEach` hooks, which are registered later.
 */
export function useTestStore(create: () => Promise<TestStore>, onReady: (store: Store) => void): void {
  let handle: TestStore | undefined;
  beforeAll(async () => {
    handle = await create();
    onReady(handle.store);
  });
  afterAll(async () => {
    await handle?.cleanup();
  });
  beforeEach(async () => {
    if (handle) await resetStore(handle.store.db);
  });
}
