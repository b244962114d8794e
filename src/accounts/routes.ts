import type { FastifyError } from 'fastify';
import { Type } from 'typebox';
import type { App } from '../http/kit/types.js';
import { SourceError } from '../source/index.js';
import {
  AccountParams,
  AccountsResponse,
  AccountSummarySchema,
  AddAccountBody,
  AuthorizeUrlResponse,
  CallbackQuery,
  DetailResponse,
} from './schemas.js';
import { OAuthStateError, type AccountsService } from './service.js';

export interface AccountRoutesOptions {
  service: AccountsService;
  /** the dashboard page the OAuth callback sends the browser back to */
  accountsPagePath?: string;
}

const TAGS = ['accounts'];

/**
 * Connected Threads accounts: the OAuth connect flow (`/auth/threads/*`) and `/api/accounts`.
 * `/auth/threads/start` is private like `/api/` (it opens a connect flow); the callback is public
 * (Threads sends the browser there) and protected by the single-use `state`.
 */
export async function accountRoutes(app: App, opts: AccountRoutesOptions): Promise<void> {
  const { service } = opts;
  const page = opts.accountsPagePath ?? '/accounts';

  app.setErrorHandler((error: FastifyError, _req, reply) => {
    if (error instanceof OAuthStateError) return reply.code(400).send({ detail: error.message });
    throw error;
  });

  app.get(
    '/auth/threads/start',
    {
      config: { access: 'private' },
      schema: {
        tags: TAGS,
        summary:
          'Start connecting a Threads account: 302 to the Threads authorize URL with a single-use state (JSON {authorize_url} when asked for application/json)',
        response: { 200: AuthorizeUrlResponse },
      },
    },
    async (req, reply) => {
      const url = await service.startAuthorization();
      // The dashboard sends its API key in a header, which a plain navigation cannot: it asks for
      // the URL as JSON, then navigates.
      if ((req.headers.accept ?? '').includes('application/json')) return { authorize_url: url };
      return reply.redirect(url, 302);
    },
  );

  app.get(
    '/auth/threads/callback',
    {
      config: { access: 'public' },
      schema: {
        tags: TAGS,
        summary:
          'Where Threads sends the browser back: state checked (single use), code → long-lived token, account stored, then 302 to the dashboard',
        querystring: CallbackQuery,
        response: { 400: DetailResponse },
      },
    },
    async (req, reply) => {
      const { code, state, error, error_description } = req.query;
      if (!state) throw new OAuthStateError('Missing state: start connecting again from the dashboard');
      if (error !== undefined || code === undefined) {
        await service.consumeState(state);
        const why = error_description ?? error ?? 'no authorization code';
        return reply.redirect(
          `${page}?error=${encodeURIComponent(`Threads did not authorize: ${why}`)}`,
          302,
        );
      }
      try {
        const account = await service.completeAuthorization(code, state);
        return reply.redirect(
          `${page}?connected=${encodeURIComponent(account.username ?? account.account_id)}`,
          302,
        );
      } catch (err) {
        if (!(err instanceof SourceError)) throw err;
        req.log.warn({ reason: err.message }, 'Threads connect failed');
        return reply.redirect(`${page}?error=${encodeURIComponent(err.message)}`, 302);
      }
    },
  );

  app.get(
    '/api/accounts',
    {
      schema: {
        tags: TAGS,
        summary:
          'Every account: connected ones with token state, expiry, last poll and API call usage (never the token), and those known only from their posts',
        response: { 200: AccountsResponse },
      },
    },
    () => service.list(),
  );

  app.post(
    '/api/accounts',
    {
      schema: {
        tags: TAGS,
        summary:
          'Add an account with a pasted long-lived token (checked with /me; 422 when Threads refuses it)',
        body: AddAccountBody,
        response: { 201: AccountSummarySchema },
      },
    },
    async (req, reply) => reply.code(201).send(await service.addToken(req.body.token.trim())),
  );

  app.delete(
    '/api/accounts/:id',
    {
      schema: {
        tags: TAGS,
        summary: 'Forget a connected account and its token',
        params: AccountParams,
        response: { 204: Type.Null(), 404: DetailResponse },
      },
    },
    async (req, reply) => {
      await service.remove(req.params.id);
      return reply.code(204).send(null);
    },
  );
}
