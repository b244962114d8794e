import { describe, expect, it } from 'vitest';
import { InvalidInputError, NotFoundError } from '../../errors.js';
import { COMMENT_LABELS, type ReplyNode } from '../threads-source.js';
import { HOUR_MS } from './engagement.js';
import { SimulatorEngine, type SimulatorOptions } from './engine.js';

const START = Date.UTC(2025, 5, 1, 12, 0, 0);

/** A simulator on a fake real clock; `tick(simMs)` advances the real clock by simMs / speedup. */
function makeSut(options: SimulatorOptions = {}) {
  let real = 1_000_000;
  const speedup = options.speedup ?? 60;
  const sut = new SimulatorEngine({ seed: 42, startAt: START, clock: () => real, ...options });
  return {
    sut,
    tick(simMs: number) {
      real += simMs / speedup;
    },
  };
}

function depth(nodes: ReplyNode[]): number {
  return nodes.reduce((d, n) => Math.max(d, 1 + depth(n.children)), 0);
}

describe(SimulatorEngine.name, () => {
  describe('clock', () => {
    it('runs simulated time at the speed-up: 1 real minute at ×60 is 1 simulated hour', () => {
      const { sut, tick } = makeSut();
      expect(sut.now()).toBe(START);
      tick(HOUR_MS);
      expect(sut.now()).toBe(START + HOUR_MS);
    });

    it('changes speed without a jump and advances on demand', () => {
      let real = 0;
      const sut = new SimulatorEngine({ startAt: START, clock: () => real, speedup: 10, demo: false });
      real = 1000; // +10 s simulated
      sut.setSpeedup(1000);
      expect(sut.now()).toBe(START + 10_000);
      real = 1001; // +1 s simulated
      expect(sut.now()).toBe(START + 11_000);
      sut.advance(HOUR_MS);
      expect(sut.now()).toBe(START + 11_000 + HOUR_MS);
      expect(() => sut.advance(-1)).toThrow(RangeError);
    });
  });

  describe('demo posts', () => {
    it('publishes a 3-day backlog for the four demo accounts, newest first, all in the past', () => {
      const { sut } = makeSut();
      const posts = sut.listPublished({ limit: 1000 });
      // each account posts every 4–12 h over 72 h: between 6 and 18 posts each
      expect(posts.length).toBeGreaterThanOrEqual(24);
      expect(posts.length).toBeLessThanOrEqual(72);
      expect(new Set(posts.map((p) => p.account_id))).toEqual(
        new Set(['acct_maya', 'acct_devon', 'acct_rosa', 'acct_sam']),
      );
      const times = posts.map((p) => Date.parse(p.published_at));
      expect(times).toEqual([...times].sort((a, b) => b - a));
      expect(Math.max(...times)).toBeLessThanOrEqual(START);
      expect(Math.min(...times)).toBeGreaterThanOrEqual(START - 72 * HOUR_MS);
      for (const p of posts) {
        expect(p.content.length).toBeGreaterThan(0);
        expect([...p.content].length).toBeLessThanOrEqual(500);
        expect(p.post_url).toMatch(
          new RegExp(`^https://www\\.threads\\.net/@${p.username.replace('.', '\\.')}/post/`),
        );
        expect(p.id).toMatch(/^17\d{15}$/);
      }
    });

    it('keeps publishing as simulated time passes and filters by since, account and limit', () => {
      const { sut, tick } = makeSut();
      const before = sut.listPublished({ limit: 1000 }).length;
      tick(24 * HOUR_MS);
      const after = sut.listPublished({ limit: 1000 });
      // 4 accounts × at least two posts (gaps ≤ 12 h) in 24 h
      expect(after.length).toBeGreaterThanOrEqual(before + 8);
      const since = new Date(START);
      const recent = sut.listPublished({ since, limit: 1000 });
      expect(recent.every((p) => Date.parse(p.published_at) >= START)).toBe(true);
      expect(recent).toHaveLength(after.length - before);
      expect(
        sut
          .listPublished({ account_id: 'acct_rosa', limit: 1000 })
          .every((p) => p.account_id === 'acct_rosa'),
      ).toBe(true);
      expect(sut.listPublished({ limit: 3 })).toEqual(after.slice(0, 3));
    });

    it('has no posts at all with demo off, yet publishing works', () => {
      const { sut } = makeSut({ demo: false });
      expect(sut.listPublished()).toEqual([]);
      const post = sut.publish({ content: 'Hello Threads' });
      expect(post.account_id).toBe('acct_maya');
      expect(sut.listPublished()).toEqual([post]);
    });
  });

  describe('determinism', () => {
    it('returns identical posts, analytics and comments for the same seed and simulated time', () => {
      const a = makeSut();
      const b = makeSut();
      // a is read often along the way, b only at the end
      for (let h = 0; h < 10; h++) {
        a.tick(HOUR_MS);
        for (const p of a.sut.listPublished({ limit: 5 })) {
          a.sut.analytics(p.id);
          a.sut.comments(p.id);
        }
      }
      b.tick(10 * HOUR_MS);
      const postsA = a.sut.listPublished({ limit: 1000 });
      expect(b.sut.listPublished({ limit: 1000 })).toEqual(postsA);
      for (const p of postsA.slice(0, 8)) {
        expect(b.sut.analytics(p.id)).toEqual(a.sut.analytics(p.id));
        expect(b.sut.comments(p.id, { includeLabels: true, limit: 1000 })).toEqual(
          a.sut.comments(p.id, { includeLabels: true, limit: 1000 }),
        );
      }
    });

    it('differs for another seed', () => {
      const a = makeSut();
      const b = makeSut({ seed: 43 });
      expect(b.sut.listPublished()).not.toEqual(a.sut.listPublished());
    });
  });

  describe('analytics', () => {
    it('grows with simulated time and keeps the counters consistent', () => {
      const { sut, tick } = makeSut({ demo: false });
      const post = sut.publish({ content: 'Why do you feel tired after every workout?', virality: 0.6 });
      const first = sut.analytics(post.id);
      expect(first.views).toBe(0);
      tick(3 * HOUR_MS);
      const later = sut.analytics(post.id);
      tick(21 * HOUR_MS);
      const day = sut.analytics(post.id);
      expect(later.views).toBeGreaterThan(100);
      expect(day.views).toBeGreaterThan(later.views);
      expect(day.likes).toBeGreaterThan(later.likes);
      expect(day.collected_at).toBe(new Date(START + 24 * HOUR_MS).toISOString());
      expect(day.impressions).toBeGreaterThanOrEqual(day.views);
      expect(day.views).toBeGreaterThanOrEqual(day.engaged_views);
      expect(day.engaged_views).toBeGreaterThanOrEqual(day.likes);
      const hours = day.hourly_breakdown ?? [];
      expect(hours).toHaveLength(25); // 12:00 on day 1 … 12:00 on day 2
      expect(hours.reduce((a, h) => a + h.views, 0)).toBe(day.views);
      expect(hours.reduce((a, h) => a + h.replies, 0)).toBe(day.replies);
    });

    it('engages a high-virality post more than a low-virality one published at the same moment', () => {
      const { sut, tick } = makeSut({ demo: false });
      const high = sut.publish({ content: 'post A', virality: 0.9 });
      const low = sut.publish({ content: 'post B', virality: 0.1 });
      tick(24 * HOUR_MS);
      expect(sut.analytics(high.id).views).toBeGreaterThan(3 * sut.analytics(low.id).views);
      expect(sut.analytics(high.id).shares).toBeGreaterThan(sut.analytics(low.id).shares);
    });

    it('uses the injected virality function', () => {
      const seen: string[] = [];
      const { sut } = makeSut({
        demo: false,
        virality: (c) => {
          seen.push(c);
          return c.includes('viral') ? 0.95 : 0.05;
        },
      });
      const a = sut.publish({ content: 'very viral' });
      const b = sut.publish({ content: 'quiet' });
      expect(seen).toEqual(['very viral', 'quiet']);
      expect(sut.viralityOf(a.id)).toBe(0.95);
      expect(sut.viralityOf(b.id)).toBe(0.05);
    });

    it('throws NotFoundError for an unknown post', () => {
      const { sut } = makeSut();
      expect(() => sut.analytics('nope')).toThrow(NotFoundError);
      expect(() => sut.comments('nope')).toThrow(NotFoundError);
    });
  });

  describe('publish', () => {
    it('rejects empty, over-long and future posts and backdates on request', () => {
      const { sut } = makeSut({ demo: false });
      expect(() => sut.publish({ content: '   ' })).toThrow(InvalidInputError);
      expect(() => sut.publish({ content: 'x'.repeat(501) })).toThrow(/500 characters/);
      expect(sut.publish({ content: '🔥'.repeat(500) }).content).toHaveLength(1000); // 500 code points
      expect(() => sut.publish({ content: 'hi', published_at: new Date(START + 1) })).toThrow(/future/);
      expect(() => sut.publish({ content: 'hi', published_at: 'yesterday' })).toThrow(/not a date/);
      const old = sut.publish({ content: 'old post', published_at: new Date(START - 5 * HOUR_MS) });
      expect(old.published_at).toBe(new Date(START - 5 * HOUR_MS).toISOString());
      expect(sut.analytics(old.id).views).toBeGreaterThan(0);
    });

    it('gives an unknown account a stable audience and keeps the persona override', () => {
      const { sut } = makeSut({ demo: false });
      const p = sut.publish({ content: 'hi', account_id: 'Acct 9', persona_id: 'persona_x' });
      expect(p).toMatchObject({ account_id: 'Acct 9', persona_id: 'persona_x', username: 'acct_9' });
      expect(p.id).toBe('18000000000000001');
      expect(sut.accounts().find((a) => a.id === 'Acct 9')?.followers).toBeGreaterThanOrEqual(5000);
    });
  });

  describe('comments', () => {
    function busyPost() {
      const env = makeSut({ demo: false });
      const post = env.sut.publish({
        content: 'Stop doing crunches.\n\nComment PLAN and I will send you the plan.',
        account_id: 'acct_rosa',
        virality: 0.9,
      });
      env.tick(30 * HOUR_MS);
      return { ...env, post };
    }

    it('lists as many replies as the replies counter, oldest first, with true labels of every class', () => {
      const { sut, post } = busyPost();
      const replies = sut.analytics(post.id).replies;
      const all = sut.comments(post.id, { limit: 100_000, includeLabels: true });
      expect(all).toHaveLength(replies);
      expect(replies).toBeGreaterThan(200);
      const times = all.map((c) => Date.parse(c.timestamp));
      expect(times).toEqual([...times].sort((a, b) => a - b));
      expect(new Set(all.map((c) => c.true_label))).toEqual(new Set(COMMENT_LABELS));
      expect(new Set(all.map((c) => c.id)).size).toBe(all.length);
      // the post asks for PLAN: purchase intent is the biggest single class or close to it
      const purchase = all.filter((c) => c.true_label === 'purchase_intent').length;
      expect(purchase / all.length).toBeGreaterThan(0.18);
      // regulars reply more than once
      expect(new Set(all.map((c) => c.author)).size).toBeLessThan(all.length);
    });

    it('omits labels unless asked and pages with after/limit', () => {
      const { sut, post } = busyPost();
      const page1 = sut.comments(post.id, { limit: 10 });
      expect(page1).toHaveLength(10);
      expect(page1.every((c) => c.true_label === undefined)).toBe(true);
      const page2 = sut.comments(post.id, { after: page1[9]!.id, limit: 10 });
      expect(page2[0]).toEqual(sut.comments(post.id, { limit: 11 })[10]);
      expect(sut.comments(post.id, { after: 'unknown', limit: 10 })).toEqual(page1);
    });

    it('nests replies into trees deeper than one level but never deeper than five', () => {
      const { sut, post } = busyPost();
      const trees = sut.replyTree(post.id);
      const d = depth(trees);
      expect(d).toBeGreaterThanOrEqual(3);
      expect(d).toBeLessThanOrEqual(5);
      const count = (nodes: ReplyNode[]): number => nodes.reduce((n, x) => n + 1 + count(x.children), 0);
      expect(count(trees)).toBe(sut.analytics(post.id).replies);
      // the creator answers some questions
      expect(
        sut.comments(post.id, { limit: 100_000 }).some((c) => c.author === 'rosa.cooks' && c.parent_id),
      ).toBe(true);
    });

    it('adds a posted reply to the list, the tree and the counters', () => {
      const { sut, post } = busyPost();
      const before = sut.analytics(post.id);
      const top = sut.addComment(post.id, {
        text: 'PLAN please',
        author: 'tester',
        true_label: 'purchase_intent',
      });
      const child = sut.addComment(post.id, { text: 'same', author: 'tester2', parent_id: top.id });
      expect(top).toMatchObject({
        post_id: post.id,
        text: 'PLAN please',
        author: 'tester',
        true_label: 'purchase_intent',
      });
      expect(child.parent_id).toBe(top.id);
      const after = sut.analytics(post.id);
      expect(after.replies).toBe(before.replies + 2);
      expect(after.engaged_views).toBe(before.engaged_views + 2);
      const last = sut.comments(post.id, { limit: 100_000 }).slice(-2);
      expect(last.map((c) => c.id)).toEqual([top.id, child.id]);
      const node = sut.replyTree(post.id).find((n) => n.id === top.id);
      expect(node?.children.map((c) => c.id)).toEqual([child.id]);
      expect(() => sut.addComment(post.id, { text: 'x', author: 'a', parent_id: 'missing' })).toThrow(
        InvalidInputError,
      );
    });
  });

  describe('DMs', () => {
    it('accepts a DM once per idempotency key and lists what it received', () => {
      const { sut } = makeSut({ demo: false });
      const first = sut.sendDm({
        idempotency_key: 'k1',
        recipient: 'lena.k',
        text: 'here is the link',
        post_id: 'p',
      });
      const again = sut.sendDm({ idempotency_key: 'k1', recipient: 'lena.k', text: 'here is the link' });
      const other = sut.sendDm({ idempotency_key: 'k2', recipient: 'jake_m', text: 'hi' });
      expect(first).toEqual({ id: 'dm_1', duplicate: false });
      expect(again).toEqual({ id: 'dm_1', duplicate: true });
      expect(other).toEqual({ id: 'dm_2', duplicate: false });
      expect(sut.dms()).toEqual([
        {
          id: 'dm_1',
          idempotency_key: 'k1',
          recipient: 'lena.k',
          text: 'here is the link',
          post_id: 'p',
          sent_at: new Date(START).toISOString(),
        },
        {
          id: 'dm_2',
          idempotency_key: 'k2',
          recipient: 'jake_m',
          text: 'hi',
          sent_at: new Date(START).toISOString(),
        },
      ]);
    });
  });
});
