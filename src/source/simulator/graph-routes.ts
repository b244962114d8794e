/**
 * The simulator's Graph API on HTTP: the OAuth paths (unversioned) and `/v1.0/…`, shaped like
 * threads-api.md, plus `/_control/graph/*` knobs for tests and demos (tokens, revocation, queued
 * error codes, webhook target, mentions, usage). Parameters come from the query string or a
 * form/JSON body, as the real API takes them; every failure is a Graph error object.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SourceComment, SourcePost } from '../threads-source.js';
import { GraphApi, GraphApiError, graphError, graphTime } from './graph-api.js';

export interface GraphRoutesOptions {
  graph: GraphApi;
}

type Params = Record<string, string | undefined>;

const POST_FIELDS = new Set([
  'id',
  'media_product_type',
  'media_type',
  'permalink',
  'owner',
  'username',
  'text',
  'timestamp',
  'shortcode',
  'is_quote_post',
  'has_replies',
  'is_reply',
  'topic_tag',
]);
const REPLY_FIELDS = new Set([
  ...POST_FIELDS,
  'root_post',
  'replied_to',
  'hide_status',
  'is_reply_owned_by_me',
]);
const PROFILE_FIELDS = new Set([
  'id',
  'username',
  'name',
  'threads_profile_picture_url',
  'threads_biography',
  'is_verified',
]);
const METRICS = ['views', 'likes', 'replies', 'reposts', 'quotes', 'shares'] as const;
type Metric = (typeof METRICS)[number];
const METRIC_TITLES: Record<Metric, string> = {
  views: 'Views',
  likes: 'Likes',
  replies: 'Replies',
  reposts: 'Reposts',
  quotes: 'Quotes',
  shares: 'Shares',
};

/** Query string and body merged, each value a single string. */
function params(request: FastifyRequest): Params {
  const out: Params = {};
  for (const src of [request.query, request.body]) {
    if (typeof src !== 'object' || src === null) continue;
    for (const [k, v] of Object.entries(src as Record<string, unknown>)) {
      if (typeof v === 'string') out[k] = v;
      else if (typeof v === 'number' || typeof v === 'boolean') out[k] = String(v);
      else if (Array.isArray(v) && typeof v[0] === 'string') out[k] = v[0];
    }
  }
  return out;
}

function tokenOf(request: FastifyRequest, p: Params): string | undefined {
  if (p.access_token !== undefined) return p.access_token;
  const auth = request.headers.authorization;
  if (auth?.startsWith('Bearer ') === true) return auth.slice(7);
  return undefined;
}

function fieldList(p: Params, allowed: Set<string>): string[] {
  if (p.fields === undefined || p.fields.trim() === '') return ['id'];
  const fields = p.fields
    .split(',')
    .map((f) => f.trim())
    .filter((f) => f.length > 0);
  for (const f of fields) {
    if (!allowed.has(f)) throw graphError(100, `Tried accessing nonexisting field (${f})`);
  }
  return fields.includes('id') ? fields : ['id', ...fields];
}

function pick(all: Record<string, unknown>, fields: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) if (all[f] !== undefined) out[f] = all[f];
  return out;
}

function shortcodeOf(permalink: string): string {
  return permalink.split('/').pop()?.split('?')[0] ?? '';
}

function limitOf(p: Params): number {
  if (p.limit === undefined) return 25;
  const n = Number(p.limit);
  if (!Number.isInteger(n) || n < 1 || n > 100)
    throw graphError(100, 'Param limit must be an integer between 1 and 100');
  return n;
}

function timeParam(v: string | undefined, name: string): number | undefined {
  if (v === undefined) return undefined;
  const n = /^\d+$/.test(v) ? Number(v) * 1000 : Date.parse(v);
  if (!Number.isFinite(n)) throw graphError(100, `Param ${name} must be a unix timestamp or a date`);
  return n;
}

const encodeCursor = (id: string) => Buffer.from(id, 'utf8').toString('base64url');
const decodeCursor = (c: string) => Buffer.from(c, 'base64url').toString('utf8');

/**
 * One page of `items` after/before a cursor, with Graph paging: `cursors.before/after` always,
 * `next`/`previous` URLs only when there is more in that direction.
 */
