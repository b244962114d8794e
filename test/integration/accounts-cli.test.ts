import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TokenCipher } from '../../src/accounts/token-cipher.js';
import { createStore } from '../../src/infra/db/client.js';
import { runCli } from '../helpers/cli.js';
import { FakeThreadsOAuth } from '../helpers/fake-threads-oauth.js';
import { createTestDatabase, type TestDatabase } from '../helpers/pg.js';

/** `threads-agent accounts add | list | rotate-key` as a creator runs them, on PostgreSQL. */

const OLD_KEY = '1f'.repeat(32);
const NEW_KEY = 'e2'.repeat(32);
const USER = { id: '17841499999999999', username: 'sam.writes' };

const cli = (args: string[], env: Record<string, string>, stdin?: string) =>
  runCli(['accounts', ...args], env, stdin);

describe('threads-agent accounts', () => {
  const fake = new FakeThreadsOAuth({ now: Date.now() });
  let db: TestDatabase;
  let env: Record<string, string>;

  beforeAll(async () => {
    await fake.start();
    fake.addUser(USER);
    db = await createTestDatabase();
    env = { DATABASE_URL: db.url, THREADS_API_URL: fake.url, SECRET_KEY: OLD_KEY };
  });
  afterAll(async () => {
    await fake.close();
    await db?.drop();
  });

  it('refuses to add a token without SECRET_KEY', { timeout: 60_000 }, async () => {
    const token = fake.longLivedToken(USER.id);
    const out = await cli(['add', '--token', token], { ...env, SECRET_KEY: '' });
    expect(out.code).toBe(1);
    expect(out.stderr).toMatch(/SECRET_KEY is not set/);
    expect(out.stderr + out.stdout).not.toContain(token);
  });

  it('adds a token read from stdin, lists the account without its token, and rotates the key', async () => {
    const token = fake.longLivedToken(USER.id);
    const added = await cli(['add', '--token', '-'], env, `${token}\n`);
    expect(added.stderr).toBe('');
    expect(added.code).toBe(0);
    expect(added.stdout).toMatch(/^added @sam\.writes \(17841499999999999\), token valid until 20\d\d-/);

    const listed = await cli(['list', '--json'], env);
    expect(listed.code).toBe(0);
    const rows = JSON.parse(listed.stdout) as Record<string, unknown>[];
    expect(rows).toEqual([
      expect.objectContaining({
        account_id: USER.id,
        username: 'sam.writes',
        token_status: 'valid',
        connected: true,
      }),
    ]);
    expect(listed.stdout).not.toContain(token);

    const rotated = await cli(['rotate-key'], { ...env, SECRET_KEY: NEW_KEY, SECRET_KEY_PREVIOUS: OLD_KEY });
    expect(rotated.stderr).toBe('');
    expect(rotated.stdout).toBe('re-encrypted 1, already on SECRET_KEY 0\n');

    const store = await createStore({ DATA_DIR: 'memory://', DATABASE_URL: db.url });
    try {
      const row = await store.db.selectFrom('accounts').selectAll().executeTakeFirstOrThrow();
      expect(new TokenCipher(NEW_KEY).decrypt(row.access_token, USER.id)).toBe(token);
      expect(() => new TokenCipher(OLD_KEY).decrypt(row.access_token, USER.id)).toThrow(/neither SECRET_KEY/);
    } finally {
      await store.close();
    }

    // The old key alone no longer opens it: rotate-key with the wrong pair fails and says which account.
    const wrong = await cli(['rotate-key'], { ...env, SECRET_KEY: OLD_KEY });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain(
      `1 token(s) open with neither SECRET_KEY nor SECRET_KEY_PREVIOUS (accounts ${USER.id})`,
    );
  }, 180_000);
});
