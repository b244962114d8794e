import { describe, expect, it } from 'vitest';
import { FEATURE_COUNT } from './features.js';
import {
  accountModelOf,
  currentLevel,
  DEFAULT_MODEL_OPTIONS,
  normalQuantile,
  observeOutcome,
  predict,
  shrinkToward,
  trainEngagementModel,
  type EngagementExample,
  type EngagementModelOptions,
} from './model.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 5);

/** A feature vector with only the first feature (format:link) set. */
function vec(first: number): Float64Array {
  const x = new Float64Array(FEATURE_COUNT);
  x[0] = first;
  return x;
}

function examples(account: string, persona: string, points: [x: number, y: number][]): EngagementExample[] {
  return points.map(([x, y], i) => ({
    id: `${account}-${i}`,
    account_id: account,
    persona_id: persona,
    time: T0 + i * DAY,
    x: vec(x),
    y,
  }));
}

/** κ = 1 everywhere and unit scales, so every shrinkage step can be done by hand. */
const HAND: EngagementModelOptions = {
  ...DEFAULT_MODEL_OPTIONS,
  accountPriorPosts: 1,
  personaPriorPosts: 1,
  globalPriorPosts: 1,
  scales: new Array<number>(FEATURE_COUNT).fill(1),
};

// Persona P: accounts A and B; persona Q: account C. Centred sums of squares of feature 0:
//   A: x = 0,1,0,1  y = 0,1,0,1  → S = 1,   s = 1
//   B: x = 0,1      y = 1,1      → S = 0.5, s = 0
//   C: x = 0,1,0,1  y = 0,2,0,2  → S = 1,   s = 2
const A = examples('A', 'P', [
  [0, 0],
  [1, 1],
  [0, 0],
  [1, 1],
]);
const B = examples('B', 'P', [
  [0, 1],
  [1, 1],
]);
const C = examples('C', 'Q', [
  [0, 0],
  [1, 2],
  [0, 0],
  [1, 2],
]);

describe(shrinkToward.name, () => {
  it('pulls a lone effect toward the prior as κ posts would: (s + κ·prior)/(S + κ)', () => {
    // S = 10, s = 5 (own estimate 0.5), prior 1, κ = 2 → (5 + 2)/(10 + 2)
    const sut = shrinkToward({ n: 20, sxx: [10], sxy: [5] }, [1], 2, [1]);
    expect(sut.weights[0]).toBeCloseTo(7 / 12, 12);
    expect(sut.precisionInverse[0]).toBeCloseTo(1 / 12, 12);
  });

  it('scales the penalty by the feature scale squared: κ·scale²', () => {
    // scale 0.5 → penalty 4·0.25 = 1: (5 + 1·2)/(10 + 1)
    const sut = shrinkToward({ n: 20, sxx: [10], sxy: [5] }, [2], 4, [0.5]);
    expect(sut.weights[0]).toBeCloseTo(7 / 11, 12);
  });

  it('answers the prior exactly when there are no posts', () => {
    const sut = shrinkToward({ n: 0, sxx: [0, 0, 0, 0], sxy: [0, 0] }, [0.3, -0.7], 100, [0.2, 0.4]);
    expect([...sut.weights]).toEqual([0.3, -0.7]);
  });
});

describe(trainEngagementModel.name, () => {
  const sut = trainEngagementModel([...A, ...B, ...C], HAND);
  const effect = (id: string) => sut.accounts.find((a) => a.account_id === id)!.weights[0];
  const prior = (id: string) => sut.accounts.find((a) => a.account_id === id)!.priorWeights[0];

  it('shrinks an account toward its persona, fitted toward the global prior of the other personas', () => {
    // global_(−P) = C toward 0: (2 + 0)/(1 + 1) = 1; persona_(−A) = B toward 1: (0 + 1)/(0.5 + 1) = 2/3;
    // A toward 2/3: (1 + 2/3)/(1 + 1) = 5/6
    expect(prior('A')).toBeCloseTo(2 / 3, 12);
    expect(effect('A')).toBeCloseTo(5 / 6, 12);
    // persona_(−B) = A toward 1: (1 + 1)/(1 + 1) = 1; B toward 1: (0 + 1)/(0.5 + 1) = 2/3
    expect(prior('B')).toBeCloseTo(1, 12);
    expect(effect('B')).toBeCloseTo(2 / 3, 12);
  });

  it('uses the global prior directly for an account alone in its persona', () => {
    // global_(−Q) = A + B toward 0: (1 + 0)/(1.5 + 1) = 0.4; C toward 0.4: (2 + 0.4)/(1 + 1) = 1.2
    expect(prior('C')).toBeCloseTo(0.4, 12);
    expect(effect('C')).toBeCloseTo(1.2, 12);
  });

  it('keeps the persona and global fits for accounts it has not seen', () => {
    // persona P = A + B toward global_(−P) = 1: (1 + 0 + 1)/(1.5 + 1) = 0.8
    expect(sut.personas['P']!.weights[0]).toBeCloseTo(0.8, 12);
    // global = A + B + C toward 0: (1 + 0 + 2)/(2.5 + 1) = 6/7
    expect(sut.global.weights[0]).toBeCloseTo(6 / 7, 12);
    // features no post ever had stay at the prior, 0
    expect(effect('A')).not.toBe(0);
    expect(sut.accounts.every((a) => a.weights.slice(1).every((w) => w === 0))).toBe(true);
  });

  it('reports how far each effect was pulled toward the prior: κ·scale² / (S + κ·scale²)', () => {
    // A: 1 / (1 + 1); B: 1 / (0.5 + 1)
    expect(sut.accounts.find((a) => a.account_id === 'A')!.shrinkage[0]).toBeCloseTo(0.5, 12);
    expect(sut.accounts.find((a) => a.account_id === 'B')!.shrinkage[0]).toBeCloseTo(2 / 3, 12);
  });

  it('gives identical models and predictions for identical inputs, whatever their order', () => {
    const again = trainEngagementModel([...C].reverse().concat(B, [...A].reverse()), HAND);
    expect(JSON.stringify(again)).toBe(JSON.stringify(sut));
    const post = { account_id: 'A', persona_id: 'P', x: vec(1), time: T0 + 10 * DAY };
    expect(predict(again, post)).toEqual(predict(sut, post));
  });

  it('versions the model by its inputs', () => {
    expect(sut.version).toMatch(/^engagement-v1\+[0-9a-f]{12}$/);
    const changed = trainEngagementModel([...A, ...B, ...C.slice(1)], HAND);
    expect(changed.version).not.toBe(sut.version);
  });

  it('rejects a feature vector of the wrong length', () => {
    expect(() => trainEngagementModel([{ ...A[0]!, x: [1, 2] }], HAND)).toThrow(/features, expected/);
  });
});