function page<T extends { id: string }>(
  request: FastifyRequest,
  p: Params,
  items: T[],
  render: (item: T) => Record<string, unknown>,
) {
  const limit = limitOf(p);
  let start = 0;
  let end: number;
  if (p.after !== undefined) {
    const i = items.findIndex((x) => x.id === decodeCursor(p.after ?? ''));
    if (i < 0) throw graphError(100, 'Invalid cursor: after');
    start = i + 1;
    end = Math.min(items.length, start + limit);
  } else if (p.before !== undefined) {
    const i = items.findIndex((x) => x.id === decodeCursor(p.before ?? ''));
    if (i < 0) throw graphError(100, 'Invalid cursor: before');
    end = i;
    start = Math.max(0, end - limit);
  } else {
    end = Math.min(items.length, limit);
  }
  const slice = items.slice(start, end);
  const first = slice[0];
  const last = slice.at(-1);
  const url = (cursorName: 'after' | 'before', cursor: string) => {
    const u = new URL(request.url, `${request.protocol}://${request.host}`);
    u.searchParams.delete('after');
    u.searchParams.delete('before');
    u.searchParams.set(cursorName, cursor);
    return u.toString();
  };
  const cursors =
    first === undefined || last === undefined
      ? {}
      : { before: encodeCursor(first.id), after: encodeCursor(last.id) };
  return {
    data: slice.map(render),
    paging: {
      cursors,
      ...(last !== undefined && end < items.length ? { next: url('after', encodeCursor(last.id)) } : {}),
      ...(first !== undefined && start > 0 ? { previous: url('before', encodeCursor(first.id)) } : {}),
    },
  };
}

/** Form bodies and Graph error objects for every route of an encapsulated context. */
function graphContext(app: FastifyInstance): void {
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    done(
      null,
      Object.fromEntries(new URLSearchParams(typeof body === 'string' ? body : body.toString('utf8'))),
    );
  });

  app.setErrorHandler((err: FastifyError, request, reply) => {
    if (err instanceof GraphApiError) return reply.code(err.status).send({ error: err.body });
    const status = err.statusCode ?? 500;
    if (status >= 400 && status < 500)
      return reply.code(400).send({ error: graphError(100, err.message).body });
    request.log.error({ err }, 'fake-threads graph request failed');
    return reply.code(500).send({ error: graphError(1).body });
  });
}

