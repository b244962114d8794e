import { hash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { DomainError } from '../errors.js';
import {
  extractContentPatterns,
  withEngagement,
  type ContentPatterns,
  type Nlp,
  type PatternResult,
} from './extract.js';
import {
  EMOTION_TYPE_INFO,
  EMOTION_TYPES,
  HOOK_TYPE_INFO,
  HOOK_TYPES,
  STRUCTURE_TYPE_INFO,
  STRUCTURE_TYPES,
  type PatternTypeInfo,
} from './pattern-types.js';
import { patternsJson, resultJson, type PatternsJson } from './result-json.js';
import type { PatternTelemetry } from './telemetry.js';

/** Extraction failed for a reason that is ours, not the client's (mapped to a generic 500). */
export class PatternExtractionError extends DomainError {
  constructor(
    readonly reason: string,
    cause?: unknown,
  ) {
    super(`Pattern extraction failed: ${reason}`, 'pattern_extraction_failed');
    this.cause = cause;
  }
}

export interface PostInput {
  content: string;
  engagement_rate: number;
}

export interface BatchSummary {
  total_posts: number;
  average_pattern_strength: number;
  total_hook_patterns: number;
  total_emotion_patterns: number;
  hook_type_counts: Record<string, number>;
  emotion_type_counts: Record<string, number>;
  length_category_counts: Record<string, number>;
  thread_count: number;
  average_engagement_score: number;
}

/** The shape of analyzeBatchJson's answer. */
export interface BatchResult {
  results: PatternResult[];
  summary: BatchSummary;
}

export interface TypeInfo extends PatternTypeInfo {
  type: string;
}

export interface PatternTypesCatalog {
  hook_patterns: TypeInfo[];
  emotion_patterns: TypeInfo[];
  structure_patterns: TypeInfo[];
}

export interface PatternTypeNames {
  hook_patterns: string[];
  emotion_patterns: string[];
  structure_patterns: string[];
}

export interface PatternServiceOptions {
  nlp: Nlp;
  /** PATTERN_CACHE_TTL */
  cacheTtlSeconds: number;
  /** 0 disables the cache (benchmarks of the extraction itself) */
  cacheMaxEntries?: number;
  /** where API extractions are counted (strength, batch size, and the routes' latency) */
  telemetry?: PatternTelemetry;
}

const round3 = (x: number): number => Math.round(x * 1000) / 1000;

const CATALOG: PatternTypesCatalog = {
  hook_patterns: HOOK_TYPES.map((type) => ({ type, ...HOOK_TYPE_INFO[type] })),
  emotion_patterns: EMOTION_TYPES.map((type) => ({ type, ...EMOTION_TYPE_INFO[type] })),
  structure_patterns: STRUCTURE_TYPES.map((type) => ({ type, ...STRUCTURE_TYPE_INFO[type] })),
};

const NAMES: PatternTypeNames = {
  hook_patterns: [...HOOK_TYPES],
  emotion_patterns: [...EMOTION_TYPES],
  structure_patterns: [...STRUCTURE_TYPES],
};

/**
 * The pattern engine's rules: extraction with a result cache, batch summaries, the type
 * catalogue. Synchronous: extraction is CPU work of tens of microseconds, with nothing to await.
 */
export class PatternService {
  private readonly nlp: Nlp;
  /**
   * Content patterns by SHA-1 of the content, in process, held as their JSON (patternsJson).
   *
   * Not Redis on purpose: a Redis round-trip (~100 µs on localhost, more across a network)
   * costs more than extracting the patterns again (~25 µs), so a shared cache would only slow
   * the engine down. SHA-1 of a 250-character post takes under 1 µs, and the key does not hold
   * the content itself.
   *
   * JSON rather than the result objects: a result is ~50 small objects, and 10,000 of them
   * outlive every young-generation collection, so each miss paid for copying its graph to the
   * old generation and every full collection for marking them all. Two flat strings per entry
   * (split where a post's engagement score goes) cost neither, and a hit on `/extract-patterns`
   * is sent without serialising anything.
   * Measured on /extract-patterns with every request a miss (docs/benchmarks.md): the server
   * CPU an extraction adds to a request fell from ~144 µs to ~104 µs.
   *
   * A content is admitted on its second sighting (`seen`, TinyLFU's "doorkeeper"): content
   * that comes once (most posts) is not stored at all, so it neither pays for its entry being
   * kept alive nor evicts results that are asked for again. Even as JSON, storing every miss
   * cost each request ~30–40 µs of server CPU, most of it young-generation collections copying
   * the new entries (scavenges took 3.9 instead of 2 ms).
   */
  private readonly cache: LRUCache<string, PatternsJson> | null;
  /**
   * 32-bit fingerprints of contents seen once, direct-mapped by their low bits. A collision
   * only forgets a sighting (admission waits for one more) or, at 2⁻³² odds, admits a content
   * on its first sighting; neither affects a result.
   */
  private readonly seen: Uint32Array;

  readonly telemetry: PatternTelemetry | undefined;

  constructor(opts: PatternServiceOptions) {
    this.nlp = opts.nlp;
    this.telemetry = opts.telemetry;
    const max = opts.cacheMaxEntries ?? 10_000;
    this.cache = max > 0 ? new LRUCache({ max, ttl: opts.cacheTtlSeconds * 1000 }) : null;
    // twice the entries, rounded up to a power of two: few sightings are forgotten by collision
    this.seen = new Uint32Array(max > 0 ? 2 ** Math.ceil(Math.log2(2 * max)) : 0);
  }

  /** Patterns of one post; content results are cached, the engagement score is the post's own. */
  extract(post: PostInput): PatternResult {
    return resultOf(this.contentPatterns(post.content), post.engagement_rate);
  }

  /** extract() as the JSON `/extract-patterns` answers with (PatternResultSchema, in its field order). */
  extractJson(post: PostInput): string {
    const found = this.contentPatterns(post.content);
    this.telemetry?.strength.observe(strengthOf(found));
    return foundJson(found, post.engagement_rate);
  }

  /**
   * Patterns of every post plus a summary (per-type counts, mean strength): the JSON of a
   * BatchResult, as `/analyze-batch` answers with, in pieces to be written one after another
   * (sendJson). A cached result is parsed for the summary; an extracted one is written from
   * its objects.
   */
  analyzeBatchJson(posts: readonly PostInput[]): string[] {
    const results: PatternResult[] = [];
    const json = ['{"results":['];
    this.telemetry?.batchSize.observe(posts.length);
    for (const post of posts) {
      const found = this.contentPatterns(post.content);
      this.telemetry?.strength.observe(strengthOf(found));
      results.push(resultOf(found, post.engagement_rate));
      if (results.length > 1) json.push(',');
      json.push(foundJson(found, post.engagement_rate));
    }
    json.push('],"summary":', JSON.stringify(summarize(results)), '}');
    return json;
  }

  /** The catalogue: every type with its template and description (`?detail=true`). */
  patternTypes(): PatternTypesCatalog {
    return CATALOG;
  }

  /** The seed's `/pattern-types`: the names only. */
  patternTypeNames(): PatternTypeNames {
    return NAMES;
  }

  health(): { status: 'healthy'; service: 'viral_pattern_engine' } {
    return { status: 'healthy', service: 'viral_pattern_engine' };
  }

  /** Number of cached content results (for tests and diagnostics). */
  get cacheSize(): number {
    return this.cache?.size ?? 0;
  }

  /** Whether the content of SHA-1 `key` (hex) was seen before; records this sighting if not. */
  private admit(key: string): boolean {
    const fingerprint = Number.parseInt(key.slice(0, 8), 16);
    const slot = fingerprint & (this.seen.length - 1);
    if (this.seen[slot] === fingerprint) return true;
    this.seen[slot] = fingerprint;
    return false;
  }

  /**
   * The content's patterns: as JSON from the cache, or the objects extracted just now (with
   * their JSON when the cache admitted them).
   */
  private contentPatterns(content: string): Found {
    const key = this.cache ? hash('sha1', content) : '';
    const cached = this.cache?.get(key);
    if (cached !== undefined) return { json: cached };
    let patterns: ContentPatterns;
    try {
      patterns = extractContentPatterns(content, this.nlp);
    } catch (err) {
      throw new PatternExtractionError('unable to process content', err);
    }
    // serialised here only for the cache: a miss that is not admitted is written by its caller
    if (!this.cache || !this.admit(key)) return { patterns };
    const json = patternsJson(patterns);
    this.cache.set(key, json);
    return { patterns, json };
  }
}

/** A content lookup: the patterns just extracted (with their JSON if cached), or cached JSON. */
type Found =
  { patterns: ContentPatterns; json?: PatternsJson } | { json: PatternsJson; patterns?: undefined };

/** The result object of a content lookup: the patterns just extracted, or the cached JSON parsed. */
function resultOf(found: Found, engagementRate: number): PatternResult {
  return withEngagement(
    found.patterns ?? (JSON.parse(found.json.head + found.json.tail) as ContentPatterns),
    engagementRate,
  );
}

const STRENGTH_PREFIX = ',"pattern_strength":';

/** The pattern strength of a content lookup; from cached JSON, the number its tail starts with. */
function strengthOf(found: Found): number {
  if (found.patterns) return found.patterns.pattern_strength;
  return Number.parseFloat(found.json.tail.slice(STRENGTH_PREFIX.length));
}

/** The JSON of the PatternResult of a content lookup and a post's engagement rate. */
function foundJson(found: Found, engagementRate: number): string {
  return resultJson(found.json ?? patternsJson(found.patterns!), engagementRate);
}

/** The batch summary: totals, per-type counts and means, rounded to 3 decimals. */
export function summarize(results: readonly PatternResult[]): BatchSummary {
  const hookCounts: Record<string, number> = {};
  const emotionCounts: Record<string, number> = {};
  const lengthCounts: Record<string, number> = { short: 0, medium: 0, long: 0 };
  let strength = 0;
  let engagement = 0;
  let hooks = 0;
  let emotions = 0;
  let threads = 0;
  for (const r of results) {
    strength += r.pattern_strength;
    engagement += r.engagement_score;
    hooks += r.hook_patterns.length;
    emotions += r.emotion_patterns.length;
    for (const h of r.hook_patterns) hookCounts[h.type] = (hookCounts[h.type] ?? 0) + 1;
    for (const e of r.emotion_patterns) emotionCounts[e.type] = (emotionCounts[e.type] ?? 0) + 1;
    const s = r.structure_patterns[0];
    lengthCounts[s.length_category] = (lengthCounts[s.length_category] ?? 0) + 1;
    if (s.has_thread_indicator) threads++;
  }
  const n = results.length;
  return {
    total_posts: n,
    average_pattern_strength: n > 0 ? round3(strength / n) : 0,
    total_hook_patterns: hooks,
    total_emotion_patterns: emotions,
    hook_type_counts: hookCounts,
    emotion_type_counts: emotionCounts,
    length_category_counts: lengthCounts,
    thread_count: threads,
    average_engagement_score: n > 0 ? round3(engagement / n) : 0,
  };
}
