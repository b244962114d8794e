import { randomInt } from 'node:crypto';
import { ConflictError, InvalidInputError, NotFoundError, UnavailableError } from '../errors.js';
import type { Logger } from '../infra/telemetry/logger.js';
import type { HookPattern } from '../patterns/index.js';
import type { HookType } from '../patterns/index.js';
import { nextFreeSlot, type BestTimesService } from './best-times.js';
import { DEFAULT_STYLE, type ComposerStyle } from './composer.js';
import type { DraftRepository, DraftRow, NearDuplicate } from './draft-repository.js';
import { GenerationError, type Generator, type GeneratorName } from './generator.js';
import type { Persona } from './persona-repository.js';
import type { PersonaService } from './personas.js';
import { basisNote, type DraftScore, type DraftScorer } from './scoring.js';
import type { DraftStatus, StoredLimitReason, StoredPrediction } from './tables.js';
import type { TemplateService } from './templates.js';
import type { TemplateVersion } from './template-repository.js';

export interface Draft {
  id: number;
  persona_id: string;
  account_id: string;
  text: string;
  generator: string;
  template_id: number | null;
  template_version: number | null;
  hook_family: string | null;
  brief: string | null;
  tokens_used: number | null;
  hooks: { type: string; confidence: number; spans: HookPattern['spans'] }[];
  patterns: unknown;
  predicted_engagement: StoredPrediction & { note: string | null };
  limits_ok: boolean;
  limit_reasons: StoredLimitReason[];
  near_duplicate: NearDuplicate | null;
  status: DraftStatus;
  scheduled_at: Date | null;
  published_post_id: string | null;
  published_at: Date | null;
  failure_reason: string | null;
  edited: boolean;
  created_at: Date;
  updated_at: Date;
}

export interface GenerateRequest {
  persona_id: string;
  count: number;
  brief?: string;
  template_id?: number;
  hook_family?: HookType;
  generator?: GeneratorName;
  seed?: number;
  /**
   * Apply what experiments confirmed for the persona to a batch without a target (a winning
   * template writes it, winning hook families open it); default true. An experiment's own drafts
   * pass false: the variant under test is the whole of the draft.
   */
  learned?: boolean;
}

export interface DraftServiceOptions {
  repo: DraftRepository;
  personas: Pick<PersonaService, 'get'>;
  templates: Pick<TemplateService, 'version'>;
  scorer: DraftScorer;
  bestTimes: Pick<BestTimesService, 'scores'>;
  /** by name; the first is the default */
  generators: Generator[];
  /** hook families experiments confirmed for a persona, best first (they open a batch without a target) */
  favouredFamilies?: (personaId: string) => Promise<HookType[]>;
  /** templates experiments confirmed for a persona, newest first (a batch without a target is written from the first) */
  favouredTemplates?: (personaId: string) => Promise<number[]>;
  clock: () => Date;
  logger: Logger;
}

/** Best posts whose shape the composer copies. */
const STYLE_POSTS = 10;

/**
 * Drafts from generation to a place in the publishing queue: generate and score, the review
 * (edit → scored again, approve → scheduled, reject), and auto approval for personas that
 * opted in. Publishing itself is the Publisher's.
 */
export class DraftService {
  constructor(private readonly o: DraftServiceOptions) {}

  get generatorNames(): GeneratorName[] {
    return this.o.generators.map((g) => g.name);
  }

