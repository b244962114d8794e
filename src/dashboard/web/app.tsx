import { useEffect, useRef, useState } from 'preact/hooks';
import { matchRoute, pathFor, type RouteName } from '../client-routes.js';
import { api, getApiKey, setApiKey } from './lib/api.js';
import { formatRelative } from './lib/format.js';
import { live, useLive } from './lib/live.js';
import { Link, useLocation } from './lib/router.js';
import { useNow } from './lib/use-now.js';
import { usePoll } from './lib/use-poll.js';
import { MenuToggle } from './components/menu-toggle.js';
import { OfflineBanner } from './components/offline-banner.js';
import { OverviewPage } from './pages/overview.js';
import { PostsPage } from './pages/posts.js';
import { PostPage } from './pages/post.js';
import { PatternsPage } from './pages/patterns.js';
import { InboxPage } from './pages/inbox.js';
import { DmsPage } from './pages/dms.js';
import { AlertsPage } from './pages/alerts.js';
import { AccountsPage } from './pages/accounts.js';
import { ReconnectBanner } from './components/reconnect-banner.js';
import { DraftsPage } from './pages/drafts.js';
import { CalendarPage } from './pages/calendar.js';
import { PersonasPage } from './pages/personas.js';
import { ExperimentPage, ExperimentsPage } from './pages/experiments.js';

const NAV: { name: RouteName; label: string }[] = [
  { name: 'overview', label: 'Overview' },
  { name: 'posts', label: 'Posts' },
  { name: 'patterns', label: 'Patterns' },
  { name: 'inbox', label: 'Comments' },
  { name: 'dms', label: 'DMs' },
  { name: 'alerts', label: 'Anomalies' },
  { name: 'accounts', label: 'Accounts' },
  { name: 'drafts', label: 'Drafts' },
  { name: 'calendar', label: 'Calendar' },
  { name: 'personas', label: 'Personas' },
  { name: 'experiments', label: 'Experiments' },
];

/** Which nav entry a route belongs to (a post page is under Posts). */
function section(name: RouteName | undefined): RouteName | undefined {
  if (name === 'experiment') return 'experiments';
  return name === 'post' ? 'posts' : name;
}

export function App() {
  const loc = useLocation();
  const match = matchRoute(loc.pathname);
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);

  // After a client-side navigation, move focus to the page so keyboard and screen-reader users
  // start at the new content (a full page load does this by itself).
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    window.scrollTo(0, 0);
    main.current?.focus({ preventScroll: true });
  }, [loc.pathname]);

  useEffect(() => {
    document.title = `${match?.route.title ?? 'Not found'} · threads-agent`;
  }, [match?.route.title]);

  const current = section(match?.route.name);
  // Read on every page: the anomaly count badge, and the server clock that relative times use.
  const overview = usePoll('app-overview', (s) => api.overview(s), 15_000);
  const anomalies = overview.data?.anomalies_24h ?? 0;
  return (
    <>
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <header class="topbar">
        <Link href="/" class="brand">
          threads-agent
        </Link>
        <MenuToggle controls="site-nav" />
        <nav aria-label="Main" id="site-nav">
          <ul>
            {NAV.map((item) => (
              <li key={item.name}>
                <Link href={pathFor(item.name)} aria-current={current === item.name ? 'page' : undefined}>
                  {item.label}
                  {item.name === 'alerts' && anomalies > 0 && (
                    <span class="nav-badge" data-testid="nav-anomaly-count">
                      {' '}
                      {anomalies}
                      <span class="sr-only"> in the last 24 hours</span>
                    </span>
                  )}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <LiveStatus />
        <PauseButton />
      </header>
      <OfflineBanner />
      <ReconnectBanner />
      <ApiKeyBar />
      <main id="main" ref={main} tabIndex={-1}>
        <Page name={match?.route.name} params={match?.params ?? {}} search={loc.search} />
      </main>
      <footer class="footer">
        <a href="/docs">API documentation</a>
      </footer>
    </>
  );
}

function Page({
  name,
  params,
  search,
}: {
  name: RouteName | undefined;
  params: Record<string, string>;
  search: URLSearchParams;
}) {
  switch (name) {
    case 'overview':
      return <OverviewPage />;
    case 'posts':
      return <PostsPage search={search} />;
    case 'post':
      return <PostPage id={params.id ?? ''} />;
    case 'patterns':
      return <PatternsPage search={search} />;
    case 'inbox':
      return <InboxPage search={search} />;
    case 'dms':
      return <DmsPage search={search} />;
    case 'alerts':
      return <AlertsPage search={search} />;
    case 'accounts':
      return <AccountsPage search={search} />;
    case 'drafts':
      return <DraftsPage search={search} />;
    case 'calendar':
      return <CalendarPage />;
    case 'personas':
      return <PersonasPage />;
    case 'experiments':
      return <ExperimentsPage />;
    case 'experiment':
      return <ExperimentPage id={params.id ?? ''} />;
    case undefined:
      return (
        <section>
          <h1>Page not found</h1>
          <p>
            There is no dashboard page here. <Link href="/">Go to the overview</Link>.
          </p>
        </section>
      );
  }
}

/** Live-update indicator with a pause switch (WCAG 2.2.2: moving content can be stopped). */
function LiveStatus() {
  const s = useLive();
  const now = useNow(1_000);
  const label = s.offline
    ? 'Offline'
    : s.paused
      ? 'Paused'
      : s.failing
        ? 'Connection problem'
        : s.lastUpdate
          ? `Updated ${formatRelative(new Date(s.lastUpdate).toISOString(), now)}`
          : 'Connecting…';
  return (
    <div class="live">
      <span
        class={`live-dot ${s.paused ? 'is-paused' : s.failing || s.offline ? 'is-failing' : 'is-live'}`}
        aria-hidden="true"
      />
      <span class="live-label" data-testid="live-status">
        {label}
      </span>
    </div>
  );
}

/** Beside the live status on a wide screen; in the menu on a narrow one. */
function PauseButton() {
  const { paused } = useLive();
  return (
    <button
      type="button"
      class="secondary small pause-live"
      aria-pressed={paused}
      onClick={() => live.set({ paused: !paused })}
    >
      {paused ? 'Resume live updates' : 'Pause live updates'}
    </button>
  );
}

/** Shown when the server requires an API key (API_KEYS set) and this browser has none or a wrong one. */
function ApiKeyBar() {
  const { needsKey } = useLive();
  const [value, setValue] = useState(getApiKey());
  if (!needsKey) return null;
  return (
    <form
      class="keybar"
      onSubmit={(e) => {
        e.preventDefault();
        setApiKey(value.trim());
        live.set({ needsKey: false, paused: true });
        live.set({ paused: false });
      }}
    >
      <label for="api-key">This server requires an API key</label>
      <input
        id="api-key"
        type="password"
        autoComplete="off"
        value={value}
        onInput={(e) => setValue(e.currentTarget.value)}
      />
      <button type="submit">Save key</button>
    </form>
  );
}
