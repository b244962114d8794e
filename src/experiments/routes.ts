import type { App } from '../http/kit/types.js';
import {
  AttachPostBody,
  ConfirmedLifts,
  CreateExperimentBody,
  Detail,
  ExperimentList,
  ExperimentParams,
  ExperimentView,
  LiftsQuery,
  Memberships,
  MembershipsQuery,
  VariantView,
} from './schemas.js';
import type { ExperimentsService } from './service.js';

export interface ExperimentRoutesOptions {
  service: ExperimentsService;
}

const TAGS = ['experiments'];

/** The experiments' routes as one plugin. Thin: the schema validates, the service decides. */
export async function experimentRoutes(app: App, opts: ExperimentRoutesOptions): Promise<void> {
  const { service } = opts;

  app.post(
    '/api/experiments',
    {
      schema: {
        tags: TAGS,
        summary:
          'Start an A/B experiment: a brief, 2–8 variants (template, hook family or text), a bandit picks each slot',
        body: CreateExperimentBody,
        response: { 201: ExperimentView, 422: Detail },
      },
    },
    async (req, reply) => reply.code(201).send(await service.create(req.body)),
  );

  app.get(
    '/api/experiments',
    { schema: { tags: TAGS, summary: 'Every experiment, newest first', response: { 200: ExperimentList } } },
    () => service.list(),
  );

  app.get(
    '/api/experiments/lifts',
    {
      schema: {
        tags: TAGS,
        summary:
          'Variants confirmed by an experiment (declared winners) with their lift over the other variants',
        querystring: LiftsQuery,
        response: { 200: ConfirmedLifts },
      },
    },
    (req) => service.confirmedLifts(req.query.persona_id),
  );

  app.get(
    '/api/experiments/memberships',
    {
      schema: {
        tags: TAGS,
        summary:
          'The experiment, variant and current probability of best of each given draft or post that belongs to one',
        querystring: MembershipsQuery,
        response: { 200: Memberships, 422: Detail },
      },
    },
    (req) => {
      const list = (v: string | undefined) => (v === undefined ? [] : v.split(','));
      return service.memberships(list(req.query.draft_ids).map(Number), list(req.query.post_ids));
    },
  );

  app.get(
    '/api/experiments/:id',
    {
      schema: {
        tags: TAGS,
        summary: "An experiment: each variant's posts, rewards, posterior and probability of being best",
        params: ExperimentParams,
        response: { 200: ExperimentView, 404: Detail },
      },
    },
    (req) => service.get(req.params.id),
  );

  app.post(
    '/api/experiments/:id/stop',
    {
      schema: {
        tags: TAGS,
        summary: 'Stop a running experiment without a winner',
        params: ExperimentParams,
        response: { 200: ExperimentView, 404: Detail, 409: Detail },
      },
    },
    (req) => service.stop(req.params.id),
  );

  app.post(
    '/api/experiments/:id/next-variant',
    {
      schema: {
        tags: TAGS,
        summary:
          'The variant the bandit gives the next publishing slot (the same answer until a post is attached)',
        params: ExperimentParams,
        response: { 200: VariantView, 404: Detail, 409: Detail },
      },
    },
    (req) => service.nextVariant(req.params.id),
  );

  app.post(
    '/api/experiments/:id/posts',
    {
      schema: {
        tags: TAGS,
        summary:
          'Attach a published post to the variant it was written for (attaching it again changes nothing)',
        params: ExperimentParams,
        body: AttachPostBody,
        response: { 200: ExperimentView, 404: Detail, 409: Detail, 422: Detail },
      },
    },
    (req) => service.attachPost(req.params.id, req.body),
  );
}
