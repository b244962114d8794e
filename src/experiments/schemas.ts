import { Type } from 'typebox';
import { HOOK_TYPES } from '../patterns/index.js';

/**
 * Request and response shapes of the experiments' routes: validation, serialization and OpenAPI
 * from one definition.
 */

const Id = (description: string) => Type.String({ minLength: 1, maxLength: 100, description });
const Time = Type.String({ format: 'date-time' });

export const Detail = Type.Object({ detail: Type.Unknown() });

const Variant = Type.Union(
  [
    Type.Object(
      { template_id: Type.Integer({ minimum: 1, description: 'a prompt template of the content engine' }) },
      { additionalProperties: false },
    ),
    Type.Object(
      {
        hook_family: Type.Enum([...HOOK_TYPES], {
          description: "a hook family of the pattern engine's catalogue",
        }),
      },
      { additionalProperties: false },
    ),
    Type.Object(
      { text: Type.String({ minLength: 1, maxLength: 500, description: 'the hook or post text itself' }) },
      { additionalProperties: false },
    ),
  ],
  { description: 'exactly one of template_id, hook_family, text' },
);

export const CreateExperimentBody = Type.Object(
  {
    persona_id: Id('whose audience the experiment asks'),
    brief: Type.String({ minLength: 1, maxLength: 2000, description: 'what the posts are about' }),
    variants: Type.Array(Variant, { minItems: 2, maxItems: 8 }),
    reward_age_hours: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 168,
        description: "age at which a post's engagement rate is its reward (default 24)",
      }),
    ),
    max_posts: Type.Integer({
      minimum: 2,
      maximum: 1000,
      description: 'posts after which, without a winner, the experiment is inconclusive',
    }),
  },
  { additionalProperties: false },
);

export const ExperimentParams = Type.Object({ id: Id('experiment id') });

export const AttachPostBody = Type.Object(
  { variant_id: Id('the variant the post was written for'), post_id: Id('the published post') },
  { additionalProperties: false },
);

const State = Type.Union(
  [Type.Literal('running'), Type.Literal('winner'), Type.Literal('stopped'), Type.Literal('inconclusive')],
  { description: '`winner` at ≥ 95 % probability of best; `inconclusive` at max_posts without one' },
);
const Kind = Type.Union([Type.Literal('template'), Type.Literal('hook_family'), Type.Literal('text')]);
const NormalGammaSchema = Type.Object(
  { mu: Type.Number(), kappa: Type.Number(), alpha: Type.Number(), beta: Type.Number() },
  { description: 'Normal–Gamma over the reward ln(rate + 0.001): μ, κ, α, β' },
);

export const VariantView = Type.Object({
  id: Type.String(),
  position: Type.Integer(),
  kind: Kind,
  value: Type.String(),
  posts: Type.Array(
    Type.Object({
      post_id: Type.String(),
      assigned_at: Time,
      reward: Type.Union([
        Type.Object({ engagement_rate: Type.Number(), reward: Type.Number(), observed_at: Time }),
        Type.Null(),
      ]),
    }),
  ),
  rewards: Type.Integer({ description: 'posts whose reward is in' }),
  posterior: NormalGammaSchema,
  marginal: Type.Object(
    { df: Type.Number(), location: Type.Number(), scale: Type.Number() },
    { description: 'Student-t posterior of the mean reward' },
  ),
  mean_rate: Type.Number({ description: 'exp(posterior mean reward) − 0.001: the typical engagement rate' }),
  probability_best: Type.Number({ minimum: 0, maximum: 1 }),
  density: Type.Array(Type.Number(), {
    description: 'posterior density of the mean reward at each point of density_grid',
  }),
});

const summaryFields = {
  id: Type.String(),
  persona_id: Type.String(),
  brief: Type.String(),
  state: State,
  reward_age_hours: Type.Integer(),
  max_posts: Type.Integer(),
  posts: Type.Integer(),
  rewards: Type.Integer(),
  winner_variant_id: Type.Union([Type.String(), Type.Null()]),
  created_at: Time,
  ended_at: Type.Union([Time, Type.Null()]),
};

export const ExperimentSummary = Type.Object(summaryFields);
export const ExperimentList = Type.Array(ExperimentSummary);

export const ExperimentView = Type.Object({
  ...summaryFields,
  prior: NormalGammaSchema,
  variants: Type.Array(VariantView),
  density_grid: Type.Array(Type.Number(), {
    description: 'engagement rates at which the densities are given',
  }),
  probability_best_history: Type.Array(
    Type.Object({ at: Time, rewards: Type.Integer(), probabilities: Type.Array(Type.Number()) }),
  ),
});

export const ConfirmedLifts = Type.Array(
  Type.Object({
    persona_id: Type.String(),
    experiment_id: Type.String(),
    kind: Kind,
    value: Type.String(),
    lift: Type.Union([Type.Number(), Type.Null()]),
    probability_best: Type.Number(),
    posts: Type.Integer(),
    confirmed_at: Time,
  }),
);

export const LiftsQuery = Type.Object({ persona_id: Type.Optional(Id('only this persona')) });

export const MembershipsQuery = Type.Object({
  draft_ids: Type.Optional(
    Type.String({ pattern: '^[0-9]{1,15}(,[0-9]{1,15}){0,199}$', description: 'comma-separated draft ids' }),
  ),
  post_ids: Type.Optional(
    Type.String({
      pattern: '^[^,]{1,100}(,[^,]{1,100}){0,199}$',
      maxLength: 20_000,
      description: 'comma-separated post ids',
    }),
  ),
});

export const Memberships = Type.Array(
  Type.Object({
    draft_id: Type.Union([Type.Integer(), Type.Null()]),
    post_id: Type.Union([Type.String(), Type.Null()]),
    experiment_id: Type.String(),
    brief: Type.String(),
    state: State,
    variant_id: Type.String(),
    variant_kind: Kind,
    variant_value: Type.String(),
    probability_best: Type.Number({ minimum: 0, maximum: 1 }),
    is_winner: Type.Boolean(),
  }),
);
