import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { DraftRepository } from '../../src/content/draft-repository.js';
import { NEAR_DUPLICATE_SIMILARITY } from '../../src/content/scoring.js';
import type { Store } from '../../src/infra/db/client.js';
import { mulberry32 } from '../../src/lib/random.js';
import { syntheticPosts } from '../factories/posts.js';
import { useTestStore } from '../helpers/store-hooks.js';
import { testStoreEngines } from '../helpers/stores.js';

const T0 = Date.UTC(2026, 0, 1);
const CORPUS = 2000;
const UNRELATED = [
  'Rye flour behaves nothing like wheat: the dough stays sticky, so wet your hands and trust the recipe.',
  'My cat learned to open the fridge. I am not sure whether to be proud or worried about it.',
  'Three things I pack for every hike: water, a map, and one more layer than I think I need.',
];

async function insertPosts(store: Store, rows: { id: string; account_id: string; content: string }[]) {
  for (let i = 0; i < rows.length; i += 500) {
    await store.db
      .insertInto('posts')
      .values(
        rows.slice(i, i + 500).map((r, j) => ({
          ...r,
          persona_id: 'p1',
          published_at: new Date(T0 + (i + j) * 60_000),
          source: 'test',
        })),
      )
      .execute();
  }
}

/** `text` with `n` words replaced, as a person lightly editing a post would. */
function edited(text: string, n: number, rnd: () => number): string {
  const words = text.split(' ');
  for (let k = 0; k < n; k++)
    words[Math.floor(rnd() * words.length)] = ['really', 'honestly', 'simply'][k % 3]!;
  return words.join(' ');
}

/** pg_trgm's best similarity over every post of the account (what the indexed search must match). */
async function bruteForceBest(store: Store, accountId: string, text: string): Promise<number> {
  const { rows } = await sql<{ best: number | null }>`
    select max(similarity(content, ${text})) as best from posts where account_id = ${accountId}`.execute(
    store.db,
  );
  return Number(rows[0]?.best ?? 0);
}

describe.each(testStoreEngines)('near-duplicate search ($engine)', ({ create }) => {
  let store: Store;
  useTestStore(create, (s) => (store = s));
  const sut = () => new DraftRepository(store.db);

  it('finds edited copies among a corpus of recombined sentences with pg_trgm’s best similarity, and flags no unrelated text', async () => {
    // two accounts of 1,000 posts each, recombining a few dozen sentences: many near neighbours
    const posts = syntheticPosts(CORPUS, 11).map((p, i) => ({
      id: `c${i}`,
      account_id: `acct_${i % 2}`,
      content: p.content,
    }));
    await insertPosts(store, posts);
    const rnd = mulberry32(3);

    const exact = posts[10]!;
    expect(await sut().nearestDuplicate(exact.account_id, exact.content, NEAR_DUPLICATE_SIMILARITY)).toEqual({
      post_id: exact.id,
      draft_id: null,
      similarity: 1,
    });

    for (let k = 0; k < 25; k++) {
      const original = posts[Math.floor(rnd() * posts.length)]!;
      const text = edited(original.content, 3, rnd);
      const hit = await sut().nearestDuplicate(original.account_id, text, NEAR_DUPLICATE_SIMILARITY);
      const best = await bruteForceBest(store, original.account_id, text);
      expect(best).toBeGreaterThan(0.6);
      expect(hit, text).not.toBeNull();
      // the reported figure is pg_trgm's own, for the post named, and it is the account's best
      const { rows } = await sql<{ s: number }>`
        select similarity(content, ${text}) as s from posts where id = ${hit!.post_id}`.execute(store.db);
      expect(hit!.similarity).toBeCloseTo(Number(rows[0]!.s), 3);
      expect(hit!.similarity).toBeCloseTo(best, 3);
    }

    for (const text of UNRELATED) {
      expect(await bruteForceBest(store, 'acct_0', text)).toBeLessThan(NEAR_DUPLICATE_SIMILARITY);
      expect(await sut().nearestDuplicate('acct_0', text, NEAR_DUPLICATE_SIMILARITY)).toBeNull();
    }
  }, 120_000);

  it('compares only with the account’s own posts', async () => {
    const text = 'Unpopular opinion: the best recipe blog is the one with the recipe at the top.';
    await insertPosts(store, [{ id: 'theirs', account_id: 'someone_else', content: text }]);
    expect(await sut().nearestDuplicate('mine', text, NEAR_DUPLICATE_SIMILARITY)).toBeNull();
    expect(await sut().nearestDuplicate('someone_else', text, NEAR_DUPLICATE_SIMILARITY)).toMatchObject({
      post_id: 'theirs',
      similarity: 1,
    });
  });

  it('compares with open drafts but not rejected ones, nor with the draft itself', async () => {
    await store.db
      .insertInto('personas')
      .values({ id: 'p1', account_id: 'acct', name: 'P', topics: '[]', avoid: '[]' })
      .execute();
    const draft = (text: string, status: 'pending' | 'rejected') => ({
      persona_id: 'p1',
      account_id: 'acct',
      text,
      generator: 'composer',
      patterns: JSON.stringify({}),
      predicted: JSON.stringify({ mean: 0.01, low: 0, high: 0.02, basis: 'global', model_version: null }),
      limits_ok: true,
      limit_reasons: JSON.stringify([]),
      status,
    });
    const open =
      'Story time: I kept a spreadsheet of every reply for fifty posts, and the pattern surprised me.';
    const gone =
      'How to brace before a deadlift: breathe into your belly, lock the ribs, then pull the slack out.';
    const [pending] = await sut().insert([draft(open, 'pending'), draft(gone, 'rejected')]);
    const nearOpen = open.replace('fifty', 'sixty');
    expect(await sut().nearestDuplicate('acct', nearOpen, NEAR_DUPLICATE_SIMILARITY)).toMatchObject({
      post_id: null,
      draft_id: Number(pending!.id),
    });
    expect(
      await sut().nearestDuplicate('acct', open, NEAR_DUPLICATE_SIMILARITY, Number(pending!.id)),
    ).toBeNull();
    expect(await sut().nearestDuplicate('acct', gone, NEAR_DUPLICATE_SIMILARITY)).toBeNull();
  });

  it('short texts, and text with emoji and other scripts, are found when copied', async () => {
    const texts = [
      'Thoughts?',
      'Follow for more 👇',
      '今日はとても良い天気ですね。散歩に行きましょう！',
      'Ça marche très bien, merci !',
    ];
    await insertPosts(
      store,
      texts.map((content, i) => ({ id: `s${i}`, account_id: 'acct', content })),
    );
    for (const [i, text] of texts.entries()) {
      expect(await sut().nearestDuplicate('acct', text, NEAR_DUPLICATE_SIMILARITY)).toMatchObject({
        post_id: `s${i}`,
        similarity: 1,
      });
    }
  });
});
