import { Type } from 'typebox';
import { TOKEN_STATUSES } from './tables.js';

/** Request and response shapes of the accounts capability (SPEC §5.1). */

export const AddAccountBody = Type.Object(
  {
    token: Type.String({
      minLength: 1,
      maxLength: 4096,
      description: 'a long-lived Threads user access token; checked with /me, then stored encrypted',
    }),
  },
  { additionalProperties: false },
);

export const AccountParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) });

export const CallbackQuery = Type.Object({
  code: Type.Optional(Type.String({ minLength: 1, maxLength: 4096 })),
  state: Type.Optional(Type.String({ maxLength: 200 })),
  error: Type.Optional(Type.String({ maxLength: 200 })),
  error_reason: Type.Optional(Type.String({ maxLength: 200 })),
  error_description: Type.Optional(Type.String({ maxLength: 1000 })),
});

const Iso = (description: string) =>
  Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { description });

export const AccountSummarySchema = Type.Object({
  account_id: Type.String({
    description: 'the Threads user id of a connected account, else the id its posts carry',
  }),
  persona_id: Type.String(),
  posts: Type.Integer(),
  connected: Type.Boolean({
    description: 'connected with a token (false: known only from its posts, e.g. a simulated account)',
  }),
  username: Type.Union([Type.String(), Type.Null()]),
  token_status: Type.Union([Type.Enum(TOKEN_STATUSES), Type.Null()]),
  token_status_reason: Type.Union([Type.String(), Type.Null()]),
  token_expires_at: Iso('when the stored token expires (refreshed automatically well before)'),
  last_polled_at: Iso('last time the connector polled this account'),
  usage: Type.Object({
    calls_last_hour: Type.Integer({
      description: 'Threads API calls made for this account in the current hour',
    }),
    calls_24h: Type.Integer({ description: 'calls over the last 24 hours' }),
  }),
});

export const AccountsResponse = Type.Array(AccountSummarySchema);

export const AuthorizeUrlResponse = Type.Object({ authorize_url: Type.String() });

export const DetailResponse = Type.Object({ detail: Type.String() });
