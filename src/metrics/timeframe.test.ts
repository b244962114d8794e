import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../errors.js';
import { isTimeframeLabel, parseTimeframe as sut, TIMEFRAMES } from './timeframe.js';

describe(sut.name, () => {
  it.each([
    ['1h', 3_600_000],
    ['3h', 10_800_000],
    ['6h', 21_600_000],
    ['12h', 43_200_000],
    ['24h', 86_400_000],
    ['7d', 604_800_000],
  ] as const)('parses %s into %d ms', (label, ms) => {
    expect(sut(label)).toEqual({ label, ms });
  });

  it.each(['90m', '90x', '-1h', 'abc', '', '2h', '1H', ' 1h', '1d', '1h ', 'constructor', '__proto__'])(
    'rejects %j with an InvalidInputError at query.timeframe',
    (value) => {
      let error: unknown;
      try {
        sut(value);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(InvalidInputError);
      const invalid = error as InvalidInputError;
      expect(invalid.loc).toEqual(['query', 'timeframe']);
      expect(invalid.message).toContain('1h, 3h, 6h, 12h, 24h, 7d');
    },
  );

  it('keeps a huge invalid value out of the error message', () => {
    expect(() => sut('x'.repeat(10_000))).toThrow(/^.{0,120}$/);
  });

  it('exports the allowed labels in order of length', () => {
    expect(TIMEFRAMES).toEqual(['1h', '3h', '6h', '12h', '24h', '7d']);
    expect(TIMEFRAMES.map((t) => sut(t).ms)).toEqual(
      [...TIMEFRAMES.map((t) => sut(t).ms)].sort((a, b) => a - b),
    );
  });
});

describe(isTimeframeLabel.name, () => {
  it('accepts the listed labels and nothing else', () => {
    expect(TIMEFRAMES.every(isTimeframeLabel)).toBe(true);
    expect([undefined, null, 1, '90m', 'toString'].some(isTimeframeLabel)).toBe(false);
  });
});
