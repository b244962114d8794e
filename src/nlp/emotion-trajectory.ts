/**
 * Emotion trajectory of a text (SPEC §2.2; seed 003's emotion_trajectories, emotion_segments,
 * emotion_transitions): how the emotions of a post move from one segment (sentence, or thread
 * part: emotion-segments.ts) to the next.
 *
 * Each segment gets the emotion vector of the emotion model (emotions.ts) and a valence: the
 * sentiment compound of the segment (sentiment.ts, −1…1; VADER's rules, r = 0.877 against
 * human valence ratings of tweets). The arc is read from the valence curve v₀…vₙ₋₁:
 *
 * 1. Swings. Walking the curve, a swing is a move of at least SWING (0.3, about the valence
 *    of one mildly positive word on its own) from the last turning point against the
 *    current direction (a "zigzag" filter): smaller wiggles are noise. The turning points
 *    are the peaks (tops) and valleys (bottoms); the curve's first and last extremes count
 *    when a swing starts or ends there. k = number of swings.
 * 2. Arc type:
 *    - `steady`: k = 0 (the valence never moves by SWING: max − min < SWING);
 *    - `rising` / `falling`: k = 1 upward / downward;
 *    - k = 2 (one reversal): by the net change vₙ₋₁ − v₀: `rising` when ≥ SWING, `falling`
 *      when ≤ −SWING (a dip that ends higher is still a rise), else `roller_coaster` (the
 *      curve went somewhere and came back);
 *    - `roller_coaster`: k ≥ 3 (the direction reverses at least twice).
 * 3. emotional_variance: the population variance of the valences. Valences lie in [−1, 1],
 *    so it lies in [0, 1] (1 only for a curve that alternates between −1 and 1).
 *
 * A segment's dominant emotion is the non-neutral emotion that clears its threshold by the
 * widest margin, (v − t) / (1 − t) with the model's per-emotion threshold t; `neutral` when
 * none clears it. `excitement` is one of the labels GoEmotions groups under joy: when both
 * clear their thresholds the more specific one names the segment (emotionRank).
 *
 * A transition joins each pair of consecutive segments: `switching` when the dominant emotion
 * changes, else `strengthening` / `weakening` as the dominant emotion's intensity rises or
 * falls by at least STABLE_INTENSITY, else `stable`. Its strength is the total-variation
 * distance between the two segments' emotion vectors, each scaled to sum to 1: 0 for the same
 * mix, 1 for mixes with nothing in common.
 *
 * Pure: values in, values out; linear in the length of the text.
 */
import { round3 } from '../lib/math.js';
import { EMOTION_MODEL, emotions, type EmotionModel, type EmotionScores } from './emotions.js';
import { EMOTIONS, type Emotion } from './emotion-labels.js';
import { segmentText, type Segmentation, type TextSegment } from './emotion-segments.js';
import { splitSentences, type Sentence } from './sentences.js';
import { SENTIMENT_LEXICON, sentiment, type SentimentLexicon } from './sentiment.js';
import { tokenize, wordCount, type Token } from './tokenize.js';

export const TRAJECTORY_VERSION = 'trajectory.v1';

export const ARC_TYPES = ['rising', 'falling', 'roller_coaster', 'steady'] as const;
export type ArcType = (typeof ARC_TYPES)[number];

export const TRANSITION_TYPES = ['switching', 'strengthening', 'weakening', 'stable'] as const;
export type TransitionType = (typeof TRANSITION_TYPES)[number];

/** The smallest valence move that counts as a swing of the curve. */
export const SWING = 0.3;
/** The smallest change of the dominant emotion's intensity that strengthens or weakens it. */
export const STABLE_INTENSITY = 0.05;

/** One segment of the progression: where it is, its emotion vector, valence and dominant emotion. */
export type SegmentEmotion = {
  segment_index: number;
  text: string;
  start: number;
  end: number;
  word_count: number;
  /** sentiment compound of the segment, −1…1 */
  valence: number;
  dominant_emotion: Emotion;
  /** the dominant emotion's intensity */
  intensity: number;
} & EmotionScores;

