import { useMemo } from 'preact/hooks';
import { api } from './api.js';
import { usePoll } from './use-poll.js';

/** Post texts never change and new posts are rare: a minute between reads is plenty. */
const POST_NAMES_POLL_MS = 60_000;

/** post id → content of the newest posts, to show posts by their text rather than their id. */
export function usePostNames(): ReadonlyMap<string, string> {
  const posts = usePoll('post-names', (s) => api.posts({ limit: 500 }, s), POST_NAMES_POLL_MS);
  return useMemo(() => new Map((posts.data?.items ?? []).map((p) => [p.id, p.content])), [posts.data]);
}
