import type { Kysely } from 'kysely';
import type { Config } from '../config.js';
import type { EngagementService } from '../engagement/index.js';
import type { DB } from '../infra/db/types.js';
import type { Queue } from '../infra/queue/queue.js';
import type { Logger } from '../infra/telemetry/logger.js';
import type { HookType, PatternService } from '../patterns/index.js';
import type { ThreadsSource } from '../source/index.js';
import { BestTimesService } from './best-times.js';
import { ComposerGenerator } from './composer-generator.js';
import { DraftRepository } from './draft-repository.js';
import { DraftService } from './drafts.js';
import type { Generator } from './generator.js';
import { OpenAiCompatibleGenerator } from './openai-generator.js';
import { PersonaRepository } from './persona-repository.js';
import { PersonaService } from './personas.js';
import { Publisher } from './publisher.js';
import { DraftScorer } from './scoring.js';
import { TemplateRepository } from './template-repository.js';
import { TemplateService } from './templates.js';
import { DEFAULT_ATTEMPTS } from '../infra/queue/queue.js';

/**
 * The content engine assembled (SPEC §7): personas, templates, generators, drafts and their
 * scores, best times, and the publishing queue with its jobs. deps.ts builds one; tests build their own.
 */

export interface ContentModuleDeps {
  db: Kysely<DB>;
  queue: Queue;
  logger: Logger;
  clock: () => Date;
  config: Pick<Config, 'LLM_BASE_URL' | 'LLM_MODEL' | 'LLM_API_KEY' | 'LLM_TIMEOUT_MS'>;
  patterns: Pick<PatternService, 'extract'>;
  engagement: Pick<EngagementService, 'predict'>;
  source: Pick<ThreadsSource, 'publish' | 'listPublished'>;
  /** put a published post into the metrics engine (the collector's first reading of it) */
  ingest(postId: string): Promise<void>;
  /** how often due drafts are queued (default every 30 s) */
  publishEveryMs?: number;
  /** hook families experiments confirmed for a persona, best first (the experiments' learning) */
  favouredFamilies?: (personaId: string) => Promise<HookType[]>;
  /** templates experiments confirmed for a persona, newest first (a batch without a target is written from the first) */
  favouredTemplates?: (personaId: string) => Promise<number[]>;
  /** replaces the generators chosen from the config (tests) */
  generators?: Generator[];
}

export interface ContentModule {
  personas: PersonaService;
  templates: TemplateService;
  drafts: DraftService;
  bestTimes: BestTimesService;
  publisher: Publisher;
  registerJobs(queue: Queue): void;
  start(): Promise<void>;
}

export const PUBLISH_SCHEDULE_KEY = 'content-publish-due';
export const PUBLISH_EVERY_MS = 30_000;

/** The generators the config allows, the default first: openai-compatible when LLM_BASE_URL is set. */
export function generatorsFromConfig(
  config: ContentModuleDeps['config'],
  patterns: Pick<PatternService, 'extract'>,
): Generator[] {
  const composer = new ComposerGenerator((text) =>
    patterns.extract({ content: text, engagement_rate: 0 }).hook_patterns.map((h) => h.type),
  );
  if (!config.LLM_BASE_URL) return [composer];
  return [
    new OpenAiCompatibleGenerator({
      baseUrl: config.LLM_BASE_URL,
      model: config.LLM_MODEL,
      ...(config.LLM_API_KEY ? { apiKey: config.LLM_API_KEY } : {}),
      timeoutMs: config.LLM_TIMEOUT_MS,
    }),
    composer,
  ];
}

export function createContentModule(deps: ContentModuleDeps): ContentModule {
  const { db, clock, logger } = deps;
  const log = logger.child({ module: 'content' });
  const draftRepo = new DraftRepository(db);
  const personas = new PersonaService({ repo: new PersonaRepository(db), clock });
  const templates = new TemplateService({ repo: new TemplateRepository(db), clock });
  const bestTimes = new BestTimesService({ drafts: draftRepo });
  const scorer = new DraftScorer({
    extract: (content) => deps.patterns.extract({ content, engagement_rate: 0 }),
    predict: (input) => deps.engagement.predict(input),
    drafts: draftRepo,
  });
  const drafts = new DraftService({
    repo: draftRepo,
    personas,
    templates,
    scorer,
    bestTimes,
    generators: deps.generators ?? generatorsFromConfig(deps.config, deps.patterns),
    ...(deps.favouredFamilies ? { favouredFamilies: deps.favouredFamilies } : {}),
    ...(deps.favouredTemplates ? { favouredTemplates: deps.favouredTemplates } : {}),
    clock,
    logger: log,
  });
  const publisher = new Publisher({
    repo: draftRepo,
    queue: deps.queue,
    source: deps.source,
    ingest: deps.ingest,
    clock,
    logger: log,
  });
  return {
    personas,
    templates,
    drafts,
    bestTimes,
    publisher,
    registerJobs(queue: Queue) {
      queue.register('publish_due_drafts', async () => ({ queued: await publisher.queueDue() }));
      // Idempotent: the draft's state says whether it went out; a retry adopts a post it finds.
      queue.register('publish_draft', async (payload, ctx) => ({
        outcome: await publisher.publish(payload.draftId, ctx.attempt >= DEFAULT_ATTEMPTS),
      }));
    },
    async start() {
      await deps.queue.addRepeatable(
        'publish_due_drafts',
        {},
        { everyMs: deps.publishEveryMs ?? PUBLISH_EVERY_MS, key: PUBLISH_SCHEDULE_KEY },
      );
    },
  };
}