export interface EmotionTransition {
  from_segment: number;
  to_segment: number;
  from_emotion: Emotion;
  to_emotion: Emotion;
  transition_type: TransitionType;
  /** valence of the second segment minus that of the first, −2…2 */
  valence_change: number;
  /** intensity of the second segment's dominant emotion minus the first's */
  intensity_change: number;
  /** total-variation distance between the two emotion mixes, 0…1 */
  strength: number;
}

export interface EmotionTrajectory {
  arc_type: ArcType;
  emotion_progression: SegmentEmotion[];
  /** segment indices of the valence curve's tops, in order */
  peak_segments: number[];
  /** segment indices of the valence curve's bottoms, in order */
  valley_segments: number[];
  /** population variance of the valences, 0…1 */
  emotional_variance: number;
  transitions: EmotionTransition[];
  segment_count: number;
  segmentation: Segmentation;
  /** the dominant emotion of most segments (neutral only when no segment has another) */
  dominant_emotion: Emotion;
}

export interface ValenceArc {
  arc_type: ArcType;
  peaks: number[];
  valleys: number[];
  /** number of swings of at least SWING */
  swings: number;
}

/**
 * Arc type, peaks and valleys of a valence curve (the zigzag rule in the module comment).
 * One pass; non-finite values read as 0.
 */
export function valenceArc(valences: readonly number[], swing: number = SWING): ValenceArc {
  const n = valences.length;
  const v = (i: number): number => {
    const x = valences[i]!;
    return Number.isFinite(x) ? x : 0;
  };
  const eps = 1e-9;
  const peaks: number[] = [];
  const valleys: number[] = [];
  let dir = 0;
  let hi = 0;
  let lo = 0;
  let ext = 0;
  let swings = 0;
  for (let i = 1; i < n; i++) {
    const x = v(i);
    if (dir === 0) {
      if (x > v(hi)) hi = i;
      if (x < v(lo)) lo = i;
      if (v(hi) - v(lo) >= swing - eps) {
        if (hi > lo) {
          valleys.push(lo);
          dir = 1;
          ext = hi;
        } else {
          peaks.push(hi);
          dir = -1;
          ext = lo;
        }
        swings = 1;
      }
    } else if (dir === 1) {
      if (x > v(ext)) ext = i;
      else if (v(ext) - x >= swing - eps) {
        peaks.push(ext);
        dir = -1;
        ext = i;
        swings++;
      }
    } else if (x < v(ext)) ext = i;
    else if (x - v(ext) >= swing - eps) {
      valleys.push(ext);
      dir = 1;
      ext = i;
      swings++;
    }
  }
  if (dir === 1) peaks.push(ext);
  else if (dir === -1) valleys.push(ext);

  let arc: ArcType;
  if (swings === 0) arc = 'steady';
  else if (swings === 1) arc = dir === 1 ? 'rising' : 'falling';
  else if (swings === 2) {
    const net = v(n - 1) - v(0);
    arc = net >= swing - eps ? 'rising' : net <= -swing + eps ? 'falling' : 'roller_coaster';
  } else arc = 'roller_coaster';
  return { arc_type: arc, peaks, valleys, swings };
}

/** Population variance of the valences, clamped to [0, 1]. */
export function emotionalVariance(valences: readonly number[]): number {
  const n = valences.length;
  if (n === 0) return 0;
  let sum = 0;
  for (const x of valences) sum += Number.isFinite(x) ? x : 0;
  const mean = sum / n;
  let ss = 0;
  for (const x of valences) ss += ((Number.isFinite(x) ? x : 0) - mean) ** 2;
  return Math.min(1, Math.max(0, ss / n));
}

/**
 * Ranking of the emotions that clear their thresholds, best first: by margin
 * (v − t) / (1 − t), except that excitement comes before joy, the GoEmotions group it belongs
 * to (the more specific name describes the text better).
 */
export function emotionRank(scores: EmotionScores, model: EmotionModel = EMOTION_MODEL): Emotion[] {
  const present: Emotion[] = [];
  for (const e of EMOTIONS) {
    if (e === 'neutral') continue;
    if (scores[e] >= model.thresholds[e]) present.push(e);
  }
  const margin = (e: Emotion): number => (scores[e] - model.thresholds[e]) / (1 - model.thresholds[e]);
  present.sort((a, b) => margin(b) - margin(a) || EMOTIONS.indexOf(a) - EMOTIONS.indexOf(b));
  const ex = present.indexOf('excitement');
  const joy = present.indexOf('joy');
  if (ex > joy && joy >= 0) {
    present.splice(ex, 1);
    present.splice(joy, 0, 'excitement');
  }
  return present;
}

