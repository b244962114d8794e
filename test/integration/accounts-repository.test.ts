import { describe, expect, it } from 'vitest';
import { AccountsRepository, OAuthStateRepository } from '../../src/accounts/repository.js';
import type { Store } from '../../src/infra/db/client.js';
import { useTestStore } from '../helpers/store-hooks.js';
import { testStoreEngines } from '../helpers/stores.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const T0 = new Date('2026-12-01T10:30:00.000Z');

function account(id: string, overrides: Partial<Parameters<AccountsRepository['upsert']>[0]> = {}) {
  return {
    id,
    username: `user_${id}`,
    access_token: `v1.sealed.${id}`,
    token_expires_at: new Date(T0.getTime() + 60 * DAY),
    token_issued_at: T0,
    ...overrides,
  };
}

describe.each(testStoreEngines)('accounts repositories ($engine)', ({ create }) => {
  let store: Store;
  useTestStore(create, (s) => (store = s));
  const sut = () => new AccountsRepository(store.db);

  it('upserts an account and, connected again, replaces its token and clears a reconnect state', async () => {
    await sut().upsert(account('17841'), T0);
    await sut().setStatus('17841', 'reconnect_needed', 'revoked', T0);
    const later = new Date(T0.getTime() + DAY);
    const row = await sut().upsert(
      account('17841', { username: 'renamed', access_token: 'v1.new', token_issued_at: later }),
      later,
    );
    expect(row).toMatchObject({
      id: '17841',
      username: 'renamed',
      access_token: 'v1.new',
      token_status: 'valid',
      token_status_reason: null,
      last_polled_at: null,
    });
    expect(row.token_issued_at.toISOString()).toBe(later.toISOString());
    expect(row.created_at.toISOString()).toBe(T0.toISOString());
    expect(await sut().list()).toHaveLength(1);
  });

  it('selects for refresh only tokens ≥ 24 h old, unexpired, within the window, not needing reconnect', async () => {
    const now = new Date(T0.getTime() + 55 * DAY);
    await sut().upsert(account('due'), T0); // 5 days left, 55 days old
    await sut().upsert(
      account('young', {
        token_issued_at: new Date(now.getTime() - HOUR),
        token_expires_at: new Date(now.getTime() + 2 * DAY),
      }),
      T0,
    );
    await sut().upsert(account('far', { token_expires_at: new Date(now.getTime() + 30 * DAY) }), T0);
    await sut().upsert(account('expired', { token_expires_at: new Date(now.getTime() - HOUR) }), T0);
    await sut().upsert(account('revoked'), T0);
    await sut().setStatus('revoked', 'reconnect_needed', 'error 190', T0);
    const due = await sut().dueForRefresh(now, DAY, 7 * DAY);
    expect(due.map((r) => r.id)).toEqual(['due']);
  });

  it('replaces a token only when the row still holds the one read (a concurrent refresh wins once)', async () => {
    await sut().upsert(account('a'), T0);
    const next = {
      access_token: 'v1.next',
      token_expires_at: new Date(T0.getTime() + 120 * DAY),
      token_issued_at: T0,
    };
    expect(await sut().replaceToken('a', 'v1.sealed.a', next, T0)).toBe(true);
    expect(await sut().replaceToken('a', 'v1.sealed.a', { ...next, access_token: 'v1.other' }, T0)).toBe(
      false,
    );
    expect((await sut().get('a'))?.access_token).toBe('v1.next');
  });

  it('adds API calls into hour buckets and sums them per account since a time', async () => {
    await sut().upsert(account('a'), T0);
    await sut().upsert(account('b'), T0);
    await sut().recordCalls('a', 3, T0);
    await sut().recordCalls('a', 2, new Date(T0.getTime() + 10 * 60_000)); // same hour
    await sut().recordCalls('a', 7, new Date(T0.getTime() + 2 * HOUR));
    await sut().recordCalls('b', 1, new Date(T0.getTime() + 2 * HOUR));
    const all = await sut().callsSince(new Date(T0.getTime() - DAY));
    expect(Object.fromEntries(all)).toEqual({ a: 12, b: 1 });
    const recent = await sut().callsSince(new Date(T0.getTime() + HOUR));
    expect(Object.fromEntries(recent)).toEqual({ a: 7, b: 1 });
    await sut().pruneUsage(new Date(T0.getTime() + HOUR));
    expect(Object.fromEntries(await sut().callsSince(new Date(0)))).toEqual({ a: 7, b: 1 });
  });

  it('deletes an account with its usage, and says when there was none', async () => {
    await sut().upsert(account('a'), T0);
    await sut().recordCalls('a', 1, T0);
    expect(await sut().delete('a')).toBe(true);
    expect(await sut().delete('a')).toBe(false);
    expect((await sut().callsSince(new Date(0))).size).toBe(0);
  });

  it('records the last poll', async () => {
    await sut().upsert(account('a'), T0);
    const at = new Date(T0.getTime() + 5 * 60_000);
    await sut().markPolled('a', at);
    expect((await sut().get('a'))?.last_polled_at?.toISOString()).toBe(at.toISOString());
  });

  it('rejects a token status outside the three states', async () => {
    await sut().upsert(account('a'), T0);
    await expect(
      store.db
        .updateTable('accounts')
        .set({ token_status: 'bogus' as never })
        .where('id', '=', 'a')
        .execute(),
    ).rejects.toThrow();
  });

  it('uses an OAuth state once: ok, then unknown; an expired one is reported expired', async () => {
    const states = new OAuthStateRepository(store.db);
    await states.create('s1', new Date(T0.getTime() + 600_000), T0);
    await states.create('s2', new Date(T0.getTime() + 600_000), T0);
    expect(await states.consume('s1', T0)).toBe('ok');
    expect(await states.consume('s1', T0)).toBe('unknown');
    expect(await states.consume('s2', new Date(T0.getTime() + 601_000))).toBe('expired');
    expect(await states.consume('s2', T0)).toBe('unknown');
    expect(await states.consume('never', T0)).toBe('unknown');
  });
});
