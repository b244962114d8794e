import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { defaultAnalyzer } from '../../src/comments/default-analyzer.js';
import { reanalyseStale } from '../../src/comments/reanalyse.js';
import { CommentsRepository } from '../../src/comments/repository.js';
import type { Store } from '../../src/infra/db/client.js';
import { PostsRepository } from '../../src/posts/index.js';
import { INTENT_MODEL_VERSION } from '../../src/nlp/intent.js';
import { useTestStore } from '../helpers/store-hooks.js';
import { testStoreEngines } from '../helpers/stores.js';

const OLD = 'intent.v1+spam.v1+rules.v2';
const T = new Date('2026-11-20T10:00:00Z');

describe.each(testStoreEngines)('reanalyseStale ($engine)', ({ create }) => {
  let store: Store;
  useTestStore(create, (s) => (store = s));

  async function seed(): Promise<CommentsRepository> {
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
    const row = (comment_id: string, author: string, text: string) => ({
      comment_id,
      author,
      text,
      timestamp: '2026-11-20T10:00:00Z',
      parent_id: null,
    });
    await repo.insertComments('p1', [
      row('c1', 'bot', 'buy followers cheap www.bit.ly/x9k2'),
      row('c2', 'maya', 'check your DMs 📩'),
      row('c3', 'ana', 'Love this so much 🔥'),
      row('c4', 'ben', 'where can I buy this?'),
      row('c5', 'cy', 'I want a refund, this is broken'),
    ]);
    const stored = (comment_id: string, intent: 'purchase_intent' | 'spam' | 'praise', version: string) => ({
      comment_id,
      intent,
      scores: { purchase_intent: 0, question: 0, praise: 0, complaint: 0, spam: 0, other: 0, [intent]: 0.9 },
      sentiment: 0,
      lead_score: intent === 'purchase_intent' ? 0.9 : 0,
      model_version: version,
    });
    await repo.upsertAnalyses(
      [
        stored('c1', 'purchase_intent', OLD),
        stored('c2', 'spam', OLD),
        // already current: left alone even though a re-analysis would say otherwise
        stored('c3', 'spam', INTENT_MODEL_VERSION),
        stored('c4', 'purchase_intent', OLD),
        stored('c5', 'spam', OLD),
      ],
      T,
    );
    // an operator's label is never re-analysed, nor overwritten by a late analysis job
    await repo.correctIntent('c5', 'praise', T);
    await repo.upsertAnalyses([stored('c5', 'spam', OLD)], T);
    return repo;
  }

  it('rewrites the analyses of older models, batch by batch, and reports how intents moved', async () => {
    const repo = await seed();
    expect(await repo.countStaleAnalyses(INTENT_MODEL_VERSION)).toBe(3);
    const progress: number[] = [];
    const result = await reanalyseStale(repo, defaultAnalyzer, {
      modelVersion: INTENT_MODEL_VERSION,
      batchSize: 2,
      now: () => new Date('2026-12-02T00:00:00Z'),
      onProgress: (done) => progress.push(done),
    });
    expect(result).toEqual({
      updated: 3,
      changed: { 'purchase_intent → spam': 1, 'spam → other': 1 },
    });
    expect(progress).toEqual([2, 3]);
    const { rows } = await sql<{
      comment_id: string;
      intent: string;
      model_version: string;
      analyzed_at: Date;
    }>`
      select comment_id, intent, model_version, analyzed_at from comment_analysis order by comment_id`.execute(
      store.db,
    );
    expect(rows.map((r) => [r.comment_id, r.intent, r.model_version])).toEqual([
      ['c1', 'spam', INTENT_MODEL_VERSION],
      ['c2', 'other', INTENT_MODEL_VERSION], // the creator's own reply
      ['c3', 'spam', INTENT_MODEL_VERSION],
      ['c4', 'purchase_intent', INTENT_MODEL_VERSION],
      ['c5', 'praise', OLD],
    ]);
    expect(new Date(rows[2]!.analyzed_at).toISOString()).toBe(T.toISOString());
    expect(new Date(rows[0]!.analyzed_at).toISOString()).toBe('2026-12-02T00:00:00.000Z');
    // no DM is decided by a re-analysis
    const { rows: outbox } = await sql<{ n: number }>`select count(*)::int as n from dm_outbox`.execute(
      store.db,
    );
    expect(Number(outbox[0]?.n)).toBe(0);

    expect(await repo.countStaleAnalyses(INTENT_MODEL_VERSION)).toBe(0);
    expect(await reanalyseStale(repo, defaultAnalyzer, { modelVersion: INTENT_MODEL_VERSION })).toEqual({
      updated: 0,
      changed: {},
    });
  });
});