  async generate(req: GenerateRequest, onDraft?: (done: number, total: number) => void): Promise<Draft[]> {
    const persona = await this.o.personas.get(req.persona_id);
    const template: TemplateVersion | undefined =
      req.template_id !== undefined
        ? await this.o.templates.version(req.template_id)
        : req.hook_family === undefined && req.learned !== false
          ? await this.favouredTemplate(persona.id)
          : undefined;
    const hookFamily = req.hook_family ?? (template?.hook_family as HookType | undefined);
    const generator = req.generator
      ? this.o.generators.find((g) => g.name === req.generator)
      : this.o.generators[0];
    if (!generator) {
      throw new InvalidInputError(
        `generator ${req.generator} is not configured (set LLM_BASE_URL for openai-compatible)`,
        ['body', 'generator'],
      );
    }
    if (generator.name === 'composer' && persona.topics.length === 0 && !req.brief) {
      throw new InvalidInputError(
        `persona ${persona.id} has no topics: add some (PATCH /api/personas/${persona.id}) or give a brief`,
        ['body', 'persona_id'],
      );
    }
    const seed = req.seed ?? randomInt(2 ** 31 - 1);
    let texts;
    try {
      texts = await generator.generate(
        {
          persona,
          count: req.count,
          ...(hookFamily ? { hookFamily } : {}),
          ...(!hookFamily && req.learned !== false && this.o.favouredFamilies
            ? { favouredFamilies: await this.o.favouredFamilies(persona.id) }
            : {}),
          ...(template ? { template } : {}),
          ...(req.brief ? { brief: req.brief } : {}),
          seed,
          style: await this.styleOf(persona.account_id),
        },
        (done) => onDraft?.(done, req.count),
      );
    } catch (err) {
      if (err instanceof GenerationError) {
        this.o.logger.warn({ err, generator: generator.name }, 'draft generation failed');
        throw new UnavailableError(`draft generation failed: ${err.message}`);
      }
      throw err;
    }
    const rows: DraftRow[] = [];
    // One at a time: each draft is compared with the ones stored before it.
    for (const [i, t] of texts.entries()) {
      const score = await this.o.scorer.score({
        account_id: persona.account_id,
        persona_id: persona.id,
        text: t.text,
      });
      const [row] = await this.o.repo.insert([
        {
          persona_id: persona.id,
          account_id: persona.account_id,
          text: t.text,
          generator: generator.name,
          template_id: template?.template_id ?? null,
          template_version: template?.version ?? null,
          hook_family: t.hook_family,
          brief: req.brief ?? null,
          seed: generator.name === 'composer' ? seed : seed + i,
          tokens_used: t.tokens_used,
          ...scoreColumns(score),
        },
      ]);
      rows.push(await this.autoApprove(persona, row!));
    }
    return rows.map(toDraft);
  }

  async list(filter: { status?: DraftStatus; persona_id?: string; limit: number }): Promise<Draft[]> {
    return (await this.o.repo.list(filter)).map(toDraft);
  }

  async get(id: number): Promise<Draft> {
    return toDraft(await this.row(id));
  }

  /** A pending (or failed) draft's new text, scored again; it goes back to pending. */
  async edit(id: number, text: string): Promise<Draft> {
    const row = await this.row(id);
    const score = await this.o.scorer.score({
      account_id: row.account_id,
      persona_id: row.persona_id,
      text,
      id,
    });
    const updated = await this.o.repo.update(id, ['pending', 'failed'], {
      text,
      edited: true,
      status: 'pending',
      failure_reason: null,
      updated_at: this.o.clock(),
      ...scoreColumns(score),
    });
    if (!updated)
      throw new ConflictError(`Draft ${id} is ${row.status}: only pending or failed drafts can be edited`);
    return toDraft(updated);
  }

  /**
   * Schedule a pending (or failed) draft at `at`, or at the next best free slot of its persona.
   * A draft over Threads' limits cannot be approved (422).
   */
  async approve(id: number, at?: Date): Promise<Draft> {
    const row = await this.row(id);
    if (row.status !== 'pending' && row.status !== 'failed')
      throw new ConflictError(`Draft ${id} is ${row.status}: only pending or failed drafts can be approved`);
    if (!row.limits_ok)
      throw new InvalidInputError(
        `Draft ${id} breaks Threads' limits: ${row.limit_reasons.map((r) => r.message).join('; ')}`,
        ['path', 'id'],
      );
    const now = this.o.clock();
    if (at !== undefined && at.getTime() < now.getTime() - 60_000)
      throw new InvalidInputError('scheduled_at is in the past', ['body', 'scheduled_at']);
    const persona = await this.o.personas.get(row.persona_id);
    const when = at ?? (await this.nextSlot(persona, now));
    const updated = await this.o.repo.update(id, ['pending', 'failed'], {
      status: 'scheduled',
      scheduled_at: when,
      publishing_at: null,
      failure_reason: null,
      updated_at: now,
    });
    if (!updated) throw new ConflictError(`Draft ${id} changed while it was being approved`);
    return toDraft(updated);
  }

  async reject(id: number): Promise<Draft> {
    const row = await this.row(id);
    const updated = await this.o.repo.update(id, ['pending', 'scheduled', 'failed'], {
      status: 'rejected',
      updated_at: this.o.clock(),
    });
    if (!updated) throw new ConflictError(`Draft ${id} is ${row.status}: it can no longer be rejected`);
    return toDraft(updated);
  }

