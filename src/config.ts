import { Type, type Static } from 'typebox';
import { Value } from 'typebox/value';

/**
 * The only reader of process.env. Every variable of SPEC §1 is declared here once, with its
 * default and bounds; `loadConfig` validates the whole environment at start-up and fails with
 * the variable's name and the reason.
 */
const Int = (def: number, minimum: number, maximum: number, description: string) =>
  Type.Integer({ default: def, minimum, maximum, description });
const Bool = (def: boolean, description: string) => Type.Boolean({ default: def, description });
const OptStr = (description: string) => Type.Optional(Type.String({ minLength: 1, description }));
const SECRET_KEY_PATTERN = '^[0-9a-fA-F]{64}$';
/** Never echoed in a configuration error. */
const SECRET_VARIABLES = new Set([
  'SECRET_KEY',
  'SECRET_KEY_PREVIOUS',
  'THREADS_APP_SECRET',
  'THREADS_WEBHOOK_VERIFY_TOKEN',
  'THREADS_ACCESS_TOKEN',
  'API_KEYS',
  'DM_WEBHOOK_SECRET',
]);
const Url = (description: string) =>
  Type.Optional(Type.String({ pattern: '^[a-zA-Z][a-zA-Z0-9+.-]*://', description }));

export const ConfigSchema = Type.Object({
  PORT: Int(8080, 0, 65535, 'HTTP port of the API'),
  HOST: Type.String({ default: '0.0.0.0', description: 'interface the API binds to' }),
  DATABASE_URL: Url('PostgreSQL connection string; unset → PGlite in DATA_DIR'),
  DATA_DIR: Type.String({
    default: './data',
    minLength: 1,
    description: 'embedded store location (memory:// for tests)',
  }),
  REDIS_URL: Url('Redis for cache, dedup, rate limits and BullMQ; unset → in-process'),
  FAKE_THREADS_URL: Url('external simulator base URL; unset → in-process simulator'),
  THREADS_ACCESS_TOKEN: OptStr(
    'a long-lived Threads token connected at start-up with SOURCE=threads (as `threads-agent accounts add --token`)',
  ),
  SECRET_KEY: Type.Optional(
    Type.String({
      pattern: SECRET_KEY_PATTERN,
      description:
        'key that encrypts account tokens at rest (AES-256-GCM): 64 hex characters, `openssl rand -hex 32`; without it no token is stored',
    }),
  ),
  SECRET_KEY_PREVIOUS: Type.Optional(
    Type.String({
      pattern: SECRET_KEY_PATTERN,
      description:
        'the key SECRET_KEY replaced, while `threads-agent accounts rotate-key` re-encrypts with the new one',
    }),
  ),
  THREADS_APP_ID: OptStr('Threads app id of your Meta app (OAuth connect from the dashboard)'),
  THREADS_APP_SECRET: OptStr('Threads app secret of your Meta app (token exchange, webhook signatures)'),
  THREADS_REDIRECT_URI: Url(
    'OAuth redirect URI registered in the Meta app, ending in /auth/threads/callback (e.g. https://agent.example.com/auth/threads/callback)',
  ),
  THREADS_WEBHOOK_VERIFY_TOKEN: OptStr('the verify token Meta echoes when it checks GET /webhooks/threads'),
  THREADS_API_URL: Type.String({
    default: 'https://graph.threads.net',
    pattern: '^https?://',
    description: 'Threads Graph API host (a simulator in tests and the demo)',
  }),
  THREADS_AUTHORIZE_URL: Type.String({
    default: 'https://threads.net/oauth/authorize',
    pattern: '^https?://',
    description: 'where the browser is sent to authorize the app',
  }),
  TOKEN_REFRESH_INTERVAL_SECONDS: Int(
    6 * 3600,
    60,
    86_400,
    'how often the worker refreshes long-lived tokens that are ≥ 24 h old with < 7 days left',
  ),
  SOURCE: Type.Union(
    [
      Type.Literal('simulator'),
      Type.Literal('simulator-direct'),
      Type.Literal('threads'),
      Type.Literal('none'),
    ],
    {
      default: 'simulator',
      description:
        'simulator = the demo: the in-process simulator serves its Graph API on 127.0.0.1 and the app reads it through the Threads connector; simulator-direct = the same demo read in-process without the Graph API; threads = the connected Threads accounts on THREADS_API_URL; none = no demo',
    },
  ),
  THREADS_DAILY_CALL_BUDGET: Int(
    48_000,
    100,
    1e9,
    'Graph API calls per account per rolling 24 h the poller plans with (4,800 × impressions, at least 48,000); it uses half',
  ),
  THREADS_POLL_INTERVAL_SECONDS: Int(
    60,
    1,
    3600,
    "how often each connected account's poller runs (posts, insights, replies, mentions by post age)",
  ),
  SIMULATOR_SEED: Int(42, 0, 2 ** 31 - 1, 'seed of the in-process simulator'),
  DEMO_HISTORY_DAYS: Int(
    90,
    3,
    365,
    'days of posts the demo simulator starts with; those older than METRICS_TTL_HOURS are stored with their readings after start-up',
  ),
  SIMULATOR_SPEEDUP: Type.Number({
    default: 60,
    minimum: 0.001,
    maximum: 1e6,
    description: 'simulated seconds per real second',
  }),
  SOURCE_TIMEOUT_MS: Int(5000, 50, 120_000, 'timeout of one call to the source (simulator or API)'),
  BATCH_SIZE: Int(25, 1, 200, 'posts per collection batch'),
  MAX_PARALLEL_TASKS: Int(10, 1, 50, 'concurrent post collections'),
  CACHE_TTL_SECONDS: Int(300, 1, 86_400, 'viral metrics cache TTL'),
  METRICS_TTL_HOURS: Int(24, 1, 24 * 30, 'how long a post stays active'),
  COLLECTION_INTERVAL_SECONDS: Int(300, 1, 86_400, 'background collection interval'),
  ANOMALY_COOLDOWN_HOURS: Type.Number({
    default: 6,
    minimum: 0,
    maximum: 168,
    description: 'cooldown per anomaly type and post',
  }),
  PATTERN_CACHE_TTL: Int(3600, 1, 7 * 86_400, 'pattern result cache TTL (s)'),
  MAX_BATCH_SIZE: Int(100, 1, 1000, 'posts per /analyze-batch'),
  COMMENT_MONITORING_ENABLED: Bool(true, 'run comment monitors'),
  COMMENT_MONITOR_NEW_POSTS: Bool(
    true,
    'start a comment monitor for every post the collector sees for the first time',
  ),
  COMMENT_MONITOR_INTERVAL_SECONDS: Int(
    60,
    5,
    86_400,
    'polling interval of those automatic monitors (the in-process demo uses ≤ 10 s)',
  ),
  COMMENT_BATCH_SIZE: Int(10, 5, 25, 'comments per analysis job'),
  COMMENT_DEDUP_CACHE_TTL: Int(3600, 1, 7 * 86_400, 'dedup cache TTL (s)'),
  COMMENT_PROCESSING_TIMEOUT: Int(30, 1, 600, 'per-request processing timeout (s)'),
  COMMENT_RATE_LIMIT_PER_MINUTE: Int(100, 1, 1_000_000, 'per-client ingestion rate limit'),
  COMMENT_RETENTION_DAYS: Int(30, 1, 3650, 'retention of raw comments'),
  COMMENT_SWEEP_INTERVAL_SECONDS: Int(
    120,
    1,
    3600,
    'how often each worker queues acknowledged comments and DMs that have no job (also at start)',
  ),
  DM_DAILY_LIMIT: Int(50, 0, 100_000, 'DMs per account per day'),
  ALERT_WEBHOOK_URL: Url('Slack-compatible webhook for high-severity anomalies'),
  DM_WEBHOOK_URL: Url('where DM deliveries go when not using the simulator'),
  DM_WEBHOOK_SECRET: OptStr('HMAC-SHA256 secret for DM webhook signatures'),
  API_KEYS: OptStr('comma-separated keys; when set, /api and write routes need Authorization: Bearer <key>'),
  BODY_LIMIT_BYTES: Int(1_048_576, 1024, 64 * 1_048_576, 'largest accepted request body'),
  // No default: the seeds' 9090 is Prometheus's own port, so a second listener is asked for.
  METRICS_PORT: Type.Optional(
    Type.Integer({ minimum: 1, maximum: 65535, description: 'second listener for /metrics, bound to HOST' }),
  ),
  SHUTDOWN_TIMEOUT_SECONDS: Int(
    25,
    1,
    3600,
    'on SIGTERM, how long in-flight requests and jobs may take before the process exits anyway',
  ),
  LLM_BASE_URL: Url(
    'an OpenAI-compatible server (POST /v1/chat/completions) that writes drafts; unset → the embedded composer',
  ),
  LLM_MODEL: Type.String({ default: 'gpt-4o-mini', minLength: 1, description: 'the model asked for drafts' }),
  LLM_API_KEY: OptStr('bearer token of the LLM server (never logged)'),
  LLM_TIMEOUT_MS: Int(30_000, 100, 600_000, 'timeout of one chat completion'),
  LOG_LEVEL: Type.Union(
    ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((l) => Type.Literal(l)),
    { default: 'info', description: 'pino level' },
  ),
});