/** The non-neutral emotions in the order of EmotionScores, for the scans below. */
const RANKED: readonly Exclude<Emotion, 'neutral'>[] = [
  'anger',
  'disgust',
  'fear',
  'joy',
  'sadness',
  'surprise',
  'excitement',
];

/**
 * The emotion that names a segment: emotionRank's first, or neutral. One scan, no allocation
 * (it runs once per segment of every post the engine reads).
 */
export function dominantEmotion(scores: EmotionScores, model: EmotionModel = EMOTION_MODEL): Emotion {
  const t = model.thresholds;
  let best: Emotion = 'neutral';
  let bestMargin = Number.NEGATIVE_INFINITY;
  for (const e of RANKED) {
    const v = scores[e];
    const th = t[e];
    if (!(v >= th)) continue;
    const margin = (v - th) / (1 - th);
    // strictly greater: a tie goes to the earlier emotion in label order, as in emotionRank
    if (margin > bestMargin) {
      best = e;
      bestMargin = margin;
    }
  }
  if (best === 'joy' && scores.excitement >= t.excitement) return 'excitement';
  return best;
}

/** Total-variation distance between two emotion vectors scaled to sum to 1 (0 when either is all zero). */
function mixDistance(a: EmotionScores, b: EmotionScores): number {
  const sa = a.anger + a.disgust + a.fear + a.joy + a.sadness + a.surprise + a.neutral + a.excitement;
  const sb = b.anger + b.disgust + b.fear + b.joy + b.sadness + b.surprise + b.neutral + b.excitement;
  if (!(sa > 0 && sb > 0)) return 0;
  const d =
    Math.abs(a.anger / sa - b.anger / sb) +
    Math.abs(a.disgust / sa - b.disgust / sb) +
    Math.abs(a.fear / sa - b.fear / sb) +
    Math.abs(a.joy / sa - b.joy / sb) +
    Math.abs(a.sadness / sa - b.sadness / sb) +
    Math.abs(a.surprise / sa - b.surprise / sb) +
    Math.abs(a.neutral / sa - b.neutral / sb) +
    Math.abs(a.excitement / sa - b.excitement / sb);
  return Math.min(1, d / 2);
}

export interface TrajectoryOptions {
  model?: EmotionModel;
  lexicon?: SentimentLexicon;
}

/** The segment's point of the progression, from its tokens. */
function segmentEmotion(
  index: number,
  segment: TextSegment,
  tokens: readonly Token[],
  model: EmotionModel,
  lexicon: SentimentLexicon,
): SegmentEmotion {
  const e = emotions(tokens, model);
  const scores: EmotionScores = {
    anger: round3(e.anger),
    disgust: round3(e.disgust),
    fear: round3(e.fear),
    joy: round3(e.joy),
    sadness: round3(e.sadness),
    surprise: round3(e.surprise),
    neutral: round3(e.neutral),
    excitement: round3(e.excitement),
  };
  const dominant = dominantEmotion(scores, model);
  return {
    segment_index: index,
    text: segment.text,
    start: segment.start,
    end: segment.end,
    word_count: wordCount(tokens),
    valence: round3(sentiment(tokens, lexicon).compound),
    dominant_emotion: dominant,
    intensity: scores[dominant],
    anger: scores.anger,
    disgust: scores.disgust,
    fear: scores.fear,
    joy: scores.joy,
    sadness: scores.sadness,
    surprise: scores.surprise,
    neutral: scores.neutral,
    excitement: scores.excitement,
  };
}