/** OAuth and `/v1.0/…` (the fault knobs apply to these). */
export async function graphRoutes(app: FastifyInstance, opts: GraphRoutesOptions): Promise<void> {
  const graph = opts.graph;
  const sim = graph.sim;
  graphContext(app);
  app.addHook('onSend', async (request, reply, payload) => {
    if (reply.statusCode < 400 && graph.takeDrop(request.url.split('?')[0] ?? ''))
      request.raw.socket.destroy();
    return payload;
  });

  /** Authenticate, count, set the usage header; `me` and the caller's own id name the caller. */
  const begin = (request: FastifyRequest, reply: FastifyReply, p: Params) => {
    const call = graph.begin(request.url.split('?')[0] ?? '', tokenOf(request, p), request.method);
    void reply.header('x-app-usage', call.usage);
    return call;
  };
  const self = (id: string, accountId: string) => {
    if (id !== 'me' && id !== accountId) throw graphError(10, 'You can only act on your own account');
  };

  const renderPost = (post: SourcePost, fields: string[], withReplies: boolean) =>
    pick(
      {
        id: post.id,
        media_product_type: 'THREADS',
        media_type: 'TEXT_POST',
        permalink: post.post_url,
        owner: { id: post.account_id },
        username: post.username,
        text: post.content,
        timestamp: graphTime(Date.parse(post.published_at)),
        shortcode: shortcodeOf(post.post_url),
        is_quote_post: false,
        has_replies: withReplies ? graph.conversation(post.id).length > 0 : undefined,
        is_reply: false,
      },
      fields,
    );

  const renderReply = (
    c: SourceComment,
    root: SourcePost,
    ownerUsername: string,
    fields: string[],
    all?: SourceComment[],
  ) =>
    pick(
      {
        id: c.id,
        media_product_type: 'THREADS',
        media_type: 'TEXT_POST',
        permalink: `${root.post_url}?reply=${c.id}`,
        username: c.author,
        text: c.text,
        timestamp: graphTime(Date.parse(c.timestamp)),
        shortcode: shortcodeOf(root.post_url) + c.id.slice(c.id.indexOf('_')),
        is_quote_post: false,
        has_replies: fields.includes('has_replies')
          ? (all ?? graph.conversation(root.id)).some((x) => x.parent_id === c.id)
          : undefined,
        is_reply: true,
        root_post: { id: root.id },
        replied_to: { id: c.parent_id ?? root.id },
        hide_status: graph.hideStatus(c.id),
        is_reply_owned_by_me: c.author === ownerUsername,
      },
      fields,
    );

  // ---- OAuth ----

  app.get('/oauth/authorize', (request, reply) => reply.redirect(graph.authorize(params(request)), 302));
  app.post('/oauth/access_token', (request) => graph.exchangeCode(params(request)));
  app.get('/access_token', (request) => graph.exchangeForLongLived(params(request)));
  app.get('/refresh_access_token', (request) => graph.refresh(params(request)));

  // ---- Graph ----

  app.get<{ Params: { id: string } }>('/v1.0/:id', (request, reply) => {
    const p = params(request);
    const call = begin(request, reply, p);
    const id = request.params.id;
    if (id === 'me' || id === call.accountId) {
      const a = graph.account(call.accountId);
      return pick(
        {
          id: a.id,
          username: a.username,
          name: a.display_name,
          threads_profile_picture_url: `https://scontent.cdninstagram.com/sim/${a.username}.jpg`,
          threads_biography: `${a.display_name} · ${a.topics.slice(0, 3).join(', ')}`,
          is_verified: false,
        },
        fieldList(p, PROFILE_FIELDS),
      );
    }
    if (graph.isContainer(id)) {
      const status = graph.containerStatus(call.accountId, id);
      return pick(status, fieldList(p, new Set(['id', 'status', 'error_message'])));
    }
    const m = graph.media(id);
    if (m.kind === 'post') {
      const fields = fieldList(p, POST_FIELDS);
      return renderPost(m.post, fields, fields.includes('has_replies'));
    }
    return renderReply(
      m.reply,
      m.root,
      graph.account(m.root.account_id).username,
      fieldList(p, REPLY_FIELDS),
    );
  });

  app.get<{ Params: { id: string } }>('/v1.0/:id/threads', (request, reply) => {
    const p = params(request);
    const call = begin(request, reply, p);
    self(request.params.id, call.accountId);
    const fields = fieldList(p, POST_FIELDS);
    const since = timeParam(p.since, 'since');
    const until = timeParam(p.until, 'until');
    const posts = graph.posts(call.accountId).filter((x) => {
      const t = Date.parse(x.published_at);
      return (since === undefined || t >= since) && (until === undefined || t <= until);
    });
    return page(request, p, posts, (post) => renderPost(post, fields, fields.includes('has_replies')));
  });

  app.get<{ Params: { id: string } }>('/v1.0/:id/mentions', (request, reply) => {
    const p = params(request);
    const call = begin(request, reply, p);
    self(request.params.id, call.accountId);
    graph.requireScope(call.scopes, 'threads_manage_mentions');
    const fields = fieldList(p, new Set(['id', 'username', 'text', 'timestamp', 'media_type', 'permalink']));
    return page(request, p, graph.mentionsOf(call.accountId), (m) =>
      pick(
        {
          id: m.id,
          username: m.username,
          text: m.text,
          timestamp: graphTime(m.timestamp),
          media_type: 'TEXT_POST',
          permalink: `https://www.threads.net/@${m.username}/post/${m.id}`,
        },
        fields,
      ),
    );
  });

  app.get<{ Params: { id: string } }>('/v1.0/:id/insights', (request, reply) => {
    const p = params(request);
    const call = begin(request, reply, p);
    graph.requireScope(call.scopes, 'threads_manage_insights');
    const m = graph.media(request.params.id);
    if (m.kind !== 'post') throw graphError(100, 'Insights are available for root posts only');
    const metrics = (p.metric ?? '')
      .split(',')
      .map((x) => x.trim())
      .filter((x) => x.length > 0);
    if (metrics.length === 0) throw graphError(100, 'Param metric is required');
    for (const x of metrics) {
      if (!(METRICS as readonly string[]).includes(x))
        throw graphError(100, `Param metric has an invalid value: ${x}`);
    }
    const c = sim.analytics(m.post.id);
    return {
      data: (metrics as Metric[]).map((name) => ({
        name,
        period: 'lifetime',
        values: [{ value: c[name] }],
        title: METRIC_TITLES[name],
        description: `The number of ${name} of your post.`,
        id: `${m.post.id}/insights/${name}/lifetime`,
      })),
    };
  });

  const repliesRoute = (kind: 'replies' | 'conversation') =>
    app.get<{ Params: { id: string } }>(`/v1.0/:id/${kind}`, (request, reply) => {
      const p = params(request);
      const call = begin(request, reply, p);
      graph.requireScope(call.scopes, 'threads_read_replies');
      const m = graph.media(request.params.id);
      const root = m.kind === 'post' ? m.post : m.root;
      const all = graph.conversation(root.id);
      const fields = fieldList(p, REPLY_FIELDS);
      let items: SourceComment[];
      if (kind === 'replies') {
        const parent = m.kind === 'post' ? undefined : m.reply.id;
        items = all.filter((c) => c.parent_id === parent);
      } else if (m.kind === 'post') {
        items = all;
      } else {
        const inside = new Set([m.reply.id]);
        items = all.filter((c) => c.parent_id !== undefined && inside.has(c.parent_id) && inside.add(c.id));
      }
      if (p.reverse !== 'false') items = [...items].reverse();
      const owner = graph.account(root.account_id).username;
      return page(request, p, items, (c) => renderReply(c, root, owner, fields, all));
    });
  repliesRoute('replies');
  repliesRoute('conversation');

  app.post<{ Params: { id: string } }>('/v1.0/:id/manage_reply', (request, reply) => {
    const p = params(request);
    const call = begin(request, reply, p);
    graph.requireScope(call.scopes, 'threads_manage_replies');
    if (p.hide !== 'true' && p.hide !== 'false') throw graphError(100, 'Param hide must be true or false');
    graph.manageReply(call.accountId, request.params.id, p.hide === 'true');
    return { success: true };
  });

  app.delete<{ Params: { id: string } }>('/v1.0/:id', (request, reply) => {
    const p = params(request);
    const call = begin(request, reply, p);
    graph.requireScope(call.scopes, 'threads_delete');
    graph.delete(call.accountId, request.params.id);
    return { success: true, deleted_id: request.params.id };
  });

  app.post<{ Params: { id: string } }>('/v1.0/:id/threads', (request, reply) => {
    const p = params(request);
    const call = begin(request, reply, p);
    self(request.params.id, call.accountId);
    graph.requireScope(call.scopes, 'threads_content_publish');
    return { id: graph.createContainer(call.accountId, p) };
  });

  app.post<{ Params: { id: string } }>('/v1.0/:id/threads_publish', (request, reply) => {
    const p = params(request);
    const call = begin(request, reply, p);
    self(request.params.id, call.accountId);
    graph.requireScope(call.scopes, 'threads_content_publish');
    return { id: graph.publishContainer(call.accountId, p.creation_id) };
  });

  app.get<{ Params: { id: string } }>('/v1.0/:id/threads_publishing_limit', (request, reply) => {
    const p = params(request);
    const call = begin(request, reply, p);
    self(request.params.id, call.accountId);
    const fields = fieldList(
      p,
      new Set([
        'quota_usage',
        'config',
        'reply_quota_usage',
        'reply_config',
        'delete_quota_usage',
        'delete_config',
      ]),
    ).filter((f) => f !== 'id');
    return { data: [pick(graph.publishingLimit(call.accountId), fields)] };
  });

  await Promise.resolve();
}

