import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  FeatureVector,
  cueHash,
  extractFeatures,
  fnv1a,
  loadLinearModel,
  predictProba,
  predictScores,
  type LinearModelFile,
} from './linear.js';
import { tokenize } from './tokenize.js';
import { adversarial } from '../../test/helpers/linear-time.js';

const WORDS_ONLY = { unigrams: true, bigrams: false, charNgrams: null };

function fileWith(overrides: Partial<LinearModelFile> = {}): LinearModelFile {
  return {
    name: 'toy',
    version: 'toy.v1',
    trainedOn: 'hand-written',
    hashBits: 4,
    features: WORDS_ONLY,
    outputs: ['yes'],
    bias: [0],
    weights: [{ d: [], w: [] }],
    ...overrides,
  };
}

describe(fnv1a.name, () => {
  it('matches the published FNV-1a 32-bit test vectors for ASCII', () => {
    expect(fnv1a('')).toBe(0x811c9dc5);
    expect(fnv1a('a')).toBe(0xe40c292c);
    expect(fnv1a('foobar')).toBe(0xbf9cf968);
  });

  it('continues a hash when given the previous value as seed', () => {
    expect(fnv1a('bar', fnv1a('foo'))).toBe(fnv1a('foobar'));
  });

  it('hashes UTF-16 code units, so an emoji contributes its two surrogates', () => {
    expect(fnv1a('😀')).toBe(fnv1a('\ud83d\ude00'));
    expect(fnv1a('😀')).not.toBe(fnv1a('\ud83d'));
  });
});

describe(extractFeatures.name, () => {
  it('emits one unigram per token with numbers, URLs and mentions collapsed', () => {
    const sut = (text: string) => {
      const fv = extractFeatures(tokenize(text), text, WORDS_ONLY, 0xffff, new FeatureVector(2));
      return Array.from(fv.idx.subarray(0, fv.size));
    };
    expect(sut('7 ways')).toEqual(sut('12 ways'));
    expect(sut('see https://a.io now')).toEqual(sut('see www.b.org now'));
    expect(sut('hi @ann')).toEqual(sut('hi @bob'));
    expect(sut('you win')).toHaveLength(2);
    expect(sut('you win')).not.toEqual(sut('they win'));
  });

  it('adds BOS and EOS bigrams: n tokens give n + 1 bigrams', () => {
    const spec = { unigrams: false, bigrams: true, charNgrams: null };
    const text = 'this is why';
    const sut = extractFeatures(tokenize(text), text, spec, 0xffffff, new FeatureVector());
    expect(sut.size).toBe(4);
    const swapped = extractFeatures(
      tokenize('why is this'),
      'why is this',
      spec,
      0xffffff,
      new FeatureVector(),
    );
    expect(Array.from(swapped.idx.subarray(0, 4)).sort()).not.toEqual(
      Array.from(sut.idx.subarray(0, 4)).sort(),
    );
  });

  it('counts char n-grams of the padded, case- and space-folded text', () => {
    const spec = { unigrams: false, bigrams: false, charNgrams: [3, 3] as [number, number] };
    // " ab " has 4 chars → 2 trigrams; "AB" and "ab\n\n" fold to the same string.
    const sut = (text: string) => {
      const fv = extractFeatures([], text, spec, 0xffffff, new FeatureVector());
      return Array.from(fv.idx.subarray(0, fv.size));
    };
    expect(sut('ab')).toHaveLength(2);
    expect(sut('AB')).toEqual(sut('ab'));
    expect(sut('  ab\n\n')).toEqual(sut('ab'));
    expect(sut('abc')).toHaveLength(3);
  });

  it('grows the feature vector past its initial capacity', () => {
    const text = 'word '.repeat(1000);
    const sut = extractFeatures(tokenize(text), text, WORDS_ONLY, 0xff, new FeatureVector(1));
    expect(sut.size).toBe(1000);
    expect(new Set(sut.idx.subarray(0, sut.size)).size).toBe(1);
  });

  it('never throws on random Unicode and reads a megabyte of adversarial input (linear: a quadratic pass would time out)', () => {
    const spec = { unigrams: true, bigrams: true, charNgrams: [2, 5] as [number, number] };
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), (text) => {
        const fv = extractFeatures(tokenize(text), text, spec, 0xffff, new FeatureVector());
        for (let i = 0; i < fv.size; i++) expect(fv.idx[i]).toBeLessThanOrEqual(0xffff);
      }),
    );
    const text =
      adversarial('\ud83d', 330_000) + adversarial('a!', 330_000) + adversarial(' \u200d', 330_000);
    const fv = extractFeatures(tokenize(text), text, spec, 0xffff, new FeatureVector());
    expect(fv.size).toBeGreaterThan(0);
    expect(fv.idx.subarray(0, fv.size).reduce((m, v) => Math.max(m, v), 0)).toBeLessThanOrEqual(0xffff);
  });
});