/** The trajectory of scored segments: arc, peaks, valleys, variance, transitions. */
export function trajectoryOf(progression: SegmentEmotion[], segmentation: Segmentation): EmotionTrajectory {
  const valences = progression.map((p) => p.valence);
  const arc = valenceArc(valences);
  const transitions: EmotionTransition[] = [];
  for (let i = 1; i < progression.length; i++) {
    const a = progression[i - 1]!;
    const b = progression[i]!;
    const intensityChange = round3(b.intensity - a.intensity);
    let type: TransitionType;
    if (a.dominant_emotion !== b.dominant_emotion) type = 'switching';
    else if (intensityChange >= STABLE_INTENSITY) type = 'strengthening';
    else if (intensityChange <= -STABLE_INTENSITY) type = 'weakening';
    else type = 'stable';
    transitions.push({
      from_segment: a.segment_index,
      to_segment: b.segment_index,
      from_emotion: a.dominant_emotion,
      to_emotion: b.dominant_emotion,
      transition_type: type,
      valence_change: round3(b.valence - a.valence),
      intensity_change: intensityChange,
      strength: round3(mixDistance(a, b)),
    });
  }
  return {
    arc_type: arc.arc_type,
    emotion_progression: progression,
    peak_segments: arc.peaks,
    valley_segments: arc.valleys,
    emotional_variance: round3(emotionalVariance(valences)),
    transitions,
    segment_count: progression.length,
    segmentation,
    dominant_emotion: mostCommonEmotion(progression),
  };
}

/** The most frequent non-neutral dominant emotion (ties: the larger summed intensity, then label order). */
function mostCommonEmotion(progression: readonly SegmentEmotion[]): Emotion {
  const count = new Map<Emotion, { n: number; sum: number }>();
  for (const p of progression) {
    if (p.dominant_emotion === 'neutral') continue;
    const c = count.get(p.dominant_emotion) ?? { n: 0, sum: 0 };
    c.n++;
    c.sum += p.intensity;
    count.set(p.dominant_emotion, c);
  }
  let best: Emotion = 'neutral';
  let bestN = 0;
  let bestSum = 0;
  for (const e of EMOTIONS) {
    const c = count.get(e);
    if (!c) continue;
    if (c.n > bestN || (c.n === bestN && c.sum > bestSum)) {
      best = e;
      bestN = c.n;
      bestSum = c.sum;
    }
  }
  return best;
}

/**
 * The tokens of each segment, out of the text's tokens (sorted by offset): a token belongs to
 * the segment that contains it whole. One pass over tokens and segments.
 */
function tokensBySegment(tokens: readonly Token[], segments: readonly TextSegment[]): Token[][] {
  const out: Token[][] = [];
  let t = 0;
  for (const s of segments) {
    while (t < tokens.length && tokens[t]!.start < s.start) t++;
    const from = t;
    while (t < tokens.length && tokens[t]!.end <= s.end) t++;
    out.push(tokens.slice(from, t));
  }
  return out;
}

/**
 * The emotion trajectory of a text, cut into thread parts or sentences. Pass the tokens and
 * sentences when they are at hand (the pattern engine has them) to skip tokenising again.
 */
export function emotionTrajectory(
  text: string,
  analysis?: { tokens: readonly Token[]; sentences: readonly Sentence[] },
  options: TrajectoryOptions = {},
): EmotionTrajectory {
  const model = options.model ?? EMOTION_MODEL;
  const lexicon = options.lexicon ?? SENTIMENT_LEXICON;
  const tokens = analysis?.tokens ?? tokenize(text);
  const { segmentation, segments } = segmentText(text, analysis?.sentences ?? splitSentences(text));
  const bySegment = tokensBySegment(tokens, segments);
  const progression = segments.map((s, i) => segmentEmotion(i, s, bySegment[i]!, model, lexicon));
  return trajectoryOf(progression, segmentation);
}

/**
 * The trajectory of segments the caller cut itself, in order. Offsets are into the segments
 * joined with "\n" (what a text of one segment per line would be).
 */
export function segmentsTrajectory(
  segments: readonly string[],
  options: TrajectoryOptions = {},
): EmotionTrajectory {
  const model = options.model ?? EMOTION_MODEL;
  const lexicon = options.lexicon ?? SENTIMENT_LEXICON;
  let offset = 0;
  const progression = segments.map((text, i) => {
    const segment = { text, start: offset, end: offset + text.length };
    offset += text.length + 1;
    return segmentEmotion(i, segment, tokenize(text), model, lexicon);
  });
  return trajectoryOf(progression, 'given');
}
