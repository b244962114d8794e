import { LRUCache } from 'lru-cache';
import type { Config } from '../config.js';
import { InvalidInputError, NotFoundError } from '../errors.js';
import { PermanentJobError, type Queue } from '../infra/queue/queue.js';
import type { Logger } from '../infra/telemetry/logger.js';
import { DmDeliveryError, type DmDelivery } from './dm-delivery.js';
import {
  parseTemplate,
  renderTemplate,
  ruleMatches,
  templateValues,
  validateRuleConditions,
  validateRuleTemplate,
} from './dm-rules.js';
import { isCreatorReply } from './intents.js';
import type { CommentAnalysis, CommentForAnalysis } from './repository.js';
import {
  toOutboxItem,
  utcDay,
  type DmCandidate,
  type DmRepository,
  type RuleWrite,
  type StoredRule,
} from './outbox.js';
import type {
  CreateDmRuleBody,
  DmOutboxItem,
  DmRuleResponse,
  DmStatus,
  UpdateDmRuleBody,
} from './schemas.js';
import type { CommentMetrics } from './telemetry.js';

/**
 * DM rules and the outbox: which analysed comments earn a DM, the guarantees around it
 * (one per post/author/rule, DM_DAILY_LIMIT per account and UTC day, never for spam) and
 * at-least-once delivery through `DmDelivery` with the outbox row's idempotency key.
 */

export const DM_JOB_PRIORITY = 5;
/**
 * Enabled rules are read once per this many ms per process: every analysis job needs them and
 * they rarely change. A change made through this process applies at once, through another
 * replica within this delay.
 */
export const RULES_CACHE_MS = 5_000;
export const DM_SEND_ATTEMPTS = 3;
/** A DM still undelivered this long after it was recorded is failed: the moment has passed. */
export const DM_GIVE_UP_AFTER_MS = 24 * 3600_000;
/** Account of a post nobody told us about (pushed comments on an unknown post). */
export const UNKNOWN_ACCOUNT = 'default';

export interface PostInfo {
  account_id: string;
  post_url: string | null;
  /** the handle of the post's author, when known */
  username: string | null;
}

export interface DmServiceDeps {
  dms: DmRepository;
  queue: Pick<Queue, 'add' | 'getJob' | 'retryFailed'>;
  delivery: DmDelivery;
  /** the delivery of rules with `delivery: public_reply` (the Threads connector); absent = such rules are refused */
  publicReply?: DmDelivery;
  /** account and URL of a post missing from `posts` (e.g. from the source); null when unknown */
  resolvePost?: (postId: string) => Promise<PostInfo | null>;
  metrics: CommentMetrics;
  logger: Logger;
  config: Pick<Config, 'DM_DAILY_LIMIT'>;
  now?: () => Date;
}

export interface AnalysedComment {
  comment: CommentForAnalysis;
  analysis: CommentAnalysis;
}

function toResponse(r: StoredRule): DmRuleResponse {
  return {
    id: r.id,
    account_id: r.account_id,
    name: r.name,
    intent: r.intent,
    threshold: r.threshold,
    keywords: r.keywords,
    match: r.match,
    template: r.template,
    variables: r.variables,
    enabled: r.enabled,
    delivery: r.delivery,
    created_at: r.created_at.toISOString(),
    updated_at: r.updated_at.toISOString(),
  };
}

/** Reject a rule that could never fire or would send a broken message (422 with the field). */
function validateRule(rule: RuleWrite): void {
  const problems = [...validateRuleConditions(rule), ...validateRuleTemplate(rule.template, rule.variables)];
  const first = problems[0];
  if (first)
    throw new InvalidInputError(first.message, ['body', first.field], 'value_error', rule[first.field]);
}

/**
 * The longest values the built-in placeholders take: a Threads username has at most 30
 * characters, and a post's URL is https://www.threads.com/@<username>/post/<11-character code>.
 */
const LONGEST_AUTHOR = 'a'.repeat(30);
const LONGEST_POST_URL = `https://www.threads.com/@${LONGEST_AUTHOR}/post/${'A'.repeat(11)}`;

function usesPostUrl(template: string): boolean {
  const parts = parseTemplate(template);
  return !('error' in parts) && parts.some((p) => 'placeholder' in p && p.placeholder === 'post_url');
}

