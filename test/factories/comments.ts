import type { ReplyModerator } from '../../src/comments/auto-hide.js';
import { testConfig, type Config } from '../../src/config.js';
import { createDeps } from '../../src/deps.js';
import { buildApp, type App } from '../../src/http/app.js';
import type { Cache } from '../../src/infra/cache/cache.js';
import { MemoryCache } from '../../src/infra/cache/memory-cache.js';
import type { Store } from '../../src/infra/db/client.js';
import { MemoryQueue } from '../../src/infra/queue/memory-queue.js';
import type { Queue } from '../../src/infra/queue/queue.js';
import { createLogger } from '../../src/infra/telemetry/logger.js';
import { createTelemetry, type Telemetry } from '../../src/infra/telemetry/metrics.js';
import type { DmDelivery, DmDeliveryMessage, DmDeliveryResult } from '../../src/comments/dm-delivery.js';
import type { Analyzer, TextAnalysis } from '../../src/comments/intents.js';
import type { CommentsModule } from '../../src/comments/module.js';
import type { CommentInput } from '../../src/comments/schemas.js';
import type { ThreadsSource } from '../../src/source/threads-source.js';

/** One comment as `POST /comments/process` takes it. */
export function makeComment(overrides: Partial<CommentInput> = {}): CommentInput {
  return {
    id: 'c_1',
    text: 'Love this, where can I buy it?',
    author: 'ana',
    timestamp: '2026-11-20T10:00:00Z',
    ...overrides,
  };
}

/** `n` comments with ids `${prefix}${from}` … `${prefix}${from + n − 1}`. */
export function makeComments(
  n: number,
  opts: { prefix?: string; from?: number; text?: string } = {},
): CommentInput[] {
  const prefix = opts.prefix ?? 'c_';
  const from = opts.from ?? 0;
  return Array.from({ length: n }, (_, i) =>
    makeComment({
      id: `${prefix}${from + i}`,
      author: `user_${(from + i) % 97}`,
      text: opts.text ?? `comment number ${from + i}`,
    }),
  );
}

const ZERO = { purchase_intent: 0, question: 0, praise: 0, complaint: 0, spam: 0, other: 0 };

/**
 * A fixed, transparent stand-in for the NLP models so pipeline tests do not move when a
 * model is retrained: "spam" or "follow me" → spam, "buy"/"price" → purchase intent,
 * "?" → question, "love" → praise, "broken" → complaint, else other.
 */
export const stubAnalyzer: Analyzer = (text: string): TextAnalysis => {
  const t = text.toLowerCase();
  const pick = (
    intent: TextAnalysis['intent'],
    score: number,
    lead: number,
    sentiment: number,
  ): TextAnalysis => ({
    intent,
    scores: { ...ZERO, [intent]: score, other: intent === 'other' ? score : 1 - score },
    lead_score: lead,
    sentiment,
    model_version: 'stub-1',
    evidence: [`stub: ${intent}`],
  });
  if (/\bspam\b|follow me/.test(t)) return pick('spam', 0.95, 0, 0);
  if (/\bbuy\b|\bprice\b/.test(t)) return pick('purchase_intent', 0.9, 0.85, 0.4);
  if (t.includes('?')) return pick('question', 0.8, 0.3, 0);
  if (/\blove\b/.test(t)) return pick('praise', 0.85, 0.1, 0.8);
  if (/\bbroken\b/.test(t)) return pick('complaint', 0.8, 0.05, -0.7);
  return pick('other', 0.6, 0, 0);
};

/** Records what it would send and answers like an idempotent receiver. */
export class RecordingDelivery implements DmDelivery {
  readonly name = 'recording';
  readonly calls: DmDeliveryMessage[] = [];
  readonly delivered = new Map<string, DmDeliveryMessage>();
  /** throw this many times before accepting anything */
  failNext = 0;
  /** accept the message but throw this many times, as if the answer was lost on the way back */
  loseAckNext = 0;

  async send(msg: DmDeliveryMessage): Promise<DmDeliveryResult> {
    this.calls.push(msg);
    if (this.failNext > 0) {
      this.failNext--;
      throw new Error('receiver unavailable (test)');
    }
    const duplicate = this.delivered.has(msg.idempotency_key);
    if (!duplicate) this.delivered.set(msg.idempotency_key, msg);
    if (this.loseAckNext > 0) {
      this.loseAckNext--;
      throw new Error('connection reset before the answer (test)');
    }
    return { id: `r_${msg.idempotency_key}`, duplicate };
  }
}

export interface CommentsHarness {
  app: App;
  module: CommentsModule;
  queue: Queue;
  cache: Cache;
  config: Config;
  telemetry: Telemetry;
  close(): Promise<void>;
}

export interface HarnessOptions {
  config?: Partial<Record<keyof Config, string>>;
  analyzer?: Analyzer;
  delivery?: DmDelivery;
  publicReply?: DmDelivery;
  moderator?: ReplyModerator;
  source?: Pick<ThreadsSource, 'getComments' | 'getPost' | 'sendDm'>;
  cache?: Cache;
  queue?: Queue;
  /** start processing jobs (default true) */
  startQueue?: boolean;
  now?: () => Date;
}

/** The real app with the comment routes, on `store`, with an in-process queue and cache. */
export async function createCommentsHarness(
  store: Store,
  opts: HarnessOptions = {},
): Promise<CommentsHarness> {
  const config = testConfig({ COMMENT_RATE_LIMIT_PER_MINUTE: '100000', ...opts.config });
  const logger = createLogger(config, { pretty: false });
  const telemetry = createTelemetry({ defaultMetrics: false });
  const cache = opts.cache ?? new MemoryCache();
  const queue = opts.queue ?? new MemoryQueue({ logger });
  const deps = await createDeps(config, {
    logger,
    telemetry,
    store,
    cache,
    queue,
    comments: {
      analyzer: opts.analyzer ?? stubAnalyzer,
      delivery: opts.delivery ?? new RecordingDelivery(),
      ...(opts.publicReply ? { publicReply: opts.publicReply } : {}),
      ...(opts.moderator ? { moderator: opts.moderator } : {}),
      ...(opts.source ? { source: opts.source } : {}),
      ...(opts.now ? { now: opts.now } : {}),
    },
  });
  const module = deps.comments;
  module.registerJobs(queue);
  if (opts.startQueue ?? true) await queue.start();
  const app = await buildApp(deps);
  await app.ready();
  return {
    app,
    module,
    queue,
    cache,
    config,
    telemetry,
    close: async () => {
      await app.close();
      await queue.close();
      await deps.close();
    },
  };
}

/** Resolve once no job is waiting, delayed or running (retries included). */
export async function waitForIdle(queue: Queue, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const c = await queue.counts();
    if (c.waiting + c.active + c.delayed === 0) return;
    if (Date.now() > deadline) throw new Error(`queue not idle after ${timeoutMs} ms: ${JSON.stringify(c)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
