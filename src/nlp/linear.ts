/**
 * Linear text models: hashed sparse features and logistic inference.
 *
 * Why feature hashing rather than a vocabulary map: the model file stays a list of
 * (bucket, weight) pairs with no strings in it, inference needs no string allocation or
 * Map lookup per token (a bigram's hash is the continuation of its first word's hash), and
 * unseen words cost nothing. Collisions at 2^16–2^18 buckets cost well under a point of
 * accuracy on the datasets used here (measured in docs/evaluation.md).
 *
 * The hash is FNV-1a 32-bit over UTF-16 code units (not UTF-8 bytes: JS strings are UTF-16,
 * and hashing code units avoids an encode step; for ASCII both give the same value, e.g.
 * fnv1a('a') = 0xe40c292c). A feature's bucket is `hash(namespace + term) & (2^hashBits − 1)`.
 * Changing any of this changes every bucket, so it is fixed; models record `hashBits` and the
 * feature families they were trained with, and inference reads both from the model.
 */
import { Type, type Static } from 'typebox';
import { Compile } from 'typebox/compile';
import { sigmoid } from '../lib/math.js';
import type { Token } from './tokenize.js';

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** FNV-1a 32-bit over UTF-16 code units, continuing from `seed` (default: the FNV offset basis). */
export function fnv1a(text: string, seed: number = FNV_OFFSET): number {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    h = Math.imul(h ^ text.charCodeAt(i), FNV_PRIME) >>> 0;
  }
  return h;
}

function fnvStep(h: number, code: number): number {
  return Math.imul(h ^ code, FNV_PRIME) >>> 0;
}

// Namespaces keep a unigram "you" apart from a char n-gram "you" and from a cue named "you".
const NS_UNIGRAM = fnv1a('u:');
const NS_BIGRAM = fnv1a('b:');
const NS_CHAR = fnv1a('c:');
const NS_CUE = fnv1a('x:');

/** Hash of a named dense feature (hook cue, caps ratio…); compute once, reuse per call. */
export function cueHash(name: string): number {
  return fnv1a(name, NS_CUE);
}

export const FeatureSpecSchema = Type.Object({
  /** word/emoji/punct unigrams; numbers, URLs and mentions collapse to `<num>`, `<url>`, `<mention>` */
  unigrams: Type.Boolean(),
  /** adjacent-token bigrams, including `<s> first` and `last </s>` */
  bigrams: Type.Boolean(),
  /** char n-grams [min, max] over the lower-cased text with whitespace runs collapsed; null = none */
  charNgrams: Type.Union([
    Type.Tuple([Type.Integer({ minimum: 1 }), Type.Integer({ minimum: 1 })]),
    Type.Null(),
  ]),
});
export type FeatureSpec = Static<typeof FeatureSpecSchema>;

const SparseRowSchema = Type.Object({
  /** ascending bucket indices, delta-encoded (first value absolute) to keep files small */
  d: Type.Array(Type.Integer({ minimum: 0 })),
  /** weights, same length as `d` */
  w: Type.Array(Type.Number()),
});

export const LinearModelFileSchema = Type.Object({
  name: Type.String(),
  version: Type.String(),
  /** which data and split the weights came from */
  trainedOn: Type.String(),
  hashBits: Type.Integer({ minimum: 4, maximum: 24 }),
  features: FeatureSpecSchema,
  /** one independent sigmoid per output (one-vs-rest); a binary model has one output */
  outputs: Type.Array(Type.String(), { minItems: 1 }),
  bias: Type.Array(Type.Number()),
  weights: Type.Array(SparseRowSchema),
  /** decision thresholds per output, chosen on training data */
  thresholds: Type.Optional(Type.Record(Type.String(), Type.Number())),
  /** figures measured by the training script, for the record */
  metrics: Type.Optional(Type.Record(Type.String(), Type.Number())),
});
export type LinearModelFile = Static<typeof LinearModelFileSchema>;

/** A model ready for inference: weights dense, interleaved as `W[bucket * K + k]`. */
export interface LinearModel {
  readonly name: string;
  readonly version: string;
  readonly hashBits: number;
  readonly mask: number;
  readonly features: FeatureSpec;
  readonly outputs: readonly string[];
  readonly bias: Float64Array;
  readonly weights: Float32Array;
  /**
   * One bit per bucket, set when any output has a weight there. Most features of a text (unseen
   * bigrams above all) hash to empty buckets; the 32 KB bitset of a 2^18-bucket model answers
   * that from the CPU cache instead of a read of the multi-megabyte weight array.
   */
  readonly nonzero: Uint32Array;
  readonly thresholds: Readonly<Record<string, number>>;
}

// Compiled once: the interpreted Value.Check walked the 100,000-element weight arrays of the
// models at ~1 µs an element, a third of a second on every start-up.
const modelFile = Compile(LinearModelFileSchema);

