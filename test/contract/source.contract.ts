/**
 * The `ThreadsSource` contract (SPEC §5): one suite, run by source.contract.test.ts against the
 * in-process simulator, the simulator over HTTP and the Graph API connector against the
 * simulator. The simulator engine behind each implementation is the ground truth.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOUR_MS } from '../../src/source/simulator/engagement.js';
import type { SimulatorEngine } from '../../src/source/simulator/engine.js';
import {
  SourceError,
  type ReplyNode,
  type SourceComment,
  type ThreadsSource,
} from '../../src/source/threads-source.js';

export interface SourceUnderTest {
  source: ThreadsSource;
  simulator: SimulatorEngine;
  close(): Promise<void>;
}

const ACCOUNT = 'acct_maya';
/** posts published before the suite starts, enough for more than one page of 100 */
const BACKLOG = 130;

async function rejection(p: Promise<unknown>): Promise<SourceError> {
  const err: unknown = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof SourceError)) throw new Error(`expected a SourceError, got ${String(err)}`);
  return err;
}

/** The Graph API reports times to the second: the contract compares them at that precision. */
const sec = (iso: string | undefined) => iso?.slice(0, 19);

function secTree(nodes: ReplyNode[]): ReplyNode[] {
  return nodes.map((n) => ({ ...n, timestamp: sec(n.timestamp) ?? '', children: secTree(n.children) }));
}

