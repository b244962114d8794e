import type { App } from '../http/kit/types.js';
import {
  AnalyzeTrajectoryBodySchema,
  EmotionTrajectorySchema,
  PersonaTrajectoriesSchema,
  StoredTrajectorySchema,
  TrajectoryPersonaParamsSchema,
  TrajectoryPostParamsSchema,
} from './trajectory-schemas.js';
import type { TrajectoryService } from './trajectory-service.js';

export interface TrajectoryRoutesOptions {
  service: TrajectoryService;
}

const TAGS = ['patterns'];

/** The emotion trajectory routes (SPEC §2.2) as one plugin; handlers are thin. */
export async function trajectoryRoutes(app: App, opts: TrajectoryRoutesOptions): Promise<void> {
  const { service } = opts;

  app.post(
    '/analyze/emotion-trajectory',
    {
      schema: {
        tags: TAGS,
        summary:
          'Emotion trajectory of a text (cut into thread parts or sentences) or of segments already cut: arc type, per-segment emotions, peaks, valleys, transitions',
        body: AnalyzeTrajectoryBodySchema,
        response: { 200: EmotionTrajectorySchema },
      },
    },
    async (req) => service.analyze(req.body),
  );

  app.get(
    '/trajectories/emotion/persona/:persona_id',
    {
      schema: {
        tags: TAGS,
        summary:
          "Which emotional arcs perform for a persona: per arc, its posts and their engagement lift over the persona's baseline (shrunk, 95 % interval)",
        params: TrajectoryPersonaParamsSchema,
        response: { 200: PersonaTrajectoriesSchema },
      },
    },
    async (req) => service.forPersona(req.params.persona_id),
  );

  app.get(
    '/trajectories/emotion/:id',
    {
      schema: {
        tags: TAGS,
        summary:
          'The stored emotion trajectory of a post ({id} is the post id); 404 for a post of one sentence',
        params: TrajectoryPostParamsSchema,
        response: { 200: StoredTrajectorySchema },
      },
    },
    async (req) => {
      const t = await service.forPost(req.params.id);
      return { ...t, analyzed_at: t.analyzed_at.toISOString() };
    },
  );
}