/** Validate a model file (parsed JSON) and expand its sparse rows into dense arrays. */
export function loadLinearModel(json: unknown): LinearModel {
  if (!modelFile.Check(json)) {
    const first = modelFile.Errors(json)[0];
    throw new Error(
      `invalid linear model: ${first ? `${first.instancePath} ${first.message}` : 'bad shape'}`,
    );
  }
  const file = json;
  const k = file.outputs.length;
  if (file.bias.length !== k || file.weights.length !== k) {
    throw new Error(
      `invalid linear model ${file.name}: ${k} outputs but ${file.bias.length} biases / ${file.weights.length} rows`,
    );
  }
  const size = 2 ** file.hashBits;
  const weights = new Float32Array(size * k);
  const nonzero = new Uint32Array(Math.ceil(size / 32));
  file.weights.forEach((row, r) => {
    if (row.d.length !== row.w.length)
      throw new Error(`invalid linear model ${file.name}: row ${r} d/w lengths differ`);
    let bucket = 0;
    for (let i = 0; i < row.d.length; i++) {
      bucket += row.d[i]!;
      if (bucket >= size)
        throw new Error(`invalid linear model ${file.name}: bucket ${bucket} ≥ 2^${file.hashBits}`);
      weights[bucket * k + r] = row.w[i]!;
      if (row.w[i] !== 0) nonzero[bucket >>> 5]! |= 1 << (bucket & 31);
    }
  });
  return {
    name: file.name,
    version: file.version,
    hashBits: file.hashBits,
    mask: size - 1,
    features: file.features,
    outputs: file.outputs,
    bias: Float64Array.from(file.bias),
    weights,
    nonzero,
    thresholds: file.thresholds ?? {},
  };
}

/**
 * A reusable sparse feature vector (bucket, value) with duplicates allowed — they add up.
 * Reuse one per caller to keep inference allocation-free.
 */
export class FeatureVector {
  idx: Int32Array;
  val: Float32Array;
  size = 0;

  constructor(capacity = 256) {
    this.idx = new Int32Array(capacity);
    this.val = new Float32Array(capacity);
  }

  clear(): this {
    this.size = 0;
    return this;
  }

  /** Add `value` at the bucket of a full 32-bit hash (masking happens here). */
  add(hash: number, mask: number, value = 1): void {
    if (this.size === this.idx.length) this.grow();
    this.idx[this.size] = hash & mask;
    this.val[this.size] = value;
    this.size++;
  }

  private grow(): void {
    const idx = new Int32Array(this.idx.length * 2);
    idx.set(this.idx);
    const val = new Float32Array(this.val.length * 2);
    val.set(this.val);
    this.idx = idx;
    this.val = val;
  }
}

/** The term a token contributes: placeholders for tokens whose exact text does not generalise. */
export function tokenTerm(token: Token): string {
  switch (token.kind) {
    case 'number':
      return '<num>';
    case 'url':
      return '<url>';
    case 'mention':
      return '<mention>';
    case 'hashtag':
    case 'word':
    case 'emoji':
    case 'punct':
      return token.norm;
  }
}

const EOS = '</s>';
/** bigram seed after the sentence-start marker: fnvStep(fnv1a('<s>', NS_BIGRAM), 0x20) */
const BOS_SEED = fnvStep(fnv1a('<s>', NS_BIGRAM), 0x20);
const H_EMOJI = fnv1a('<emoji>', NS_UNIGRAM);
const H_HASHTAG = fnv1a('<hashtag>', NS_UNIGRAM);

/**
 * Append the hashed features of `tokens` (and, when the spec asks for char n-grams, of `text`)
 * to `out`. Cost is linear in the input; nothing is allocated except when `out` must grow.
 */
export function extractFeatures(
  tokens: readonly Token[],
  text: string,
  spec: FeatureSpec,
  mask: number,
  out: FeatureVector,
): FeatureVector {
  // A bigram hash continues from the bigram seed of its first term, so one pass over each
  // term yields its unigram hash, the bigram ending at it and the seed of the next bigram.
  let prevSeed = BOS_SEED;
  for (const token of tokens) {
    const term = tokenTerm(token);
    let uni = NS_UNIGRAM;
    let bi = prevSeed;
    let next = NS_BIGRAM;
    for (let i = 0; i < term.length; i++) {
      const code = term.charCodeAt(i);
      uni = fnvStep(uni, code);
      bi = fnvStep(bi, code);
      next = fnvStep(next, code);
    }
    if (spec.unigrams) {
      out.add(uni, mask);
      if (token.kind === 'emoji') out.add(H_EMOJI, mask);
      else if (token.kind === 'hashtag') out.add(H_HASHTAG, mask);
    }
    if (spec.bigrams) out.add(bi, mask);
    prevSeed = fnvStep(next, 0x20);
  }
  if (spec.bigrams && tokens.length > 0) out.add(fnv1a(EOS, prevSeed), mask);
  if (spec.charNgrams) addCharNgrams(text, spec.charNgrams[0], spec.charNgrams[1], mask, out);
  return out;
}