export function sourceContract(name: string, create: () => Promise<SourceUnderTest>): void {
  describe(`ThreadsSource contract (${name})`, () => {
    let sut: SourceUnderTest;
    let source: ThreadsSource;
    let sim: SimulatorEngine;

    beforeAll(async () => {
      sut = await create();
      source = sut.source;
      sim = sut.simulator;
      const now = sim.now();
      for (let i = 0; i < BACKLOG; i++) {
        sim.publish({
          account_id: ACCOUNT,
          content: `backlog post ${i}: what I learned about squats, part ${i}`,
          published_at: new Date(now - (i + 1) * 20 * 60_000),
        });
      }
    });
    afterAll(async () => {
      await sut.close();
    });

    it('answers health', async () => {
      expect(await source.health()).toBe(true);
    });

    it('lists an account’s posts newest first, beyond one page, with the simulator’s values', async () => {
      const posts = await source.listPublished({ account_id: ACCOUNT, limit: 150 });
      const truth = sim.listPublished({ account_id: ACCOUNT, limit: 150 });
      expect(posts).toHaveLength(Math.min(150, truth.length));
      expect(posts.length).toBeGreaterThan(100);
      expect(posts.map((p) => p.id)).toEqual(truth.map((p) => p.id));
      const first = posts[0];
      const expected = truth[0];
      expect(first).toMatchObject({
        id: expected?.id,
        account_id: ACCOUNT,
        persona_id: 'fitness_coach',
        username: 'maya.moves',
        content: expected?.content,
        post_url: expected?.post_url,
      });
      expect(sec(first?.published_at)).toBe(sec(expected?.published_at));
      for (let i = 1; i < posts.length; i++)
        expect((posts[i - 1]?.published_at ?? '') >= (posts[i]?.published_at ?? '')).toBe(true);
    });

    it('honours since and limit', async () => {
      const since = new Date(sim.now() - 3 * HOUR_MS);
      const posts = await source.listPublished({ account_id: ACCOUNT, since, limit: 5 });
      expect(posts).toHaveLength(5);
      for (const p of posts) expect(Date.parse(p.published_at)).toBeGreaterThanOrEqual(since.getTime());
    });

    it('reads one post as listed, and a missing one as a permanent not_found', async () => {
      const [listed] = await source.listPublished({ account_id: ACCOUNT, limit: 1 });
      if (listed === undefined) throw new Error('no post');
      expect(await source.getPost(listed.id)).toEqual(listed);
      const err = await rejection(source.getPost('17999999999999999'));
      expect(err.kind).toBe('not_found');
      expect(err.transient).toBe(false);
    });

    it('gives counters that only grow and keep their invariants', async () => {
      const [post] = await source.listPublished({ account_id: ACCOUNT, limit: 1 });
      if (post === undefined) throw new Error('no post');
      const before = await source.getAnalytics(post.id);
      sim.advance(2 * HOUR_MS);
      const after = await source.getAnalytics(post.id);
      expect(after.post_id).toBe(post.id);
      for (const c of [before, after]) {
        expect(c.impressions).toBeGreaterThanOrEqual(c.views);
        expect(c.views).toBeGreaterThanOrEqual(c.engaged_views);
        for (const k of ['likes', 'replies', 'reposts', 'quotes', 'shares'] as const) {
          expect(Number.isInteger(c[k]) && c[k] >= 0).toBe(true);
        }
      }
      expect(after.views).toBeGreaterThan(before.views);
      expect(after.likes).toBeGreaterThanOrEqual(before.likes);
      const truth = sim.countersAt(post.id, sim.now());
      expect({ views: after.views, likes: after.likes, replies: after.replies }).toEqual({
        views: truth.views,
        likes: truth.likes,
        replies: truth.replies,
      });
    });

    it('pages comments oldest first from a cursor without losing or repeating one', async () => {
      const [post] = sim
        .listPublished({ limit: 500 })
        .filter((p) => sim.comments(p.id, { limit: 1000 }).length >= 12);
      if (post === undefined) throw new Error('no post with replies');
      const truth = sim.comments(post.id, { limit: 1000 });
      const pages: SourceComment[] = [];
      let after: string | undefined;
      for (;;) {
        const page = await source.getComments(post.id, {
          limit: 5,
          ...(after === undefined ? {} : { after }),
        });
        if (page.length === 0) break;
        pages.push(...page);
        after = page.at(-1)?.id;
      }
      expect(pages.map((c) => c.id)).toEqual(truth.map((c) => c.id));
      const sample = pages[3];
      expect(sample).toMatchObject({
        id: truth[3]?.id,
        post_id: post.id,
        text: truth[3]?.text,
        author: truth[3]?.author,
      });
      expect(sec(sample?.timestamp)).toBe(sec(truth[3]?.timestamp));
      expect(sample?.parent_id).toBe(truth[3]?.parent_id);
      const fromUnknown = await source.getComments(post.id, { after: `${post.id}_nope`, limit: 3 });
      expect(fromUnknown.map((c) => c.id)).toEqual(truth.slice(0, 3).map((c) => c.id));
    });

    it('builds reply trees that hold every comment once', async () => {
      const [post] = sim
        .listPublished({ limit: 500 })
        .filter((p) => sim.comments(p.id, { limit: 1000 }).some((c) => c.parent_id));
      if (post === undefined) throw new Error('no post with nested replies');
      const tree = await source.getReplyTree(post.id);
      const seen: string[] = [];
      const walk = (nodes: typeof tree) => {
        for (const n of nodes) {
          seen.push(n.id);
          walk(n.children);
        }
      };
      walk(tree);
      expect(seen.sort()).toEqual(
        sim
          .comments(post.id, { limit: 1000 })
          .map((c) => c.id)
          .sort(),
      );
      expect(secTree(tree)).toEqual(secTree(sim.replyTree(post.id)));
    });

    it('publishes a post that reads back, and refuses one over 500 characters for good', async () => {
      const content = `contract post ${name} ${Date.now()}`;
      const post = await source.publish({ content, account_id: ACCOUNT });
      expect(post).toMatchObject({ content, account_id: ACCOUNT, username: 'maya.moves' });
      const [newest] = await source.listPublished({ account_id: ACCOUNT, limit: 1 });
      expect(newest?.id).toBe(post.id);
      expect(sim.getPost(post.id).content).toBe(content);
      const err = await rejection(source.publish({ content: 'x'.repeat(501), account_id: ACCOUNT }));
      expect(err.transient).toBe(false);
    });

    it('posts a reply, and a reply to a reply, that the comments then show', async () => {
      const post = await source.publish({
        content: `reply target ${name} ${Date.now()}`,
        account_id: ACCOUNT,
      });
      const top = await source.postComment(post.id, { text: 'thanks for reading!', author: 'maya.moves' });
      expect(top).toMatchObject({ post_id: post.id, text: 'thanks for reading!', author: 'maya.moves' });
      expect(top.parent_id).toBeUndefined();
      const nested = await source.postComment(post.id, {
        text: 'more below',
        author: 'maya.moves',
        parent_id: top.id,
      });
      expect(nested.parent_id).toBe(top.id);
      const comments = await source.getComments(post.id);
      expect(comments.map((c) => [c.id, c.text, c.parent_id])).toEqual([
        [top.id, 'thanks for reading!', undefined],
        [nested.id, 'more below', top.id],
      ]);
    });
  });
}
