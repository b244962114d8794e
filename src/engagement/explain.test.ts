import { describe, expect, it } from 'vitest';
import { FEATURE_COUNT, FEATURE_KEYS, FEATURES } from './features.js';
import { effectSentence, effectWords, explainPrediction, featureEffects } from './explain.js';
import { EMPTY_LEVEL, type LevelState } from './level.js';
import type { AccountModel } from './model.js';

const j = (key: string) => FEATURE_KEYS.indexOf(key);

function account(weights: Record<string, number>, means: Record<string, number> = {}): AccountModel {
  const w = new Array<number>(FEATURE_COUNT).fill(0);
  const m = new Array<number>(FEATURE_COUNT).fill(0);
  for (const [k, v] of Object.entries(weights)) w[j(k)] = v;
  for (const [k, v] of Object.entries(means)) m[j(k)] = v;
  const inv = new Array<number>(FEATURE_COUNT * FEATURE_COUNT).fill(0);
  for (let i = 0; i < FEATURE_COUNT; i++) inv[i * FEATURE_COUNT + i] = 0.01;
  const level: LevelState = EMPTY_LEVEL;
  return {
    account_id: 'a',
    persona_id: 'p',
    posts: 100,
    weights: w,
    priorWeights: new Array<number>(FEATURE_COUNT).fill(0),
    shrinkage: new Array<number>(FEATURE_COUNT).fill(0.5),
    precisionInverse: inv,
    featureMeans: m,
    level,
    priorLevel: 0,
    priorLevelVariance: 1,
    residualVariance: 0.25,
    driftPerDay: 0,
  };
}

describe(effectWords.name, () => {
  it('says a ratio as a percentage better or worse', () => {
    expect(effectWords(-0.4)).toBe('do 40 % worse');
    expect(effectWords(0.123)).toBe('do 12 % better');
    expect(effectWords(0.004)).toBe('do about as well as the rest');
  });
});

describe(effectSentence.name, () => {
  it('reads "posts with a link do 40 % worse for you"', () => {
    expect(effectSentence(FEATURES[j('format:link')]!, -0.4)).toBe('posts with a link do 40 % worse for you');
  });
});

describe(featureEffects.name, () => {
  it('turns a log-scale weight into a ratio per step: e^(ln 0.6) − 1 = −40 %, graded per its step', () => {
    const sut = featureEffects(account({ 'format:link': Math.log(0.6), 'emotion:anger': 2 }), 0.8);
    const link = sut.find((e) => e.feature === 'format:link')!;
    expect(link.effect).toBeCloseTo(-0.4, 12);
    expect(link.text).toBe('posts with a link do 40 % worse for you');
    // anger per +0.25: e^(2·0.25) − 1 = 64.9 %
    const anger = sut.find((e) => e.feature === 'emotion:anger')!;
    expect(anger.effect).toBeCloseTo(Math.exp(0.5) - 1, 12);
    // 80 % interval: w ± 1.2816·√(0.25·0.01) = w ± 0.0641
    expect(link.low).toBeCloseTo(Math.exp(Math.log(0.6) - 1.2816 * 0.05) - 1, 3);
    // 95 % by default
    const wide = featureEffects(account({ 'format:link': Math.log(0.6) })).find(
      (e) => e.feature === 'format:link',
    )!;
    expect(wide.high).toBeCloseTo(Math.exp(Math.log(0.6) + 1.96 * 0.05) - 1, 3);
    expect(sut[0]!.feature).toBe('emotion:anger');
  });
});

describe(explainPrediction.name, () => {
  it('names the features that moved this post most, and whether it has them', () => {
    const model = account({ 'format:link': Math.log(0.6), 'format:emoji': 0.01 }, { 'format:link': 0.5 });
    const x = new Float64Array(FEATURE_COUNT);
    x[j('format:link')] = 1;
    const contributions = [...x].map((v, i) => model.weights[i]! * (v - model.featureMeans[i]!));
    const sut = explainPrediction(model, { contributions }, x);
    expect(sut).toHaveLength(1);
    expect(sut[0]!.feature).toBe('format:link');
    expect(sut[0]!.change).toBeCloseTo(Math.sqrt(0.6) - 1, 12);
    expect(sut[0]!.text).toBe('posts with a link do 40 % worse for you (this post: yes)');
  });
});