  /**
   * The template an experiment confirmed for this persona (newest winner first, current version),
   * skipping templates deleted since; undefined without one.
   */
  private async favouredTemplate(personaId: string): Promise<TemplateVersion | undefined> {
    for (const id of (await this.o.favouredTemplates?.(personaId)) ?? []) {
      try {
        return await this.o.templates.version(id);
      } catch (err) {
        if (!(err instanceof NotFoundError)) throw err;
      }
    }
    return undefined;
  }

  /** The next best free slot of a persona: best hours of its account, its cadence and quiet hours. */
  async nextSlot(persona: Persona, now: Date): Promise<Date> {
    const [scores, taken] = await Promise.all([
      this.o.bestTimes.scores(persona.account_id),
      this.o.repo.takenTimes(persona.id, new Date(now.getTime() - 86_400_000)),
    ]);
    const slot = nextFreeSlot({
      now,
      scores: scores.slots,
      quiet: persona.quiet_hours,
      postsPerDay: persona.posts_per_day,
      taken,
    });
    if (!slot)
      throw new ConflictError(
        `persona ${persona.id} has no free slot in the next 7 days (cadence ${persona.posts_per_day} a day)`,
      );
    return slot;
  }

  private async autoApprove(persona: Persona, row: DraftRow): Promise<DraftRow> {
    if (persona.approval !== 'auto' || persona.auto_threshold === null) return row;
    if (!row.limits_ok || row.near_duplicate !== null || row.predicted.mean < persona.auto_threshold)
      return row;
    const when = await this.nextSlot(persona, this.o.clock());
    return (
      (await this.o.repo.update(row.id, ['pending'], {
        status: 'scheduled',
        scheduled_at: when,
        updated_at: this.o.clock(),
      })) ?? row
    );
  }

  private async styleOf(accountId: string): Promise<ComposerStyle> {
    const best = (await this.o.repo.bestPostPatterns(accountId, STYLE_POSTS)).flatMap((p) => {
      const s = (p as { structure_patterns?: Record<string, unknown>[] } | null)?.structure_patterns?.[0];
      return s ? [s] : [];
    });
    if (best.length === 0) return DEFAULT_STYLE;
    const share = (f: (s: Record<string, unknown>) => boolean) => best.filter(f).length / best.length;
    const sentences = best.reduce((n, s) => n + Number(s.sentence_count ?? 3), 0) / best.length;
    return {
      lineBreaks: share((s) => Number(s.line_count ?? 1) > 1) >= 0.5,
      list: share((s) => s.has_list === true) >= 0.5,
      endsWithQuestion: share((s) => s.ends_with_question === true) >= 0.5,
      emoji: share((s) => Number(s.emoji_count ?? 0) > 0) >= 0.5,
      hashtags: share((s) => Number(s.hashtag_count ?? 0) > 0) >= 0.5,
      bodySentences: Math.max(1, Math.min(3, Math.round(sentences) - 2)),
    };
  }

  private async row(id: number): Promise<DraftRow> {
    const row = await this.o.repo.get(id);
    if (!row) throw new NotFoundError(`Draft ${id}`);
    return row;
  }
}

function scoreColumns(s: DraftScore) {
  return {
    patterns: JSON.stringify(s.patterns),
    predicted: JSON.stringify(s.predicted),
    limits_ok: s.limits_ok,
    limit_reasons: JSON.stringify(s.limit_reasons),
    near_duplicate: s.near_duplicate ? JSON.stringify(s.near_duplicate) : null,
  };
}

export function toDraft(r: DraftRow): Draft {
  const hooks = ((r.patterns as { hook_patterns?: HookPattern[] } | null)?.hook_patterns ?? []).map((h) => ({
    type: h.type,
    confidence: h.confidence,
    spans: h.spans,
  }));
  return {
    id: Number(r.id),
    persona_id: r.persona_id,
    account_id: r.account_id,
    text: r.text,
    generator: r.generator,
    template_id: r.template_id === null ? null : Number(r.template_id),
    template_version: r.template_version,
    hook_family: r.hook_family,
    brief: r.brief,
    tokens_used: r.tokens_used,
    hooks,
    patterns: r.patterns,
    predicted_engagement: { ...r.predicted, note: basisNote(r.predicted.basis, r.account_id, r.persona_id) },
    limits_ok: r.limits_ok,
    limit_reasons: r.limit_reasons,
    near_duplicate: r.near_duplicate,
    status: r.status,
    scheduled_at: r.scheduled_at,
    published_post_id: r.published_post_id,
    published_at: r.published_at,
    failure_reason: r.failure_reason,
    edited: r.edited,
    created_at: r.created_at,
    updated_at: r.updated_at,
  };
}
