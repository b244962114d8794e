import { describe, expect, it } from 'vitest';
import { SourceError } from '../threads-source.js';
import { HOUR_MS } from './engagement.js';
import { SimulatorEngine } from './engine.js';
import { FaultInjector } from './faults.js';
import { InProcessSimulatorSource } from './in-process-source.js';

const START = Date.UTC(2025, 5, 1, 12);

function makeSut(faults = new FaultInjector(), timeoutMs = 200) {
  const simulator = new SimulatorEngine({ seed: 1, startAt: START, clock: () => 0, demo: false });
  return { sut: new InProcessSimulatorSource(simulator, { faults, timeoutMs }), simulator };
}

async function rejection(p: Promise<unknown>): Promise<SourceError> {
  const err: unknown = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof SourceError)) throw new Error(`expected a SourceError, got ${String(err)}`);
  return err;
}

describe(InProcessSimulatorSource.name, () => {
  it('serves the simulator through the source interface', async () => {
    const { sut, simulator } = makeSut();
    const post = await sut.publish({ content: 'hello' });
    expect(await sut.listPublished()).toEqual([post]);
    expect(await sut.getPost(post.id)).toEqual(post);
    await sut.advance(2 * HOUR_MS);
    expect(await sut.simulatedNow()).toEqual(new Date(START + 2 * HOUR_MS));
    expect(await sut.getAnalytics(post.id)).toEqual(simulator.analytics(post.id));
    const c = await sut.postComment(post.id, { text: 'how much?', author: 'a' });
    expect((await sut.getComments(post.id, { limit: 1000 })).at(-1)).toEqual({ ...c, true_label: undefined });
    expect(await sut.sendDm({ idempotency_key: 'k', recipient: 'a', text: 't' })).toEqual({
      id: 'dm_1',
      duplicate: false,
    });
    expect(await sut.sendDm({ idempotency_key: 'k', recipient: 'a', text: 't' })).toEqual({
      id: 'dm_1',
      duplicate: true,
    });
    expect((await sut.listDms()).map((d) => d.idempotency_key)).toEqual(['k']);
    expect(await sut.health()).toBe(true);
  });

  it('maps an unknown post to a permanent 404 SourceError and bad input to a permanent 400', async () => {
    const { sut } = makeSut();
    const notFound = await rejection(sut.getAnalytics('missing'));
    expect(notFound).toMatchObject({ kind: 'not_found', transient: false, status: 404 });
    const bad = await rejection(sut.publish({ content: 'x'.repeat(501) }));
    expect(bad).toMatchObject({ kind: 'http', transient: false, status: 400 });
  });

  it('fails every call with a transient 500 at error rate 1, and recovers when reset', async () => {
    const { sut } = makeSut(new FaultInjector({ errorRate: 1 }));
    const err = await rejection(sut.listPublished());
    expect(err).toMatchObject({ kind: 'http', transient: true, status: 500 });
    expect(await sut.health()).toBe(false);
    await sut.setFault({ reset: true });
    expect(await sut.listPublished()).toEqual([]);
  });

  it('fails about the configured fraction of calls at error rate 0.3', async () => {
    const { sut } = makeSut(new FaultInjector({ errorRate: 0.3 }, 9));
    let failed = 0;
    for (let i = 0; i < 1000; i++) {
      await sut.listPublished().catch(() => failed++);
    }
    expect(failed).toBeGreaterThan(250);
    expect(failed).toBeLessThan(350);
  });

  it('times out (transient) when latency exceeds the timeout or the source hangs', async () => {
    const slow = makeSut(new FaultInjector({ latencyMs: 1000 }), 50).sut;
    const t0 = Date.now();
    expect(await rejection(slow.listPublished())).toMatchObject({ kind: 'timeout', transient: true });
    const waited = Date.now() - t0;
    expect(waited).toBeGreaterThanOrEqual(45);
    expect(waited).toBeLessThan(900);
    const hanging = makeSut(new FaultInjector({ timeout: true }), 30).sut;
    expect(await rejection(hanging.getPost('x'))).toMatchObject({ kind: 'timeout', transient: true });
  });

  it('adds latency below the timeout and still answers', async () => {
    const { sut } = makeSut(new FaultInjector({ latencyMs: 40 }), 500);
    const t0 = Date.now();
    expect(await sut.listPublished()).toEqual([]);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(35);
  });
});

describe(FaultInjector.name, () => {
  it('rejects an error rate outside 0..1 and negative latency', () => {
    const sut = new FaultInjector();
    expect(() => sut.set({ errorRate: 1.5 })).toThrow(RangeError);
    expect(() => sut.set({ latencyMs: -1 })).toThrow(RangeError);
    expect(sut.get()).toEqual({ errorRate: 0, latencyMs: 0, latencyJitterMs: 0, timeout: false });
  });

  it('keeps the other knobs when one changes and jitters latency within its range', () => {
    const sut = new FaultInjector({ errorRate: 0.5 });
    sut.set({ latencyMs: 100, latencyJitterMs: 50 });
    expect(sut.get().errorRate).toBe(0.5);
    for (let i = 0; i < 200; i++) {
      const d = sut.next().delayMs;
      expect(d).toBeGreaterThanOrEqual(100);
      expect(d).toBeLessThan(150);
    }
  });
});
