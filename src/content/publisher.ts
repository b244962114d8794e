import type { Queue } from '../infra/queue/queue.js';
import type { Logger } from '../infra/telemetry/logger.js';
import { SourceError, type SourcePost, type ThreadsSource } from '../source/index.js';
import type { DraftRepository, DraftRow } from './draft-repository.js';

/** Threads: 250 posts per profile in a rolling 24 h (docs/threads-api.md). */
export const PUBLISH_QUOTA = 250;
const DAY_MS = 86_400_000;
/** Due drafts queued per sweep at most. */
const DUE_PER_SWEEP = 100;
/** A retried job looks for its post among those published this long before it first tried. */
const ADOPT_WINDOW_MS = 60_000;

export interface PublisherOptions {
  repo: DraftRepository;
  queue: Queue;
  source: Pick<ThreadsSource, 'publish' | 'listPublished'>;
  /** Put a published post into the metrics engine (store, pattern analysis, first reading). */
  ingest(postId: string): Promise<void>;
  clock: () => Date;
  logger: Logger;
  quota?: number;
  /** tries of one publish job (the queue's default is 3) */
  attempts?: number;
}

export type PublishOutcome = 'published' | 'already_published' | 'not_due' | 'deferred' | 'skipped';

/**
 * The publishing queue: a sweep queues every due draft as a `publish_draft` job whose id names
 * the draft and its slot (queued once), and the job publishes through the Source exactly once.
 * A retried job (the worker died after the source accepted the post) first looks for a post of
 * the account with the same text published since it first tried, and adopts it instead of
 * posting again. Over the quota, the draft moves to when the oldest of the last 24 h posts
 * leaves the window.
 */
export class Publisher {
  private readonly quota: number;

  constructor(private readonly o: PublisherOptions) {
    this.quota = o.quota ?? PUBLISH_QUOTA;
  }

  static jobId(draft: Pick<DraftRow, 'id' | 'scheduled_at'>): string {
    return `publish-draft-${draft.id}-${draft.scheduled_at?.getTime() ?? 0}`;
  }

  /** Queue every due draft; also refresh posts.engagement of published ones. Returns how many were queued. */
  async queueDue(): Promise<number> {
    const due = await this.o.repo.due(this.o.clock(), DUE_PER_SWEEP);
    for (const d of due) {
      await this.o.queue.add(
        'publish_draft',
        { draftId: Number(d.id) },
        {
          jobId: Publisher.jobId(d),
          ...(this.o.attempts ? { attempts: this.o.attempts } : {}),
        },
      );
    }
    await this.o.repo.refreshEngagement();
    return due.length;
  }

  /** The job: publish one draft once. `lastAttempt` marks the draft failed when this try fails. */
  async publish(draftId: number, lastAttempt: boolean): Promise<PublishOutcome> {
    const draft = await this.o.repo.get(draftId);
    if (!draft) return 'skipped';
    if (draft.status === 'published') {
      // a try that failed after the post was recorded: finish what it left (both steps are idempotent)
      if (draft.published_post_id) await this.finish(draft, draft.published_post_id);
      return 'already_published';
    }
    if (draft.status !== 'scheduled' && draft.status !== 'publishing') return 'skipped';
    const now = this.o.clock();
    if (draft.scheduled_at && draft.scheduled_at.getTime() > now.getTime()) return 'not_due';

    const recent = await this.o.repo.publishedSince(draft.account_id, new Date(now.getTime() - DAY_MS));
    if (draft.status === 'scheduled' && recent.length >= this.quota) {
      const freeAt = new Date(recent[recent.length - this.quota]!.getTime() + DAY_MS);
      await this.o.repo.update(draftId, ['scheduled'], {
        scheduled_at: freeAt,
        failure_reason: `publishing quota reached (${this.quota} posts in 24 h): moved to ${freeAt.toISOString()}`,
        updated_at: now,
      });
      return 'deferred';
    }

    const claimed = await this.o.repo.update(draftId, ['scheduled', 'publishing'], {
      status: 'publishing',
      publishing_at: draft.publishing_at ?? now,
      updated_at: now,
    });
    if (!claimed) return 'skipped';
    let post: SourcePost;
    try {
      post =
        (draft.publishing_at ? await this.findPublished(draft, draft.publishing_at) : undefined) ??
        (await this.o.source.publish({
          content: draft.text,
          account_id: draft.account_id,
          persona_id: draft.persona_id,
        }));
      await this.o.repo.update(draftId, ['publishing'], {
        status: 'published',
        published_post_id: post.id,
        published_at: new Date(post.published_at),
        failure_reason: null,
        updated_at: this.o.clock(),
      });
    } catch (err) {
      const permanent = err instanceof SourceError && !err.transient;
      const reason = err instanceof Error ? err.message : String(err);
      if (permanent || lastAttempt) {
        await this.o.repo.update(draftId, ['publishing'], {
          status: 'failed',
          failure_reason: `publishing failed: ${reason}`,
          updated_at: this.o.clock(),
        });
        this.o.logger.warn({ draftId, reason }, 'draft could not be published');
        return 'skipped';
      }
      throw err;
    }
    // Published and recorded: a failure from here is retried, and the retry only finishes this.
    await this.finish(draft, post.id);
    return 'published';
  }

  /**
   * The post enters the metrics engine (stored, analysed, first reading) carrying the draft's
   * persona, as the source reports it; seed 003's columns are filled, and the persona set again
   * for a post the source reports under the account's persona (one adopted by a retried job).
   */
  private async finish(draft: DraftRow, postId: string): Promise<void> {
    await this.o.ingest(postId);
    const [hook, ...rest] = draft.text.split(/\n+/);
    await this.o.repo.fillPostColumns(postId, {
      persona_id: draft.persona_id,
      hook: hook ?? draft.text,
      body: rest.join('\n'),
      tokens_used: draft.tokens_used,
    });
  }

  private async findPublished(draft: DraftRow, since: Date): Promise<SourcePost | undefined> {
    const posts = await this.o.source.listPublished({
      account_id: draft.account_id,
      since: new Date(since.getTime() - ADOPT_WINDOW_MS),
      limit: 100,
    });
    return posts.find((p) => p.content === draft.text);
  }
}
