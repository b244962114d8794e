import type { Kysely } from 'kysely';
import type { DB } from '../infra/db/types.js';
import { PatternUsageRepository, PostsRepository, SnapshotsRepository } from './repository.js';

/**
 * The posts every capability reads (metrics, patterns, comments, engagement): the posts
 * themselves, the readings of their counters and which patterns each used. One repository per
 * table; no service (the rules that write them live with the metrics collector and the pattern
 * engine's analysis of new posts).
 */
export interface PostsModule {
  posts: PostsRepository;
  snapshots: SnapshotsRepository;
  usage: PatternUsageRepository;
}

export function createPostsModule(deps: { db: Kysely<DB> }): PostsModule {
  return {
    posts: new PostsRepository(deps.db),
    snapshots: new SnapshotsRepository(deps.db),
    usage: new PatternUsageRepository(deps.db),
  };
}