export class DmService {
  private readonly now: () => Date;
  private readonly log: Logger;
  private readonly posts = new LRUCache<string, PostInfo | 'unknown'>({ max: 10_000, ttl: 10 * 60_000 });
  private rules: { at: number; rules: Promise<StoredRule[]> } | undefined;

  constructor(private readonly deps: DmServiceDeps) {
    this.now = deps.now ?? (() => new Date());
    this.log = deps.logger.child({ module: 'dm' });
  }

  // ── rules ─────────────────────────────────────────────────────────────────

  async createRule(body: CreateDmRuleBody): Promise<DmRuleResponse> {
    const rule: RuleWrite = {
      account_id: body.account_id ?? null,
      name: body.name,
      intent: body.intent ?? null,
      threshold: body.threshold ?? null,
      keywords: body.keywords ?? [],
      match: body.match ?? 'any',
      template: body.template,
      variables: body.variables ?? {},
      enabled: body.enabled ?? true,
      delivery: body.delivery ?? 'dm',
    };
    this.validate(rule);
    const created = await this.deps.dms.createRule(rule, this.now());
    this.rules = undefined;
    return toResponse(created);
  }

  /**
   * The rule's own checks; a public-reply rule only where a Threads connector can deliver it, and
   * only if its message fits a reply with the longest author name and post URL.
   */
  private validate(rule: RuleWrite): void {
    validateRule(rule);
    const delivery = rule.delivery === 'public_reply' ? this.deps.publicReply : this.deps.delivery;
    if (delivery === undefined)
      throw new InvalidInputError(
        'public_reply delivery needs the Threads connector (a connected Threads account as the source); use dm',
        ['body', 'delivery'],
        'value_error',
        rule.delivery,
      );
    const longest = renderTemplate(
      rule.template,
      templateValues(rule, { author: LONGEST_AUTHOR, post_url: LONGEST_POST_URL }),
    );
    const refusal = delivery.refusal?.({ recipient: LONGEST_AUTHOR, text: longest });
    if (refusal)
      throw new InvalidInputError(
        `the message would be refused by ${delivery.name} for an author with a 30-character name: ${refusal}`,
        ['body', 'template'],
        'value_error',
        rule.template,
      );
  }

  async listRules(): Promise<DmRuleResponse[]> {
    return (await this.deps.dms.listRules()).map(toResponse);
  }

  async getRule(id: number): Promise<DmRuleResponse> {
    const rule = await this.deps.dms.getRule(id);
    if (!rule) throw new NotFoundError(`DM rule ${id}`);
    return toResponse(rule);
  }

  /** Apply a partial change; the merged rule is validated as a whole. */
  async updateRule(id: number, patch: UpdateDmRuleBody): Promise<DmRuleResponse> {
    const current = await this.deps.dms.getRule(id);
    if (!current) throw new NotFoundError(`DM rule ${id}`);
    const merged: RuleWrite = {
      account_id: patch.account_id !== undefined ? patch.account_id : current.account_id,
      name: patch.name ?? current.name,
      intent: patch.intent !== undefined ? patch.intent : current.intent,
      threshold: patch.threshold !== undefined ? patch.threshold : current.threshold,
      keywords: patch.keywords ?? current.keywords,
      match: patch.match ?? current.match,
      template: patch.template ?? current.template,
      variables: patch.variables ?? current.variables,
      enabled: patch.enabled ?? current.enabled,
      delivery: patch.delivery ?? current.delivery,
    };
    this.validate(merged);
    const updated = await this.deps.dms.replaceRule(id, merged, this.now());
    this.rules = undefined;
    if (!updated) throw new NotFoundError(`DM rule ${id}`);
    return toResponse(updated);
  }

  async deleteRule(id: number): Promise<void> {
    const deleted = await this.deps.dms.deleteRule(id, this.now());
    this.rules = undefined;
    if (!deleted) throw new NotFoundError(`DM rule ${id}`);
  }

  private enabledRules(): Promise<StoredRule[]> {
    const now = Date.now();
    if (!this.rules || now - this.rules.at > RULES_CACHE_MS) {
      const rules = this.deps.dms.enabledRules();
      this.rules = { at: now, rules };
      // A failed read must not be served from the cache.
      rules.catch(() => {
        if (this.rules?.rules === rules) this.rules = undefined;
      });
    }
    return this.rules.rules;
  }

