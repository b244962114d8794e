import { describe, expect, it } from 'vitest';
import { estimateServerNow } from './server-clock.js';

describe(estimateServerNow.name, () => {
  it('falls back on the browser clock without a reading', () => {
    expect(estimateServerNow([], 1_000)).toBe(1_000);
  });

  it('adds the elapsed browser time to a single reading (rate 1)', () => {
    expect(estimateServerNow([{ server: 50_000, client: 1_000 }], 3_000)).toBe(52_000);
  });

  it('follows a clock running 60× faster, measured from two readings', () => {
    const samples = [
      { server: 0, client: 0 },
      { server: 300_000, client: 5_000 },
    ];
    // 2 s after the last reading: 2 s × 60 = 120 s of server time.
    expect(estimateServerNow(samples, 7_000)).toBe(420_000);
  });

  it('never moves backwards when the browser clock is behind the last reading', () => {
    expect(estimateServerNow([{ server: 10_000, client: 5_000 }], 4_000)).toBe(10_000);
  });

  it('ignores a pair of readings that goes back in time', () => {
    const samples = [
      { server: 10_000, client: 0 },
      { server: 5_000, client: 1_000 },
    ];
    expect(estimateServerNow(samples, 2_000)).toBe(6_000);
  });
});
