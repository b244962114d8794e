import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommentsRepository } from '../../src/comments/repository.js';
import { createStore } from '../../src/infra/db/client.js';
import { migrations } from '../../src/infra/db/migrations/index.js';
import { INTENT_MODEL_VERSION } from '../../src/nlp/intent.js';
import { PostsRepository } from '../../src/posts/index.js';
import { runCli } from '../helpers/cli.js';
import { createTestDatabase, type TestDatabase } from '../helpers/pg.js';

/** `threads-agent migrate` and `threads-agent comments reanalyse` as an operator runs them, on PostgreSQL. */

const cli = (args: string[], env: Record<string, string>) => runCli(args, env);

describe('threads-agent migrate and comments reanalyse', { timeout: 120_000 }, () => {
  let db: TestDatabase;
  let env: Record<string, string>;

  beforeAll(async () => {
    db = await createTestDatabase();
    env = { DATABASE_URL: db.url };
  });
  afterAll(() => db?.drop());

  it('applies every migration once, then finds the database up to date', async () => {
    const first = await cli(['migrate'], env);
    expect(first).toEqual({
      code: 0,
      stdout: `applied: ${Object.keys(migrations).join(', ')}\n`,
      stderr: '',
    });
    expect(await cli(['migrate'], env)).toEqual({ code: 0, stdout: 'database is up to date\n', stderr: '' });
  });

  it('exits non-zero with the reason when the database cannot be reached', async () => {
    const out = await cli(['migrate'], { DATABASE_URL: `${db.url}_missing` });
    expect(out.code).toBe(1);
    expect(out.stderr).toMatch(/does not exist/);
    expect(out.stdout).toBe('');
  });

  it('counts and re-analyses the comments analysed by an older model', async () => {
    const store = await createStore({ DATABASE_URL: db.url, DATA_DIR: 'unused' });
    try {
      await new PostsRepository(store.db).upsertSourcePosts([
        {
          id: 'p1',
          account_id: 'acct_1',
          persona_id: 'persona_1',
          username: 'maya',
          content: 'Comment LINK',
          post_url: 'https://www.threads.net/@maya/post/p1',
          published_at: '2026-11-20T09:00:00Z',
        },
      ]);
      const repo = new CommentsRepository(store.db);
      await repo.insertComments('p1', [
        {
          comment_id: 'c1',
          author: 'bot',
          text: 'buy followers cheap www.bit.ly/x9k2',
          timestamp: '2026-11-20T10:00:00Z',
          parent_id: null,
        },
        {
          comment_id: 'c2',
          author: 'ben',
          text: 'where can I buy this?',
          timestamp: '2026-11-20T10:00:00Z',
          parent_id: null,
        },
      ]);
      const scores = { purchase_intent: 0.9, question: 0, praise: 0, complaint: 0, spam: 0, other: 0 };
      await repo.upsertAnalyses(
        ['c1', 'c2'].map((comment_id) => ({
          comment_id,
          intent: 'purchase_intent' as const,
          scores,
          sentiment: 0,
          lead_score: 0.9,
          model_version: 'intent.v1+spam.v1+rules.v2',
        })),
        new Date('2026-11-20T10:00:00Z'),
      );
    } finally {
      await store.close();
    }

    expect(await cli(['comments', 'reanalyse', '--dry-run'], env)).toEqual({
      code: 0,
      stdout: `2 stored analyses come from another model than ${INTENT_MODEL_VERSION}\n`,
      stderr: '',
    });
    expect(await cli(['comments', 'reanalyse'], env)).toEqual({
      code: 0,
      stdout:
        `re-analysed 2 comments with ${INTENT_MODEL_VERSION}; intent changed for 1:\n` +
        '  purchase_intent → spam: 1\n',
      stderr: '',
    });
    expect((await cli(['comments', 'reanalyse', '--dry-run'], env)).stdout).toBe(
      `0 stored analyses come from another model than ${INTENT_MODEL_VERSION}\n`,
    );
  });
});