/** `/_control/graph/*`: tokens, revocation, queued errors, webhooks, mentions, usage. */
export async function graphControlRoutes(app: FastifyInstance, opts: GraphRoutesOptions): Promise<void> {
  const graph = opts.graph;
  graphContext(app);

  app.post('/_control/graph/tokens', (request) => {
    const p = params(request);
    if (p.account_id === undefined) throw graphError(100, 'account_id is required');
    const scopes = p.scopes?.split(',');
    return graph.issueLongLived(p.account_id, scopes);
  });
  app.post('/_control/graph/revoke', (request) => {
    const p = params(request);
    if (p.account_id === undefined) throw graphError(100, 'account_id is required');
    return { revoked: graph.revokeAccount(p.account_id) };
  });
  app.post('/_control/graph/errors', (request) => {
    const p = params(request);
    const code = Number(p.code);
    if (!Number.isInteger(code)) throw graphError(100, 'code is required');
    graph.queueError({
      code,
      ...(p.subcode === undefined ? {} : { subcode: Number(p.subcode) }),
      ...(p.count === undefined ? {} : { count: Number(p.count) }),
      ...(p.path === undefined ? {} : { path: p.path }),
      ...(p.method === undefined ? {} : { method: p.method }),
    });
    return { queued: true };
  });
  app.post('/_control/graph/drops', (request) => {
    const p = params(request);
    if (p.path === undefined) throw graphError(100, 'path is required');
    graph.dropResponses({ path: p.path, ...(p.count === undefined ? {} : { count: Number(p.count) }) });
    return { queued: true };
  });
  app.delete('/_control/graph/errors', () => {
    graph.clearErrors();
    return { cleared: true };
  });
  app.post('/_control/graph/webhooks', (request) => {
    const p = params(request);
    graph.setWebhookUrl(p.url);
    return { url: p.url ?? null };
  });
  app.post('/_control/graph/webhooks/scan', async () => {
    const sent = graph.scanReplies();
    await graph.flush();
    return { sent };
  });
  app.post('/_control/graph/mentions', (request) => {
    const p = params(request);
    if (p.account_id === undefined || p.username === undefined || p.text === undefined)
      throw graphError(100, 'account_id, username and text are required');
    const m = graph.addMention(p.account_id, p.username, p.text);
    return { id: m.id };
  });
  app.get<{ Params: { account: string } }>('/_control/graph/usage/:account', (request) => ({
    calls: graph.callsInWindow(request.params.account),
    budget: graph.dailyCallBudget,
  }));
  await Promise.resolve();
}