  async listOutbox(filter: { status?: DmStatus; limit: number }): Promise<DmOutboxItem[]> {
    return (await this.deps.dms.listOutbox(filter)).map(toOutboxItem);
  }

  // ── evaluation (inside the analyze_comment_batch job) ─────────────────────

  /** The account, URL and author of a comment's post: from `posts`, else the source (cached per post). */
  async postInfo(c: CommentForAnalysis): Promise<PostInfo | null> {
    if (c.account_id !== null)
      return { account_id: c.account_id, post_url: c.post_url, username: c.post_author };
    const cached = this.posts.get(c.post_id);
    if (cached !== undefined) return cached === 'unknown' ? null : cached;
    const info = this.deps.resolvePost ? await this.deps.resolvePost(c.post_id) : null;
    this.posts.set(c.post_id, info ?? 'unknown');
    return info;
  }

  /** The handle of the author of a comment's post: from `posts`, else from the source (cached per post). */
  async postAuthor(c: CommentForAnalysis): Promise<string | null> {
    if (c.post_author !== null) return c.post_author;
    try {
      return (await this.postInfo(c))?.username ?? null;
    } catch (err) {
      // analysis goes on without it: at worst a creator's reply is classified like anyone's
      this.log.warn({ err, post_id: c.post_id }, 'post author unknown: the source failed');
      return null;
    }
  }

  /**
   * Decide the DMs of analysed comments, record them in the outbox (constraints and the daily
   * cap enforced there) and make sure a send job is queued for every pending row of these
   * comments — also rows an earlier, interrupted run recorded. Returns the pending rows queued.
   */
  async evaluate(items: readonly AnalysedComment[]): Promise<number> {
    const candidates = await this.candidates(items);
    const created = await this.deps.dms.recordCandidates(candidates, {
      dailyLimit: this.deps.config.DM_DAILY_LIMIT,
      now: this.now(),
    });
    for (const row of created) this.deps.metrics.dms.inc({ status: row.status });
    const skipped = created.filter((r) => r.status === 'skipped');
    if (skipped.length > 0) {
      this.log.info({ skipped: skipped.length, reason: skipped[0]?.last_error }, 'DMs skipped');
    }
    // Also the rows an interrupted earlier run recorded (they conflict now, so `created` misses
    // them). Without candidates there is nothing of this batch to send.
    if (candidates.length === 0) return 0;
    const pending = await this.deps.dms.pendingForComments(items.map((i) => i.comment.comment_id));
    await Promise.all(pending.map((row) => this.queueSend(row.id)));
    return pending.length;
  }

  private async candidates(items: readonly AnalysedComment[]): Promise<DmCandidate[]> {
    // never spam, and never the creator's own reply (a keyword rule would otherwise DM the
    // creator for writing "comment LINK below" under their own post)
    const eligible = items.filter((i) => i.analysis.intent !== 'spam' && !isCreatorReply(i.comment));
    if (eligible.length === 0) return [];
    const rules = await this.enabledRules();
    if (rules.length === 0) return [];
    const infos = new Map<string, PostInfo | null>();
    for (const { comment } of eligible) {
      if (!infos.has(comment.post_id)) infos.set(comment.post_id, await this.postInfo(comment));
    }

    const out = new Map<string, DmCandidate>();
    for (const { comment, analysis } of eligible) {
      const info = infos.get(comment.post_id) ?? null;
      const account = info?.account_id ?? UNKNOWN_ACCOUNT;
      for (const rule of rules) {
        if (rule.account_id !== null && rule.account_id !== account) continue;
        if (!ruleMatches(rule, { text: comment.text, intent: analysis.intent, scores: analysis.scores }))
          continue;
        const key = `${rule.id}\u0000${comment.post_id}\u0000${comment.author}`;
        if (out.has(key)) continue;
        const postUrl = info?.post_url ?? null;
        const missingUrl = postUrl === null && usesPostUrl(rule.template);
        out.set(key, {
          rule_id: rule.id,
          comment_id: comment.comment_id,
          post_id: comment.post_id,
          author: comment.author,
          account_id: account,
          delivery: rule.delivery,
          message: renderTemplate(
            rule.template,
            templateValues(rule, { author: comment.author, post_url: postUrl ?? '' }),
          ),
          ...(missingUrl
            ? {
                skip_reason: `the URL of post ${comment.post_id} is unknown and the template uses {post_url}`,
              }
            : {}),
        });
      }
    }
    return [...out.values()];
  }