export type Config = Readonly<Static<typeof ConfigSchema>>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

/** Validate an environment (process.env by default) and return a frozen, typed config. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const raw: Record<string, unknown> = {};
  for (const key of Object.keys(ConfigSchema.properties)) {
    const value = env[key];
    if (value !== undefined && value !== '') raw[key] = value;
  }
  const withDefaults = Value.Default(ConfigSchema, Value.Convert(ConfigSchema, raw));
  const errors = Value.Errors(ConfigSchema, withDefaults);
  if (errors.length > 0) {
    const problems = errors.map((e) => {
      const key = e.instancePath.replace(/^\//, '');
      const schema = ConfigSchema.properties[key as keyof typeof ConfigSchema.properties] as
        { anyOf?: { const: string }[] } | undefined;
      const reason =
        (e.keyword === 'anyOf' || e.keyword === 'const') && schema?.anyOf
          ? `must be one of ${schema.anyOf.map((s) => s.const).join(', ')}`
          : e.keyword === 'pattern' && key.startsWith('SECRET_KEY')
            ? 'must be 64 hexadecimal characters (32 random bytes), as `openssl rand -hex 32` prints them'
            : e.message;
      const shown = SECRET_VARIABLES.has(key) ? '(value hidden)' : JSON.stringify(env[key] ?? null);
      return `${key}=${shown}: ${reason}`;
    });
    throw new ConfigError([...new Set(problems)]);
  }
  return Object.freeze(withDefaults as Static<typeof ConfigSchema>);
}

/** Config for tests: defaults, embedded everything, no demo, plus overrides. */
export function testConfig(
  overrides: Partial<Record<keyof Static<typeof ConfigSchema>, string>> = {},
): Config {
  return loadConfig({ DATA_DIR: 'memory://', SOURCE: 'none', LOG_LEVEL: 'silent', PORT: '0', ...overrides });
}
