import { INTENTS, SENTIMENTS, type InboxQuery, type Intent, type Sentiment } from './types.js';

export const INBOX_PAGE_SIZE = 25;
export type InboxStatus = 'open' | 'handled' | 'all';

/**
 * Read the inbox filters from the URL, dropping values the API would reject (a hand-edited
 * URL must not turn the page into a 422). `status` defaults to open: an inbox shows work to do.
 */
export function readFilters(search: URLSearchParams): InboxQuery & { status: InboxStatus } {
  const intent = search.get('intent');
  const sentiment = search.get('sentiment');
  const lead = Number(search.get('min_lead_score'));
  const offset = Number(search.get('offset'));
  const status = (['open', 'handled', 'all'] as const).find((s) => s === search.get('status')) ?? 'open';
  const q = (search.get('q') ?? '').trim().slice(0, 200);
  const post = search.get('post_id') ?? '';
  return {
    status,
    ...(INTENTS.includes(intent as Intent) ? { intent: intent as Intent } : {}),
    ...(SENTIMENTS.includes(sentiment as Sentiment) ? { sentiment: sentiment as Sentiment } : {}),
    ...(search.get('min_lead_score') && lead >= 0 && lead <= 1 ? { min_lead_score: lead } : {}),
    ...(q ? { q } : {}),
    ...(post ? { post_id: post } : {}),
    ...(status === 'all' ? {} : { handled: status === 'handled' }),
    limit: INBOX_PAGE_SIZE,
    offset: Number.isInteger(offset) && offset > 0 ? offset : 0,
  };
}

/** How many filters narrow the list (status counts when it is not the default, open). */
export function activeFilterCount(filters: ReturnType<typeof readFilters>): number {
  const set = [filters.intent, filters.sentiment, filters.min_lead_score, filters.q, filters.post_id];
  return set.filter((v) => v !== undefined).length + (filters.status === 'open' ? 0 : 1);
}
