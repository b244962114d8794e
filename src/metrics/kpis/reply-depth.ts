import type { ReplyNode } from './types.js';

/** Thread depth = levels in the deepest chain under a top-level reply (a reply with no answers = 1), in levels. */
export function threadDepth(root: ReplyNode): number {
  // Iterative, and each node is visited once: a 100k-deep chain must not overflow the stack, and a
  // malformed tree that reuses a node (a cycle) must not loop forever.
  const seen = new Set<ReplyNode>([root]);
  const stack: [ReplyNode, number][] = [[root, 1]];
  let deepest = 0;
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    const [node, depth] = item;
    deepest = Math.max(deepest, depth);
    for (const child of node.children) {
      if (seen.has(child)) continue;
      seen.add(child);
      stack.push([child, depth + 1]);
    }
  }
  return deepest;
}

/** Reply depth = mean thread depth over the post's top-level replies, in levels (≥ 1 with replies); 0 without replies. */
export function replyDepth(topLevelReplies: readonly ReplyNode[]): number {
  if (topLevelReplies.length === 0) return 0;
  let total = 0;
  for (const reply of topLevelReplies) total += threadDepth(reply);
  return total / topLevelReplies.length;
}
