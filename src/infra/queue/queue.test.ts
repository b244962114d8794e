import { describe, expect, it } from 'vitest';
import { backoffDelayMs, MAX_BACKOFF_MS, resolveAddOptions, validateJobId } from './queue.js';

describe(backoffDelayMs.name, () => {
  it('doubles from the base per failed attempt, scaled by jitter between 0.5 and 1', () => {
    expect([1, 2, 3, 4].map((n) => backoffDelayMs(n, 1000, () => 0))).toEqual([500, 1000, 2000, 4000]);
    expect([1, 2, 3].map((n) => backoffDelayMs(n, 1000, () => 0.5))).toEqual([750, 1500, 3000]);
  });

  it('caps the delay at 10 s before jitter', () => {
    expect(backoffDelayMs(5, 1000, () => 0)).toBe(5000);
    expect(backoffDelayMs(6, 1000, () => 0)).toBe(5000);
    expect(backoffDelayMs(30, 1000, () => 0.999999)).toBe(MAX_BACKOFF_MS);
  });

  it('treats attempt 0 like the first retry', () => {
    expect(backoffDelayMs(0, 200, () => 0)).toBe(100);
  });
});

describe(validateJobId.name, () => {
  it('accepts ids made of letters, digits, dash, underscore and dot', () => {
    expect(() => validateJobId('collect-p1_2026.11.23')).not.toThrow();
    expect(() => validateJobId('0a')).not.toThrow();
  });

  it('rejects digit-only ids, colons, spaces, empty and over-long ids', () => {
    for (const bad of ['42', 'a:b', 'a b', '', 'x'.repeat(201)])
      expect(() => validateJobId(bad)).toThrow(TypeError);
  });
});

describe(resolveAddOptions.name, () => {
  it('fills in 3 attempts, 1 s backoff, no priority and no delay', () => {
    expect(resolveAddOptions()).toEqual({ attempts: 3, backoffMs: 1000, priority: 0, delayMs: 0 });
  });

  it('rejects fractional priorities, priorities above BullMQ limit and zero attempts', () => {
    expect(() => resolveAddOptions({ priority: 2.5 })).toThrow(RangeError);
    expect(() => resolveAddOptions({ priority: 2 ** 21 + 1 })).toThrow(RangeError);
    expect(() => resolveAddOptions({ attempts: 0 })).toThrow(RangeError);
  });
});
