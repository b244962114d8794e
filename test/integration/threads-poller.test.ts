/**
 * The per-account poller against the simulator's Graph API over HTTP: schedule by post age,
 * the call budget, replies read once from cursors, backoff on 17, slowdown on the usage header.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_POLL_POLICY, AccountPoller, pollInterval } from '../../src/threads/poller.js';
import type { SourceComment } from '../../src/source/threads-source.js';
import { startThreadsSim, type ThreadsSim } from '../helpers/threads-sim.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const ACCOUNT = 'acct_rosa';
let sim: ThreadsSim | undefined;

afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function world(graph: { dailyCallBudget?: number } = {}) {
  sim = await startThreadsSim({ demo: false, graph });
  return sim;
}

describe('pollInterval', () => {
  it('reads young posts every 8 minutes, then hourly, then daily until the TTL', () => {
    const p = { ...DEFAULT_POLL_POLICY, ttlMs: 72 * HOUR };
    expect(pollInterval(0, p)).toBe(8 * MIN);
    expect(pollInterval(6 * HOUR - 1, p)).toBe(8 * MIN);
    expect(pollInterval(6 * HOUR, p)).toBe(HOUR);
    expect(pollInterval(24 * HOUR - 1, p)).toBe(HOUR);
    expect(pollInterval(24 * HOUR, p)).toBe(24 * HOUR);
    expect(pollInterval(72 * HOUR, p)).toBeNull();
    expect(pollInterval(24 * HOUR, DEFAULT_POLL_POLICY)).toBeNull();
  });
});

describe('AccountPoller', () => {
  it('follows post age: young posts every 8 min, a 12-hour-old one hourly; replies read once', async () => {
    const s = await world();
    const now = s.simulator.now();
    const young = s.simulator.publish({
      account_id: ACCOUNT,
      content: 'young one',
      published_at: new Date(now - 10 * MIN),
    });
    const older = s.simulator.publish({
      account_id: ACCOUNT,
      content: 'older one',
      published_at: new Date(now - 12 * HOUR),
    });
    const reads = new Map<string, number[]>();
    const seen: SourceComment[] = [];
    const poller = new AccountPoller({
      source: s.connector(),
      accountId: ACCOUNT,
      dailyBudget: 48_000,
      now: () => s.simulator.now(),
      onCounters: (post, _c, at) =>
        void reads.set(post.id, [...(reads.get(post.id) ?? []), (at - now) / MIN]),
      onComments: (_post, comments) => void seen.push(...comments),
    });
    for (let m = 0; m < 120; m++) {
      if (m === 30) s.simulator.addComment(young.id, { text: 'how much is it?', author: 'ana.b' });
      if (m === 50) s.simulator.addComment(young.id, { text: 'following', author: 'bo.c' });
      await poller.tick();
      s.simulator.advance(MIN);
    }
    expect(reads.get(young.id)).toEqual([0, 8, 16, 24, 32, 40, 48, 56, 64, 72, 80, 88, 96, 104, 112]);
    expect(reads.get(older.id)).toEqual([0, 60]);
    const truth = s.simulator.comments(young.id, { limit: 1000 }).map((c) => c.id);
    expect(seen.filter((c) => c.post_id === young.id).map((c) => c.id)).toEqual(truth);
    const olderSeen = seen.filter((c) => c.post_id === older.id).map((c) => c.id);
    expect(olderSeen.length).toBeGreaterThan(0);
    expect(olderSeen).toEqual(
      s.simulator
        .comments(older.id, { limit: 1000 })
        .map((c) => c.id)
        .slice(0, olderSeen.length),
    );
    expect(new Set(seen.map((c) => c.id)).size).toBe(seen.length);
  });

  it('stays inside its share of the budget and says when it stops for it', async () => {
    const s = await world();
    const now = s.simulator.now();
    for (let i = 0; i < 60; i++)
      s.simulator.publish({
        account_id: ACCOUNT,
        content: `burst ${i}`,
        published_at: new Date(now - i * MIN),
      });
    // 2,880 calls a day, half of it planned: 1,440 calls over the day plus the starting half hour
    const perMin = 1440 / (24 * 60 + 30);
    const poller = new AccountPoller({
      source: s.connector(),
      accountId: ACCOUNT,
      dailyBudget: 2880,
      now: () => s.simulator.now(),
    });
    const first = await poller.tick();
    expect(first.stopped).toBe('budget');
    expect(first.calls).toBe(Math.floor(30 * perMin));
    for (let m = 0; m < 60; m++) {
      s.simulator.advance(MIN);
      await poller.tick();
    }
    const allowance = (30 + 60) * perMin;
    expect(poller.calls).toBeLessThanOrEqual(Math.floor(allowance));
    expect(poller.calls).toBeGreaterThanOrEqual(Math.floor(allowance) - 2);
  });

  it('stops on 17 and makes no call until the backoff ends', async () => {
    const s = await world();
    s.simulator.publish({ account_id: ACCOUNT, content: 'a post' });
    let real = 0;
    const source = s.connector({ now: () => real, rateLimitBackoffMs: 10 * MIN });
    const poller = new AccountPoller({
      source,
      accountId: ACCOUNT,
      dailyBudget: 48_000,
      now: () => s.simulator.now(),
    });
    s.graph.queueError({ code: 17 });
    expect((await poller.tick()).stopped).toBe('rate_limited');
    s.simulator.advance(10 * MIN);
    const during = await poller.tick();
    expect(during).toEqual({ calls: 0, polled: 0, comments: 0, stopped: 'rate_limited' });
    real += 10 * MIN + 1;
    const after = await poller.tick();
    expect(after.stopped).toBeUndefined();
    expect(after.polled).toBe(1);
  });

  it('doubles its intervals when X-App-Usage passes 75 %', async () => {
    const s = await world({ dailyCallBudget: 100 });
    const post = s.simulator.publish({ account_id: ACCOUNT, content: 'watched closely' });
    const source = s.connector();
    for (let i = 0; i < 78; i++) await source.profile(ACCOUNT);
    const reads: number[] = [];
    const t0 = s.simulator.now();
    const poller = new AccountPoller({
      source,
      accountId: ACCOUNT,
      dailyBudget: 100_000,
      now: () => s.simulator.now(),
      onCounters: (p, _c, at) => void (p.id === post.id && reads.push((at - t0) / MIN)),
    });
    for (let m = 0; m <= 20; m++) {
      await poller.tick();
      s.simulator.advance(MIN);
    }
    expect(source.usage(ACCOUNT).usagePct).toBeGreaterThanOrEqual(75);
    expect(reads).toEqual([0, 16]);
  });
});