describe(loadLinearModel.name, () => {
  it('expands delta-encoded buckets into the dense weight array', () => {
    const sut = loadLinearModel(fileWith({ weights: [{ d: [2, 3], w: [0.5, -1] }] }));
    expect(sut.weights[2]).toBe(0.5);
    expect(sut.weights[5]).toBe(-1);
    expect(sut.weights.reduce((a, b) => a + Math.abs(b), 0)).toBe(1.5);
    expect(sut.mask).toBe(15);
    const marked = Array.from({ length: 16 }, (_, b) => b).filter(
      (b) => (sut.nonzero[b >>> 5]! & (1 << (b & 31))) !== 0,
    );
    expect(marked).toEqual([2, 5]);
  });

  it('rejects a file whose row count does not match its outputs', () => {
    expect(() => loadLinearModel(fileWith({ outputs: ['a', 'b'] }))).toThrow(/2 outputs/);
  });

  it('rejects a bucket beyond 2^hashBits', () => {
    expect(() => loadLinearModel(fileWith({ weights: [{ d: [10, 10], w: [1, 1] }] }))).toThrow(/bucket 20/);
  });

  it('rejects a file of the wrong shape with the failing path', () => {
    expect(() => loadLinearModel({ ...fileWith(), hashBits: 'x' })).toThrow(/hashBits/);
  });
});

describe(predictProba.name, () => {
  it('returns σ(bias + Σ value·weight)', () => {
    const model = loadLinearModel(fileWith({ bias: [-1], weights: [{ d: [1, 1], w: [2, 0.5] }] }));
    const fv = new FeatureVector();
    fv.add(1, model.mask);
    fv.add(2, model.mask, 2);
    fv.add(17, model.mask); // 17 & 15 = 1: collides with bucket 1
    const z = -1 + 2 + 2 * 0.5 + 2;
    expect(predictProba(model, fv)).toBeCloseTo(1 / (1 + Math.exp(-z)), 6);
  });

  it('stays finite for huge margins', () => {
    const model = loadLinearModel(fileWith({ bias: [-800] }));
    expect(predictProba(model, new FeatureVector())).toBe(0);
    expect(predictProba(loadLinearModel(fileWith({ bias: [800] })), new FeatureVector())).toBe(1);
  });
});

describe(predictScores.name, () => {
  it('scores every output independently from interleaved weights', () => {
    const model = loadLinearModel(
      fileWith({
        outputs: ['a', 'b'],
        bias: [0, 1],
        weights: [
          { d: [3], w: [1] },
          { d: [3], w: [-2] },
        ],
      }),
    );
    const fv = new FeatureVector();
    fv.add(3, model.mask);
    const sut = predictScores(model, fv);
    expect(sut[0]).toBeCloseTo(1 / (1 + Math.exp(-1)), 9);
    expect(sut[1]).toBeCloseTo(1 / (1 + Math.exp(1)), 9);
  });

  it('scores models of 13 outputs (a pass of eight, then one per output) like the formula', () => {
    // output r: bias r/10, weight (r + 1) in bucket 2 and −r/4 in bucket 6 (output 12 has none there)
    const outputs = Array.from({ length: 13 }, (_, r) => `o${r}`);
    const model = loadLinearModel(
      fileWith({
        outputs,
        bias: outputs.map((_, r) => r / 10),
        weights: outputs.map((_, r) =>
          r === 12 ? { d: [2], w: [r + 1] } : { d: [2, 4], w: [r + 1, -r / 4] },
        ),
      }),
    );
    const fv = new FeatureVector();
    fv.add(2, model.mask, 0.5);
    fv.add(6, model.mask, 2);
    fv.add(18, model.mask); // 18 & 15 = 2
    const sut = predictScores(model, fv);
    outputs.forEach((_, r) => {
      const z = r / 10 + 1.5 * (r + 1) + (r === 12 ? 0 : 2 * (-r / 4));
      expect(sut[r]).toBeCloseTo(1 / (1 + Math.exp(-z)), 12);
    });
  });

  it('reads a bucket any output has a weight in, and skips empty ones', () => {
    const model = loadLinearModel(
      fileWith({
        outputs: ['a', 'b'],
        bias: [0, 0],
        weights: [
          { d: [], w: [] },
          { d: [7], w: [3] },
        ],
      }),
    );
    const fv = new FeatureVector();
    fv.add(7, model.mask, 0.5);
    fv.add(9, model.mask, 100); // an empty bucket: adds nothing
    const sut = predictScores(model, fv);
    expect(sut[0]).toBe(0.5);
    expect(sut[1]).toBeCloseTo(1 / (1 + Math.exp(-1.5)), 9);
  });
});

describe(cueHash.name, () => {
  it('keeps cue names apart from the same word as a unigram', () => {
    expect(cueHash('you')).not.toBe(cueHash('your'));
    const fv = extractFeatures(tokenize('you'), 'you', WORDS_ONLY, 0xffffffff, new FeatureVector());
    expect(fv.idx[0]! >>> 0).not.toBe(cueHash('you'));
  });
});
