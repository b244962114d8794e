/**
 * The dashboard's client-side pages. Shared by the browser router and the server, which
 * answers each of these paths with index.html so that a reload or a pasted link works.
 * Paths must not equal an API route (`/anomalies`, `/dm-rules` … belong to the API),
 * which is why the anomalies page lives at `/alerts` and the comments inbox at `/inbox`.
 */
export const CLIENT_ROUTES = [
  { name: 'overview', path: '/', title: 'Overview' },
  { name: 'posts', path: '/posts', title: 'Posts' },
  { name: 'post', path: '/posts/:id', title: 'Post' },
  { name: 'patterns', path: '/patterns', title: 'Patterns' },
  { name: 'inbox', path: '/inbox', title: 'Comments' },
  { name: 'dms', path: '/dms', title: 'DMs' },
  { name: 'alerts', path: '/alerts', title: 'Anomalies' },
  { name: 'accounts', path: '/accounts', title: 'Accounts' },
  { name: 'drafts', path: '/drafts', title: 'Drafts' },
  { name: 'calendar', path: '/calendar', title: 'Calendar' },
  { name: 'personas', path: '/personas', title: 'Personas & templates' },
  { name: 'experiments', path: '/experiments', title: 'Experiments' },
  { name: 'experiment', path: '/experiments/:id', title: 'Experiment' },
] as const;

export type ClientRoute = (typeof CLIENT_ROUTES)[number];
export type RouteName = ClientRoute['name'];

export interface RouteMatch {
  route: ClientRoute;
  params: Record<string, string>;
}

/** Match a pathname against the client routes; `:name` segments capture one decoded segment. */
export function matchRoute(pathname: string): RouteMatch | undefined {
  const parts = trimSlashes(pathname).split('/');
  for (const route of CLIENT_ROUTES) {
    const pattern = trimSlashes(route.path).split('/');
    if (pattern.length !== parts.length) continue;
    const params: Record<string, string> = {};
    let ok = true;
    for (let i = 0; i < pattern.length && ok; i++) {
      const want = pattern[i] ?? '';
      const got = parts[i] ?? '';
      if (want.startsWith(':')) {
        if (got === '') ok = false;
        else params[want.slice(1)] = safeDecode(got);
      } else ok = want === got;
    }
    if (ok) return { route, params };
  }
  return undefined;
}

/** Build a path for a route, encoding parameters. */
export function pathFor(name: RouteName, params: Record<string, string> = {}): string {
  const route = CLIENT_ROUTES.find((r) => r.name === name);
  if (!route) throw new Error(`unknown route ${name}`);
  return route.path.replace(/:(\w+)/g, (_, key: string) => encodeURIComponent(params[key] ?? ''));
}

function trimSlashes(p: string): string {
  return p.replace(/^\/+|\/+$/g, '');
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
