/**
 * The JSON of a post's patterns, written field by field: the same text `JSON.stringify` gives
 * (result-json.test.ts holds it to that on every kind of result), at a fraction of its cost.
 *
 * Why not JSON.stringify: a result is ~50 small objects and ~30 fractional numbers, and the
 * generic walk spent most of its time converting each double with the shortest-round-trip
 * algorithm and re-escaping the same type names and templates on every call: ~6–9 µs a
 * result, a third of the extraction itself, on every miss of `/extract-patterns`. Here the
 * constant parts are escaped once, and a number with at most three decimals (every score the
 * engine reports is rounded to three) is written from its integer thousandths.
 * fast-json-stringify, compiled from PatternResultSchema, measured slower than JSON.stringify.
 */
import type { EmotionTrajectory, EmotionTransition, SegmentEmotion } from '../nlp/emotion-trajectory.js';
import type { ContentPatterns } from './extract.js';
import type { EmotionPattern } from './emotions.js';
import type { HookPattern, Span } from './hooks.js';
import type { StructurePattern } from './structure.js';

/** ".5", ".05", ".123" for 1–999 thousandths: the fraction as the shortest decimal writes it. */
const FRACTION: readonly string[] = Array.from({ length: 1000 }, (_, k) =>
  k === 0 ? '' : `.${String(k).padStart(3, '0').replace(/0+$/, '')}`,
);

/**
 * `x` as JSON.stringify writes it. Of a double that equals k/1000 for an integer k, the shortest
 * round-trip decimal is k/1000 itself: any shorter decimal is also a multiple of 0.001 and would
 * lie within one ulp of it, far closer than 0.001. Below 1e9 in magnitude that holds with room
 * to spare; anything else takes JSON.stringify's own path.
 */
export function jsonNumber(x: number): string {
  const k = Math.round(x * 1000);
  if (k / 1000 !== x || !(Math.abs(x) < 1e9)) return JSON.stringify(x);
  // -0 included: JSON writes it as 0
  const a = k < 0 ? -k : k;
  const whole = Math.floor(a / 1000);
  const digits = `${whole}${FRACTION[a - whole * 1000]!}`;
  return k < 0 ? `-${digits}` : digits;
}

const str = (s: string): string => JSON.stringify(s);

/** A JSON array of `items`, each written by `one`. */
function list<T>(items: readonly T[], one: (item: T) => string): string {
  let out = '[';
  for (let i = 0; i < items.length; i++) out += i === 0 ? one(items[i]!) : `,${one(items[i]!)}`;
  return `${out}]`;
}

/**
 * `{"type":…,"template":…,"confidence":`, the part of a hook that repeats, by template. Hooks
 * carry their type's template string itself (hooks.ts), so the lookup hashes nothing new.
 */
const hookHeads = new Map<string, { type: string; head: string }>();

function hookHead(h: HookPattern): string {
  let known = hookHeads.get(h.template);
  if (known?.type !== h.type) {
    known = { type: h.type, head: `{"type":${str(h.type)},"template":${str(h.template)},"confidence":` };
    hookHeads.set(h.template, known);
  }
  return known.head;
}

function span(s: Span): string {
  return `{"start":${jsonNumber(s.start)},"end":${jsonNumber(s.end)},"text":${str(s.text)}}`;
}

function hook(h: HookPattern): string {
  return `${hookHead(h)}${jsonNumber(h.confidence)},"triggers":${list(h.triggers, str)},"spans":${list(h.spans, span)}}`;
}

function emotion(e: EmotionPattern): string {
  return `{"type":${str(e.type)},"intensity":${jsonNumber(e.intensity)},"confidence":${jsonNumber(e.confidence)}}`;
}

function structure(s: StructurePattern): string {
  return (
    `{"length_category":${str(s.length_category)},"has_thread_indicator":${s.has_thread_indicator}` +
    `,"sentence_count":${jsonNumber(s.sentence_count)},"reading_time_seconds":${jsonNumber(s.reading_time_seconds)}` +
    `,"word_count":${jsonNumber(s.word_count)},"line_count":${jsonNumber(s.line_count)}` +
    `,"thread_markers":${list(s.thread_markers, str)},"list_item_count":${jsonNumber(s.list_item_count)}` +
    `,"has_list":${s.has_list},"hashtags":${list(s.hashtags, str)},"hashtag_count":${jsonNumber(s.hashtag_count)}` +
    `,"mentions":${list(s.mentions, str)},"mention_count":${jsonNumber(s.mention_count)}` +
    `,"link_count":${jsonNumber(s.link_count)},"emoji_count":${jsonNumber(s.emoji_count)}` +
    `,"emoji_density":${jsonNumber(s.emoji_density)},"ends_with_question":${s.ends_with_question}}`
  );
}

