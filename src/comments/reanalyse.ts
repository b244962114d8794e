import { analyseComment, type Analyzer } from './intents.js';
import type { CommentsRepository } from './repository.js';

export interface ReanalyseResult {
  /** analyses rewritten with the current model */
  updated: number;
  /** how the stored intent moved, "from → to", for the comments whose intent changed */
  changed: Record<string, number>;
}

export interface ReanalyseOptions {
  /** the version the analyzer stamps (INTENT_MODEL_VERSION in production) */
  modelVersion: string;
  batchSize?: number;
  now?: () => Date;
  /** called after each batch with the running count */
  onProgress?: (done: number) => void;
}

/**
 * Re-analyse every stored comment whose analysis came from another model version, in batches,
 * so that the inbox's labels and lead scores follow the current classifier after an upgrade.
 * DM rules are not evaluated: a reply that reads as a lead only under the new model did not
 * ask anything of anyone today, and a DM days later would surprise it. The creator's own
 * replies are filed as the pipeline files them (post authors from `posts`). Idempotent: a
 * second run finds nothing stale.
 */
export async function reanalyseStale(
  repo: CommentsRepository,
  analyzer: Analyzer,
  opts: ReanalyseOptions,
): Promise<ReanalyseResult> {
  const batchSize = opts.batchSize ?? 500;
  const now = opts.now ?? (() => new Date());
  const changed: Record<string, number> = {};
  let updated = 0;
  let after = '';
  for (;;) {
    const stale = await repo.staleAnalyses(opts.modelVersion, after, batchSize);
    if (stale.length === 0) break;
    after = stale[stale.length - 1]!.comment_id;
    const before = new Map(stale.map((s) => [s.comment_id, s.intent]));
    const analyses = (await repo.getForAnalysis(stale.map((s) => s.comment_id))).map((c) =>
      analyseComment(c, analyzer),
    );
    await repo.upsertAnalyses(analyses, now());
    for (const a of analyses) {
      const from = before.get(a.comment_id);
      if (from !== a.intent) {
        const key = `${from} → ${a.intent}`;
        changed[key] = (changed[key] ?? 0) + 1;
      }
    }
    updated += analyses.length;
    opts.onProgress?.(updated);
  }
  return { updated, changed };
}
