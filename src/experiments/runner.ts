import type { Logger } from '../infra/telemetry/logger.js';
import type { HookType } from '../patterns/index.js';
import type { ExperimentsRepository } from './repository.js';
import type { ExperimentDrafts, ExperimentsService, VariantView } from './service.js';

export interface ExperimentRunnerDeps {
  repo: ExperimentsRepository;
  service: ExperimentsService;
  drafts: ExperimentDrafts;
  clock: () => Date;
  logger: Logger;
}

/** Draft states after which a slot's draft no longer holds the experiment's next slot. */
const CLOSED = new Set(['published', 'rejected', 'failed']);

/**
 * Runs experiments through the content engine, one slot at a time per experiment: when the
 * experiment has no draft in flight, the bandit picks the variant, a draft is generated for it
 * (a hook family or template variant is written by the persona's generator from the brief; a
 * text variant is the text itself) and scheduled at the persona's next best free slot of the
 * publishing queue. Creating the experiment is the approval of its drafts; a draft rejected on
 * the Drafts page simply frees the slot for the next pick. Once the queue has published a draft,
 * its post is attached to the variant (idempotent), and its reward comes from the rewards job.
 */
export class ExperimentRunner {
  constructor(private readonly d: ExperimentRunnerDeps) {}

  /** Attach the posts the queue has published for running experiments' drafts (idempotent). */
  async attachPublished(): Promise<number> {
    let attached = 0;
    await this.eachRunning(async (id) => {
      for (const row of await this.d.repo.drafts(id)) {
        const draft = await this.d.drafts.get(row.draft_id);
        if (draft.published_post_id === null) continue;
        const before = (await this.d.service.get(id)).posts;
        const after = await this.d.service.attachPost(id, {
          variant_id: row.variant_id,
          post_id: draft.published_post_id,
        });
        attached += after.posts - before;
      }
    });
    return attached;
  }

  /** Write and schedule the next slot's draft of every running experiment that has none in flight. */
  async scheduleSlots(): Promise<number> {
    let scheduled = 0;
    await this.eachRunning(async (id) => {
      for (const row of await this.d.repo.drafts(id)) {
        const draft = await this.d.drafts.get(row.draft_id);
        if (draft.published_post_id === null && !CLOSED.has(draft.status)) return;
      }
      const current = await this.d.service.get(id);
      if (current.state !== 'running' || current.posts >= current.max_posts) return;
      const variant = await this.d.service.nextVariant(id);
      const draftId = await this.writeDraft(current.persona_id, current.brief, variant, current.posts);
      // Recorded before it is scheduled: a crash in between leaves a pending draft that holds the
      // slot (visible on the Drafts page), never a scheduled post the experiment does not know.
      await this.d.repo.addDraft({
        draft_id: draftId,
        experiment_id: id,
        variant_id: variant.id,
        created_at: this.d.clock(),
      });
      await this.d.drafts.approve(draftId);
      this.d.logger.info({ experimentId: id, variantId: variant.id, draftId }, 'experiment slot scheduled');
      scheduled++;
    });
    return scheduled;
  }

  /** Run `step` for each running experiment; one experiment's failure is logged and does not hold the others. */
  private async eachRunning(step: (id: string) => Promise<void>): Promise<void> {
    for (const summary of await this.d.service.list()) {
      if (summary.state !== 'running') continue;
      try {
        await step(summary.id);
      } catch (err) {
        this.d.logger.warn({ err, experimentId: summary.id }, 'experiment could not advance');
      }
    }
  }

  private async writeDraft(
    personaId: string,
    brief: string,
    variant: VariantView,
    slot: number,
  ): Promise<number> {
    // Not `learned`: earlier winners must not write this variant's draft for it.
    const base = { persona_id: personaId, count: 1, brief, seed: slot + 1, learned: false };
    const [draft] = await this.d.drafts.generate(
      variant.kind === 'template'
        ? { ...base, template_id: Number(variant.value) }
        : variant.kind === 'hook_family'
          ? { ...base, hook_family: variant.value as HookType }
          : base,
    );
    if (draft === undefined) throw new Error(`no draft was generated for variant ${variant.id}`);
    if (variant.kind === 'text') await this.d.drafts.edit(draft.id, variant.value);
    return draft.id;
  }
}