function segmentEmotion(p: SegmentEmotion): string {
  return (
    `{"segment_index":${jsonNumber(p.segment_index)},"text":${str(p.text)},"start":${jsonNumber(p.start)}` +
    `,"end":${jsonNumber(p.end)},"word_count":${jsonNumber(p.word_count)},"valence":${jsonNumber(p.valence)}` +
    `,"dominant_emotion":${str(p.dominant_emotion)},"intensity":${jsonNumber(p.intensity)}` +
    `,"anger":${jsonNumber(p.anger)},"disgust":${jsonNumber(p.disgust)},"fear":${jsonNumber(p.fear)}` +
    `,"joy":${jsonNumber(p.joy)},"sadness":${jsonNumber(p.sadness)},"surprise":${jsonNumber(p.surprise)}` +
    `,"neutral":${jsonNumber(p.neutral)},"excitement":${jsonNumber(p.excitement)}}`
  );
}

function transition(t: EmotionTransition): string {
  return (
    `{"from_segment":${jsonNumber(t.from_segment)},"to_segment":${jsonNumber(t.to_segment)}` +
    `,"from_emotion":${str(t.from_emotion)},"to_emotion":${str(t.to_emotion)}` +
    `,"transition_type":${str(t.transition_type)},"valence_change":${jsonNumber(t.valence_change)}` +
    `,"intensity_change":${jsonNumber(t.intensity_change)},"strength":${jsonNumber(t.strength)}}`
  );
}

/** An emotion trajectory in emotion-trajectory.ts's field order. */
export function trajectoryJson(t: EmotionTrajectory): string {
  return (
    `{"arc_type":${str(t.arc_type)},"emotion_progression":${list(t.emotion_progression, segmentEmotion)}` +
    `,"peak_segments":${list(t.peak_segments, jsonNumber)},"valley_segments":${list(t.valley_segments, jsonNumber)}` +
    `,"emotional_variance":${jsonNumber(t.emotional_variance)},"transitions":${list(t.transitions, transition)}` +
    `,"segment_count":${jsonNumber(t.segment_count)},"segmentation":${str(t.segmentation)}` +
    `,"dominant_emotion":${str(t.dominant_emotion)}}`
  );
}

/** Everything before `pattern_strength`, without the closing brace's comma. */
function headOf(p: ContentPatterns): string {
  return (
    `{"hook_patterns":${list(p.hook_patterns, hook)},"emotion_patterns":${list(p.emotion_patterns, emotion)}` +
    `,"structure_patterns":${list(p.structure_patterns, structure)}`
  );
}

/** `pattern_strength` and every field after it, with the closing brace. */
function tailOf(p: ContentPatterns): string {
  const v = p.emotion_vector;
  const s = p.sentiment;
  return (
    `,"pattern_strength":${jsonNumber(p.pattern_strength)}` +
    `,"emotion_vector":{"anger":${jsonNumber(v.anger)},"disgust":${jsonNumber(v.disgust)}` +
    `,"fear":${jsonNumber(v.fear)},"joy":${jsonNumber(v.joy)},"sadness":${jsonNumber(v.sadness)}` +
    `,"surprise":${jsonNumber(v.surprise)},"excitement":${jsonNumber(v.excitement)},"neutral":${jsonNumber(v.neutral)}}` +
    `,"sentiment":{"compound":${jsonNumber(s.compound)},"positive":${jsonNumber(s.positive)}` +
    `,"negative":${jsonNumber(s.negative)},"neutral":${jsonNumber(s.neutral)}}` +
    `,"clickbait_score":${jsonNumber(p.clickbait_score)},"structure_score":${jsonNumber(p.structure_score)}` +
    (p.emotion_trajectory ? `,"emotion_trajectory":${trajectoryJson(p.emotion_trajectory)}}` : '}')
  );
}

/**
 * The JSON of content patterns (as extractContentPatterns builds them) in two pieces, split
 * where a PatternResult's `engagement_score` goes: before `pattern_strength`, as the seed has
 * it. `head + tail` is `JSON.stringify` of the patterns; `resultJson` joins the two around a
 * post's engagement score, so a cached result takes a post's score without being searched.
 */
export interface PatternsJson {
  readonly head: string;
  readonly tail: string;
}

export function patternsJson(p: ContentPatterns): PatternsJson {
  return { head: headOf(p), tail: tailOf(p) };
}

/** The JSON of a PatternResult, in PatternResultSchema's order, from its content patterns' JSON. */
export function resultJson(json: PatternsJson, engagementRate: number): string {
  return `${json.head},"engagement_score":${jsonNumber(engagementRate)}${json.tail}`;
}
