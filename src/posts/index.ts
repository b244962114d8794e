/** The posts capability's public surface: other capabilities import from here only. */
export { createPostsModule, type PostsModule } from './module.js';
export { patternIdsOf } from './pattern-ids.js';
export {
  PatternUsageRepository,
  PostsRepository,
  SnapshotsRepository,
  type PostInput,
  type SnapshotInput,
} from './repository.js';
export type { PostRow, PostSnapshotRow, PostsTables } from './tables.js';
