import { Type, type Static } from 'typebox';
import { FEATURE_GROUPS } from './features.js';

/**
 * Request and response shapes of the engagement model's routes: validation, serialization and
 * OpenAPI from one definition.
 */

const Rate = (description: string) => Type.Number({ minimum: 0, description });
const Basis = Type.Union([Type.Literal('account'), Type.Literal('persona'), Type.Literal('global')], {
  description:
    "whose history the numbers rest on: the account's own, or (too few measured posts) its persona's or every account's",
});
const Group = Type.Enum([...FEATURE_GROUPS], { description: 'the family of the feature' });

const RateInterval = {
  mean: Rate('engagement rate at the fixed age (the centre of the prediction, a geometric mean)'),
  low: Rate('lower end of the 80 % interval'),
  high: Rate('upper end of the 80 % interval'),
};

export const AccountQuery = Type.Object({
  account_id: Type.String({ minLength: 1, maxLength: 100 }),
});

export const FeatureEffectSchema = Type.Object({
  feature: Type.String({ description: '`group:name`, e.g. format:link, hook:question, timing:hour_16_20' }),
  group: Group,
  kind: Type.Union([Type.Literal('presence'), Type.Literal('graded')]),
  step: Type.Number({ description: 'the change the effect is for (1 for presence features)' }),
  effect: Type.Number({ description: 'relative change in engagement: 0.4 = 40 % better, −0.4 = 40 % worse' }),
  low: Type.Number({ description: 'lower end of its 95 % interval' }),
  high: Type.Number({ description: 'upper end of its 95 % interval' }),
  prior_effect: Type.Number({ description: 'the effect of the prior the account was shrunk toward' }),
  shrinkage: Type.Number({ minimum: 0, maximum: 1, description: 'how far it was pulled toward the prior' }),
  usage: Type.Number({ description: "share of the account's posts with it (graded: mean value)" }),
  text: Type.String({ description: 'e.g. "posts with a link do 40 % worse for you"' }),
});

export const WhatWorksResponse = Type.Object({
  account_id: Type.String(),
  persona_id: Type.String(),
  model_version: Type.String(),
  trained_at: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  basis: Basis,
  posts_learned_from: Type.Integer({ description: "the account's own posts with a known outcome" }),
  model_posts: Type.Integer({
    description: 'every account’s posts the model learned from (0: defaults only)',
  }),
  fixed_age_hours: Type.Integer(),
  typical: Type.Object(RateInterval, {
    description: "the engagement rate of the account's typical post now",
  }),
  effects: Type.Array(FeatureEffectSchema, { description: 'every feature, strongest effect first' }),
});
export type WhatWorksResponse = Static<typeof WhatWorksResponse>;

export const PredictBody = Type.Object({
  account_id: Type.String({ minLength: 1, maxLength: 100 }),
  content: Type.String({ minLength: 1, maxLength: 10_000, description: 'the text of the draft or post' }),
  published_at: Type.Optional(
    Type.String({
      format: 'date-time',
      description: 'when it goes out (default now): the hour and day count',
    }),
  ),
  persona_id: Type.Optional(
    Type.String({ minLength: 1, maxLength: 100, description: "default: the account's persona" }),
  ),
});

const ReasonSchema = Type.Object({
  feature: Type.String(),
  group: Group,
  change: Type.Number({ description: "how much it moves this post against the account's typical one" }),
  present: Type.Boolean(),
  text: Type.String(),
});

export const ForecastResponse = Type.Object({
  account_id: Type.String(),
  persona_id: Type.String(),
  model_version: Type.String({ description: 'the model that made the prediction' }),
  basis: Basis,
  fixed_age_hours: Type.Integer({ description: 'the engagement rate is predicted at this age of the post' }),
  ...RateInterval,
  reasons: Type.Array(ReasonSchema, { description: 'the features that moved this post most' }),
});
export type ForecastResponse = Static<typeof ForecastResponse>;