describe(predict.name, () => {
  const model = trainEngagementModel([...A, ...B, ...C], HAND);

  it('predicts the persona prior for a new account: its effects and the persona accounts’ level', () => {
    const sut = predict(model, { account_id: 'new', persona_id: 'P', x: vec(1), time: T0 });
    const persona = model.personas['P']!;
    expect(sut.basis).toBe('persona');
    expect(sut.mean).toBeCloseTo(persona.level + persona.weights[0]!, 12);
    // two new accounts of the persona are the same account as far as the model knows
    expect(predict(model, { account_id: 'other', persona_id: 'P', x: vec(1), time: T0 })).toEqual(sut);
  });

  it('predicts the global prior for an account of a new persona', () => {
    const sut = predict(model, { account_id: 'new', persona_id: 'Z', x: vec(0), time: T0 });
    expect(sut.basis).toBe('global');
    expect(sut.mean).toBeCloseTo(model.global.level, 12);
  });

  it('with no history anywhere predicts the default level, with its variance', () => {
    const empty = trainEngagementModel([], DEFAULT_MODEL_OPTIONS);
    const sut = predict(empty, { account_id: 'new', persona_id: 'P', x: vec(0), time: T0 });
    const d = DEFAULT_MODEL_OPTIONS.defaults;
    expect(sut.mean).toBe(d.level);
    expect(sut.sd).toBeGreaterThanOrEqual(Math.sqrt(d.residualVariance + d.levelVariance));
  });

  it('puts the mean inside an 80 % interval of ±1.2816 sd', () => {
    const sut = predict(model, { account_id: 'A', persona_id: 'P', x: vec(1), time: T0 + 4 * DAY });
    expect(sut.low).toBeLessThan(sut.mean);
    expect(sut.high).toBeGreaterThan(sut.mean);
    expect((sut.high - sut.mean) / sut.sd).toBeCloseTo(1.2816, 3);
  });

  it('widens the interval the longer it has been since the last outcome (drift)', () => {
    const soon = predict(model, { account_id: 'A', persona_id: 'P', x: vec(1), time: T0 + 4 * DAY });
    const later = predict(model, { account_id: 'A', persona_id: 'P', x: vec(1), time: T0 + 400 * DAY });
    expect(later.mean).toBe(soon.mean);
    expect(later.sd).toBeGreaterThan(soon.sd);
  });

  it('learns the level of an account whose posts all do the same', () => {
    const flat = examples(
      'F',
      'P',
      Array.from({ length: 60 }, (_, i): [number, number] => [i % 2, 3]),
    );
    const m = trainEngagementModel(flat, DEFAULT_MODEL_OPTIONS);
    const sut = predict(m, { account_id: 'F', persona_id: 'P', x: vec(1), time: T0 + 61 * DAY });
    expect(sut.mean).toBeCloseTo(3, 1);
  });
});

describe(observeOutcome.name, () => {
  it('moves the level toward a new outcome and leaves the effects alone', () => {
    const model = trainEngagementModel([...A, ...B, ...C], HAND);
    const { account } = accountModelOf(model, 'A', 'P');
    const sut = observeOutcome(account, { x: vec(0), y: 5, time: T0 + 5 * DAY }, 14);
    expect(currentLevel(sut).level).toBeGreaterThan(currentLevel(account).level);
    expect(sut.weights).toEqual(account.weights);
  });
});

describe(normalQuantile.name, () => {
  it('matches the standard normal table', () => {
    expect(normalQuantile(0.9)).toBeCloseTo(1.281551566, 8);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963985, 8);
    expect(normalQuantile(0.5)).toBe(0);
    expect(normalQuantile(0.01)).toBeCloseTo(-2.326347874, 8);
  });
});
