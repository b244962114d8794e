import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { replyDepth as sut, threadDepth } from './reply-depth.js';
import type { ReplyNode } from './types.js';

const leaf = (id: string): ReplyNode => ({ id, children: [] });
const node = (id: string, ...children: ReplyNode[]): ReplyNode => ({ id, children });

function chain(depth: number): ReplyNode {
  let current = leaf(`r${depth}`);
  for (let i = depth - 1; i >= 1; i -= 1) current = node(`r${i}`, current);
  return current;
}

describe(sut.name, () => {
  it('counts a top-level reply with no answers as depth 1', () => {
    expect(sut([leaf('a')])).toBe(1);
  });

  it('averages the deepest chain of each thread', () => {
    // thread a: a → a1 → a11 = 3 levels (a2 is shallower); thread b: 1; thread c: c → c1 = 2
    // mean = (3 + 1 + 2) / 3 = 2
    const a = node('a', node('a1', leaf('a11')), leaf('a2'));
    expect(sut([a, leaf('b'), node('c', leaf('c1'))])).toBe(2);
  });

  it('returns 0 without replies', () => {
    expect(sut([])).toBe(0);
  });

  it('handles a 100,000-deep chain without overflowing the stack', () => {
    expect(sut([chain(100_000)])).toBe(100_000);
  });

  it('terminates on a malformed tree that contains a cycle', () => {
    const children: ReplyNode[] = [];
    const a: ReplyNode = { id: 'a', children };
    children.push(node('b', a));
    // a → b → (a again: already seen) = 2 levels
    expect(threadDepth(a)).toBe(2);
  });

  it('is at least 1 with replies and never more than the number of nodes', () => {
    const tree: fc.Memo<ReplyNode> = fc.memo((n) =>
      n <= 1
        ? fc.constant(leaf('x'))
        : fc.array(tree(n - 1), { maxLength: 3 }).map((children) => ({ id: 'x', children })),
    );
    const size = (r: ReplyNode): number => 1 + r.children.reduce((s, c) => s + size(c), 0);
    fc.assert(
      fc.property(fc.array(tree(5), { minLength: 1, maxLength: 5 }), (threads) => {
        const value = sut(threads);
        expect(value).toBeGreaterThanOrEqual(1);
        expect(value).toBeLessThanOrEqual(Math.max(...threads.map(size)));
      }),
    );
  });
});
