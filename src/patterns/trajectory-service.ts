import { hash } from 'node:crypto';
import { NotFoundError } from '../errors.js';
import { round3 } from '../lib/math.js';
import {
  ARC_TYPES,
  emotionTrajectory,
  segmentsTrajectory,
  TRAJECTORY_VERSION,
  type ArcType,
  type EmotionTrajectory,
} from '../nlp/emotion-trajectory.js';
import { EMOTION_MODEL_VERSION } from '../nlp/emotions.js';
import { splitSentences } from '../nlp/sentences.js';
import { SENTIMENT_MODEL_VERSION, sentiment } from '../nlp/sentiment.js';
import { tokenize } from '../nlp/tokenize.js';
import type { PatternResult } from './extract.js';
import { patternPerformance, type Interval } from './performance.js';
import type {
  StoredTrajectory,
  TrajectoryPost,
  TrajectoryPostReader,
  TrajectoryRepository,
  TrajectoryToSave,
} from './trajectory-repository.js';

/** The models a stored trajectory was computed with; a row with another value is recomputed. */
export const TRAJECTORY_ANALYSIS_MODEL = `${EMOTION_MODEL_VERSION}+${SENTIMENT_MODEL_VERSION}+${TRAJECTORY_VERSION}`;

export interface ArcPerformance {
  arc_type: ArcType;
  usage_count: number;
  usage_share: number;
  mean_engagement_rate: number;
  median_engagement_rate: number;
  raw_lift: number | null;
  lift: number | null;
  lift_ci: Interval | null;
  shrinkage: number;
  trajectory_count: number;
  mean_emotional_variance: number;
}

export interface PersonaTrajectories {
  persona_id: string;
  post_count: number;
  trajectory_count: number;
  measured_posts: number;
  baseline: { mean: number; median: number; variance: number };
  arcs: ArcPerformance[];
  transitions: { from_emotion: string; to_emotion: string; count: number }[];
}

export interface TrajectoryServiceOptions {
  repo: TrajectoryRepository;
  /** the stored posts (posts table) */
  posts: TrajectoryPostReader;
  /**
   * Engagement rate of each post that has one (lifetime interactions / views of its newest
   * snapshot, as the pattern leaderboard measures it); posts without views are left out.
   */
  engagementRates(postIds: readonly string[]): Promise<Map<string, number>>;
}

const TOP_TRANSITIONS = 10;

const sha256 = (text: string): string => hash('sha256', text);

/**
 * Emotion trajectories (SPEC §2.2): of any text on request, and of stored posts, which are kept
 * in the three trajectory tables and summed up per persona (which arcs perform for it).
 */
export class TrajectoryService {
  constructor(private readonly o: TrajectoryServiceOptions) {}

  /** The trajectory of a text (cut into thread parts or sentences) or of segments already cut. */
  analyze(input: { text: string } | { segments: string[] }): EmotionTrajectory {
    return 'text' in input ? emotionTrajectory(input.text) : segmentsTrajectory(input.segments);
  }

  /**
   * Store the trajectories the pattern engine found for newly seen posts (those of more than one
   * sentence carry one).
   */
  async storeFromPatterns(
    items: readonly {
      post: TrajectoryPost;
      patterns: Pick<PatternResult, 'emotion_trajectory' | 'sentiment'>;
    }[],
  ): Promise<void> {
    await this.o.repo.save(
      items.flatMap(({ post, patterns }) =>
        patterns.emotion_trajectory
          ? [
              {
                post_id: post.id,
                persona_id: post.persona_id,
                content_hash: sha256(post.content),
                analysis_model: TRAJECTORY_ANALYSIS_MODEL,
                sentiment: patterns.sentiment,
                processing_time_ms: null,
                trajectory: patterns.emotion_trajectory,
              },
            ]
          : [],
      ),
    );
  }

  /**
   * The stored trajectory of a post; computed and stored first when it is missing or was made
   * from other content or older models. Not found: no such post, or a post of one sentence.
   */
  async forPost(postId: string): Promise<StoredTrajectory> {
    const stored = await this.o.repo.byPost(postId);
    const post = await this.o.posts.post(postId);
    if (!post) {
      if (stored) return stored;
      throw new NotFoundError(`Post ${postId}`);
    }
    if (
      stored?.analysis_model === TRAJECTORY_ANALYSIS_MODEL &&
      stored.content_hash === sha256(post.content)
    ) {
      return stored;
    }
    const computed = this.compute(post);
    if (!computed) throw new NotFoundError(`Emotion trajectory of post ${postId} (it has one sentence)`);
    await this.o.repo.save([computed]);
    return (await this.o.repo.byPost(postId))!;
  }