  private queueSend(outboxId: number): Promise<string> {
    return this.deps.queue.add(
      'send_dm',
      { outboxId },
      { jobId: `dm-${outboxId}`, priority: DM_JOB_PRIORITY, attempts: DM_SEND_ATTEMPTS },
    );
  }

  /**
   * Drive again the sends of pending rows: a job whose retries ran out is run again (same
   * idempotency key), a job lost for longer than `lostBefore` is queued again, and a row still
   * pending DM_GIVE_UP_AFTER_MS after it was recorded is failed. Returns how many were driven.
   */
  async requeueStalePending(lostBefore: Date): Promise<number> {
    const now = this.now();
    const giveUpBefore = new Date(now.getTime() - DM_GIVE_UP_AFTER_MS);
    const rows = await this.deps.dms.pendingCreatedBefore(now, 10_000);
    let driven = 0;
    for (const row of rows) {
      if (row.created_at < giveUpBefore) {
        await this.deps.dms.markAttemptFailed(
          row.id,
          `not delivered within a day: ${row.last_error ?? 'no answer'}`,
          true,
          now,
        );
        this.deps.metrics.dms.inc({ status: 'failed' });
        continue;
      }
      const job = await this.deps.queue.getJob(`dm-${row.id}`);
      if (job?.state === 'failed') {
        if (await this.deps.queue.retryFailed(`dm-${row.id}`)) driven++;
      } else if (!job && row.created_at < lostBefore) {
        await this.queueSend(row.id);
        driven++;
      }
    }
    return driven;
  }

  async pruneDailyCounts(now: Date): Promise<void> {
    await this.deps.dms.deleteDailyCountsBefore(utcDay(new Date(now.getTime() - 2 * 86_400_000)));
  }

  // ── delivery (the send_dm job) ────────────────────────────────────────────

  /**
   * Deliver one outbox row. Only a pending row is sent; the idempotency key goes with every
   * attempt, so when a previous attempt reached the receiver but was not recorded (crash,
   * database blip), the receiver answers "duplicate" and nothing is sent twice. A permanent
   * refusal fails the row at once; transient failures are retried by the queue and the last
   * one fails the row.
   */
  async send(
    outboxId: number,
    attempt: number,
  ): Promise<{ status: DmStatus | 'missing'; duplicate?: boolean }> {
    const row = await this.deps.dms.getOutbox(outboxId);
    if (!row) return { status: 'missing' };
    if (row.status !== 'pending') return { status: row.status };
    let result;
    try {
      const delivery = row.delivery === 'public_reply' ? this.deps.publicReply : this.deps.delivery;
      if (delivery === undefined)
        throw new DmDeliveryError('public_reply delivery is not available: no Threads connector', false);
      result = await delivery.send({
        idempotency_key: row.idempotency_key,
        recipient: row.author,
        text: row.message,
        post_id: row.post_id,
        account_id: row.account_id,
        comment_id: row.comment_id,
        rule_id: row.rule_id,
      });
    } catch (err) {
      // Only a refusal fails the row. A transient failure, a timeout above all (the receiver may
      // have taken the message and answered late), keeps it pending: the job retries, and once
      // its attempts run out the sweep drives it again with the same idempotency key until
      // DM_GIVE_UP_AFTER_MS, so a receiver back hours later still gets it once.
      const transient = err instanceof DmDeliveryError ? err.transient : true;
      const message = err instanceof Error ? err.message : String(err);
      this.deps.metrics.errors.inc({ error_type: 'delivery' });
      await this.deps.dms.markAttemptFailed(outboxId, message, !transient, this.now());
      if (!transient) this.deps.metrics.dms.inc({ status: 'failed' });
      this.log.warn({ outboxId, attempt, transient, err }, 'DM delivery failed');
      if (!transient) throw new PermanentJobError(message, { cause: err });
      throw err;
    }
    if (await this.deps.dms.markSent(outboxId, result.id, this.now()))
      this.deps.metrics.dms.inc({ status: 'sent' });
    return { status: 'sent', duplicate: result.duplicate };
  }
}
