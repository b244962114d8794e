import { describe, expect, it } from 'vitest';
import { COMMENT_LABELS, type CommentLabel } from '../threads-source.js';
import {
  authorPool,
  commentText,
  pickAuthor,
  pickLabel,
  templateCount,
  type CommentContext,
} from './comment-templates.js';
import { DEMO_ACCOUNTS } from './demo-content.js';
import { Rng } from './random.js';

const account = DEMO_ACCOUNTS[0]!;
const noCta: CommentContext = { account, keyword: undefined };
const withCta: CommentContext = { account, keyword: 'PLAN' };

function labelShares(ctx: CommentContext, n: number): Record<CommentLabel, number> {
  const rng = new Rng(3);
  const counts = Object.fromEntries(COMMENT_LABELS.map((l) => [l, 0])) as Record<CommentLabel, number>;
  for (let i = 0; i < n; i++) counts[pickLabel(rng, ctx)]++;
  for (const l of COMMENT_LABELS) counts[l] /= n;
  return counts;
}

describe(pickLabel.name, () => {
  it('draws every label at its base weight on a post without a call to action', () => {
    const shares = labelShares(noCta, 50_000);
    expect(shares.purchase_intent).toBeCloseTo(0.1, 1);
    expect(shares.praise).toBeCloseTo(0.26, 1);
    expect(shares.spam).toBeCloseTo(0.12, 1);
    for (const l of COMMENT_LABELS) expect(shares[l]).toBeGreaterThan(0.05);
  });

  it('triples purchase intent (0.10 → 0.30) under a post that asks for a keyword', () => {
    expect(labelShares(withCta, 50_000).purchase_intent).toBeCloseTo(0.3, 1);
  });
});

describe(commentText.name, () => {
  it('has at least 15 templates per label and produces many distinct texts per label', () => {
    const rng = new Rng(8);
    for (const label of COMMENT_LABELS) {
      expect(templateCount(label)).toBeGreaterThanOrEqual(15);
      const texts = new Set(Array.from({ length: 400 }, () => commentText(rng, label, withCta)));
      expect(texts.size).toBeGreaterThan(60);
    }
  });

  it('fills the slots: no {placeholder} survives and the keyword and product appear', () => {
    const rng = new Rng(9);
    const all = Array.from({ length: 2000 }, () => commentText(rng, 'purchase_intent', withCta));
    expect(all.filter((t) => /\{\w+\}/.test(t))).toEqual([]);
    expect(all.some((t) => /\bplan\b/i.test(t))).toBe(true);
    expect(all.some((t) => t.toLowerCase().includes('12-week strength plan'))).toBe(true);
  });

  it('puts links or self-promotion into spam', () => {
    const rng = new Rng(10);
    const spam = Array.from({ length: 500 }, () => commentText(rng, 'spam', noCta));
    expect(spam.some((t) => /https?:\/\/|www\./.test(t))).toBe(true);
    expect(spam.some((t) => /channel|my page|profile|bio/i.test(t))).toBe(true);
  });

  it('sometimes addresses the parent author in a nested reply', () => {
    const rng = new Rng(11);
    const replies = Array.from({ length: 200 }, () => commentText(rng, 'praise', noCta, 'lena.k'));
    const mentioning = replies.filter((t) => t.startsWith('@lena.k ')).length;
    expect(mentioning).toBeGreaterThan(60);
    expect(mentioning).toBeLessThan(140);
  });
});

describe(pickAuthor.name, () => {
  it('repeats regulars: the first tenth of the pool writes about a third of the replies', () => {
    const rng = new Rng(12);
    const pool = authorPool(rng, 400);
    expect(new Set(pool).size).toBe(400);
    const head = new Set(pool.slice(0, 40));
    let fromHead = 0;
    for (let i = 0; i < 20_000; i++) if (head.has(pickAuthor(rng, pool))) fromHead++;
    // P(u² < 0.1) = √0.1 ≈ 0.316
    expect(fromHead / 20_000).toBeCloseTo(0.316, 1);
  });
});