  /**
   * Which arcs perform for a persona: per arc type, its posts and their engagement lift over the
   * persona's baseline, shrunk toward it (patternPerformance: empirical Bayes, 95 % interval),
   * with the arcs' mean emotional variance and the persona's most frequent emotion switches.
   * Posts of one sentence have no arc but count in the baseline. Trajectories missing or
   * stale (other content, older models) are computed and stored first.
   */
  async forPersona(personaId: string): Promise<PersonaTrajectories> {
    const posts = await this.o.posts.postsOfPersona(personaId);
    if (posts.length === 0) throw new NotFoundError(`Posts of persona ${personaId}`);
    await this.refresh(posts);
    const summaries = await this.o.repo.byPersona(personaId);
    const arcOf = new Map(summaries.map((s) => [s.post_id, s.arc_type]));
    const rates = await this.o.engagementRates(posts.map((p) => p.id));
    const outcomes = posts
      .filter((p) => rates.has(p.id))
      .map((p) => {
        const arc = arcOf.get(p.id);
        return { engagement_rate: rates.get(p.id)!, pattern_types: arc ? [arc] : [] };
      });
    const performance = patternPerformance(outcomes);
    const byArc = new Map(performance.patterns.map((p) => [p.pattern_type, p]));
    const arcs: ArcPerformance[] = [];
    const order = [
      ...performance.patterns.map((p) => p.pattern_type as ArcType),
      ...ARC_TYPES.filter((a) => !byArc.has(a)),
    ];
    for (const arc of order) {
      const withArc = summaries.filter((s) => s.arc_type === arc);
      if (withArc.length === 0) continue;
      const p = byArc.get(arc);
      arcs.push({
        arc_type: arc,
        usage_count: p?.usage_count ?? 0,
        usage_share: p?.usage_share ?? 0,
        mean_engagement_rate: p?.mean_engagement_rate ?? 0,
        median_engagement_rate: p?.median_engagement_rate ?? 0,
        raw_lift: p?.raw_lift ?? null,
        lift: p?.lift ?? null,
        lift_ci: p?.lift_ci ?? null,
        shrinkage: p?.shrinkage ?? 1,
        trajectory_count: withArc.length,
        mean_emotional_variance:
          Math.round((withArc.reduce((a, s) => a + s.emotional_variance, 0) / withArc.length) * 1000) / 1000,
      });
    }
    return {
      persona_id: personaId,
      post_count: posts.length,
      trajectory_count: summaries.length,
      measured_posts: performance.post_count,
      baseline: performance.baseline,
      arcs,
      transitions: await this.o.repo.switchCounts(personaId, TOP_TRANSITIONS),
    };
  }

  /** Compute and store the trajectories of `posts` that are missing or stale. */
  private async refresh(posts: readonly TrajectoryPost[]): Promise<void> {
    const personaIds = [...new Set(posts.map((p) => p.persona_id))];
    const stored = new Map<string, { content_hash: string; analysis_model: string }>();
    for (const personaId of personaIds) {
      for (const s of await this.o.repo.byPersona(personaId)) stored.set(s.post_id, s);
    }
    const toSave: TrajectoryToSave[] = [];
    for (const post of posts) {
      const s = stored.get(post.id);
      if (s && s.analysis_model === TRAJECTORY_ANALYSIS_MODEL && s.content_hash === sha256(post.content))
        continue;
      const computed = this.compute(post);
      if (computed) toSave.push(computed);
    }
    await this.o.repo.save(toSave);
  }

  /** The trajectory of a stored post, ready to save; undefined for a post of one sentence. */
  private compute(post: TrajectoryPost): TrajectoryToSave | undefined {
    const started = performance.now();
    const tokens = tokenize(post.content);
    const sentences = splitSentences(post.content);
    if (sentences.length < 2) return undefined;
    const trajectory = emotionTrajectory(post.content, { tokens, sentences });
    const s = sentiment(tokens);
    return {
      post_id: post.id,
      persona_id: post.persona_id,
      content_hash: sha256(post.content),
      analysis_model: TRAJECTORY_ANALYSIS_MODEL,
      sentiment: {
        compound: round3(s.compound),
        positive: round3(s.positive),
        neutral: round3(s.neutral),
        negative: round3(s.negative),
      },
      processing_time_ms: Math.round(performance.now() - started),
      trajectory,
    };
  }
}