const RING = 32;

/**
 * Char n-grams of " " + text + " ": ASCII letters lower-cased in place, every whitespace run
 * one space. Each n-gram is re-hashed from a small ring buffer, so the cost is
 * O(len × Σn) with no substring allocation.
 */
function addCharNgrams(text: string, min: number, max: number, mask: number, out: FeatureVector): void {
  const hi = Math.min(max, RING);
  const ring = new Uint16Array(RING);
  let count = 0;
  let prevSpace = false;
  const n = text.length;
  for (let i = -1; i <= n; i++) {
    let c = i < 0 || i === n ? 0x20 : text.charCodeAt(i);
    if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x0c || c === 0x0b || c === 0xa0) {
      if (prevSpace) continue;
      c = 0x20;
      prevSpace = true;
    } else {
      prevSpace = false;
      if (c >= 0x41 && c <= 0x5a) c |= 0x20;
    }
    ring[count % RING] = c;
    count++;
    for (let len = min; len <= hi && len <= count; len++) {
      let h = NS_CHAR;
      for (let j = count - len; j < count; j++) h = fnvStep(h, ring[j % RING]!);
      out.add(h, mask);
    }
  }
}

/** Whether any output has a weight in bucket `b` (the model's `nonzero` bitset). */
function hasWeights(nonzero: Uint32Array, b: number): boolean {
  return (nonzero[b >>> 5]! & (1 << (b & 31))) !== 0;
}

/** P(positive) of a binary model: σ(b + Σ value·w[bucket]). Uses the model's first output. */
export function predictProba(model: LinearModel, features: FeatureVector): number {
  return sigmoid(margin(model, features, 0));
}

/**
 * One-vs-rest scores: out[k] = σ(b_k + Σ value·w_k[bucket]), each in 0..1 and independent
 * (several outputs may be high at once — replies are often both a question and praise).
 *
 * The sums run in local variables, eight outputs per pass over the features (the emotion
 * model's eight in one pass), the rest one per pass: summed into `out` itself, every product
 * was a load and a store of the typed array, and the emotion model's scoring took a quarter
 * longer. Each output still adds its terms in feature order, so the scores are the same to the
 * last bit.
 */
export function predictScores(
  model: LinearModel,
  features: FeatureVector,
  out: Float64Array = new Float64Array(model.outputs.length),
): Float64Array {
  const k = model.outputs.length;
  let r = 0;
  for (; r + 8 <= k; r += 8) margins8(model, features, r, out);
  for (; r < k; r++) out[r] = margin(model, features, r);
  for (r = 0; r < k; r++) out[r] = sigmoid(out[r]!);
  return out;
}

/** b_r + Σ value·w_r[bucket] of output `r`. */
function margin(model: LinearModel, features: FeatureVector, r: number): number {
  const { weights: w, nonzero, outputs } = model;
  const k = outputs.length;
  const { idx, val, size } = features;
  let z = model.bias[r]!;
  for (let i = 0; i < size; i++) {
    const b = idx[i]!;
    if (hasWeights(nonzero, b)) z += val[i]! * w[b * k + r]!;
  }
  return z;
}

/** The margins of outputs r..r+7 into out[r..r+7]. */
function margins8(model: LinearModel, features: FeatureVector, r: number, out: Float64Array): void {
  const { weights: w, nonzero, outputs, bias } = model;
  const k = outputs.length;
  const { idx, val, size } = features;
  let o0 = bias[r]!;
  let o1 = bias[r + 1]!;
  let o2 = bias[r + 2]!;
  let o3 = bias[r + 3]!;
  let o4 = bias[r + 4]!;
  let o5 = bias[r + 5]!;
  let o6 = bias[r + 6]!;
  let o7 = bias[r + 7]!;
  for (let i = 0; i < size; i++) {
    const b = idx[i]!;
    if (!hasWeights(nonzero, b)) continue;
    const v = val[i]!;
    const j = b * k + r;
    o0 += v * w[j]!;
    o1 += v * w[j + 1]!;
    o2 += v * w[j + 2]!;
    o3 += v * w[j + 3]!;
    o4 += v * w[j + 4]!;
    o5 += v * w[j + 5]!;
    o6 += v * w[j + 6]!;
    o7 += v * w[j + 7]!;
  }
  out[r] = o0;
  out[r + 1] = o1;
  out[r + 2] = o2;
  out[r + 3] = o3;
  out[r + 4] = o4;
  out[r + 5] = o5;
  out[r + 6] = o6;
  out[r + 7] = o7;
}
