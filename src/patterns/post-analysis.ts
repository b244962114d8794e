import { patternIdsOf, type PatternUsageRepository, type PostsRepository } from '../posts/index.js';
import type { PatternService } from './service.js';
import type { TrajectoryService } from './trajectory-service.js';

export interface PostAnalysisDeps {
  posts: Pick<PostsRepository, 'getPosts' | 'savePatterns'>;
  usage: Pick<PatternUsageRepository, 'recordPatternUsage'>;
  patterns: Pick<PatternService, 'extract'>;
  trajectories: Pick<TrajectoryService, 'storeFromPatterns'>;
}

/**
 * The pattern engine reads every post the first time it is seen: its result is stored with the
 * post, each hook and emotion is recorded in pattern_usage_history, which pattern fatigue reads,
 * and the emotion trajectory of a post of more than one sentence goes to the trajectory tables.
 */
export async function analyzeNewPosts(deps: PostAnalysisDeps, ids: readonly string[]): Promise<void> {
  const posts = await deps.posts.getPosts(ids);
  const results = posts.map((post) => ({
    post,
    patterns: deps.patterns.extract({ content: post.content, engagement_rate: 0 }),
  }));
  await deps.posts.savePatterns(results.map((r) => ({ post_id: r.post.id, patterns: r.patterns })));
  await deps.usage.recordPatternUsage(
    results.flatMap(({ post, patterns: result }) =>
      patternIdsOf(result).map((pattern_id) => ({
        post_id: post.id,
        persona_id: post.persona_id,
        pattern_id,
        used_at: post.published_at,
      })),
    ),
  );
  await deps.trajectories.storeFromPatterns(results);
}
