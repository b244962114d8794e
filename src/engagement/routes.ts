import type { App } from '../http/kit/types.js';
import { AccountQuery, ForecastResponse, PredictBody, WhatWorksResponse } from './schemas.js';
import type { EngagementService } from './service.js';

export interface EngagementRoutesOptions {
  service: EngagementService;
}

const TAGS = ['engagement'];

/** The engagement model's routes as one plugin. Thin: the schema validates, the service decides. */
export async function engagementRoutes(app: App, opts: EngagementRoutesOptions): Promise<void> {
  const { service } = opts;

  app.get(
    '/api/engagement/what-works',
    {
      schema: {
        tags: TAGS,
        summary:
          'What works for an account: the learned effect of every feature (format, hooks, emotions, sentiment, timing) in words',
        querystring: AccountQuery,
        response: { 200: WhatWorksResponse },
      },
    },
    (req) => service.whatWorks(req.query.account_id),
  );

  app.post(
    '/api/engagement/predict',
    {
      schema: {
        tags: TAGS,
        summary:
          'Engagement rate a draft will reach at the fixed age for this account, with its 80 % interval and the reasons',
        body: PredictBody,
        response: { 200: ForecastResponse },
      },
    },
    (req) =>
      service.predict({
        account_id: req.body.account_id,
        content: req.body.content,
        ...(req.body.published_at ? { published_at: new Date(req.body.published_at) } : {}),
        ...(req.body.persona_id ? { persona_id: req.body.persona_id } : {}),
      }),
  );
}
