import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { Store } from '../../src/infra/db/client.js';
import { isDataError } from '../../src/infra/db/data-error.js';
import { useTestStore } from '../helpers/store-hooks.js';
import { testStoreEngines } from '../helpers/stores.js';

describe.each(testStoreEngines)('isDataError ($engine)', ({ create }) => {
  let store: Store | undefined;
  useTestStore(create, (s) => (store = s));

  it.each([
    ['a NUL byte in text', sql`select ${'a\u0000b'}::text`],
    ['text that is not a number', sql`select 'x'::int`],
    ['an impossible date', sql`select '2026-13-45'::date`],
    ['a number out of range', sql`select 99999999999::int`],
  ])('recognises the error PostgreSQL raises for %s', async (_what, query) => {
    const err = await query.execute(store!.db).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeDefined();
    expect(isDataError(err)).toBe(true);
  });

  it('does not take other failures for the input’s fault', async () => {
    const err = await sql`select * from no_such_table`.execute(store!.db).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isDataError(err)).toBe(false);
    expect(isDataError(new Error('connection reset'))).toBe(false);
    expect(isDataError(null)).toBe(false);
  });
});
