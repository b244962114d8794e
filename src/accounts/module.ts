import type { Kysely } from 'kysely';
import type { Config } from '../config.js';
import type { DB } from '../infra/db/types.js';
import type { Queue } from '../infra/queue/queue.js';
import type { Logger } from '../infra/telemetry/logger.js';
import { ThreadsOAuthClient } from '../threads/index.js';
import { AccountsRepository, OAuthStateRepository } from './repository.js';
import { AccountsService, type DataAccount } from './service.js';
import { cipherFromConfig } from './token-cipher.js';

/**
 * Connected Threads accounts assembled: repositories, the token cipher from SECRET_KEY, the
 * OAuth client, the service (also the connector's TokenProvider) and the refresh job.
 */

export type AccountsConfig = Pick<
  Config,
  | 'SECRET_KEY'
  | 'SECRET_KEY_PREVIOUS'
  | 'THREADS_APP_ID'
  | 'THREADS_APP_SECRET'
  | 'THREADS_REDIRECT_URI'
  | 'THREADS_API_URL'
  | 'THREADS_AUTHORIZE_URL'
  | 'TOKEN_REFRESH_INTERVAL_SECONDS'
  | 'SOURCE_TIMEOUT_MS'
>;

export interface AccountsModuleDeps {
  db: Kysely<DB>;
  logger: Logger;
  config: AccountsConfig;
  clock: () => Date;
  /** accounts known from stored posts, listed beside the connected ones */
  dataAccounts?: () => Promise<DataAccount[]>;
}

export interface AccountsModule {
  service: AccountsService;
  registerJobs(queue: Queue): void;
  /** Worker start-up: schedule the token refresh (a schedule's first run is right away). */
  start(queue: Queue): Promise<void>;
}

const TOKEN_REFRESH_SCHEDULE_KEY = 'account-token-refresh';

export function createAccountsModule(deps: AccountsModuleDeps): AccountsModule {
  const { config } = deps;
  const service = new AccountsService({
    accounts: new AccountsRepository(deps.db),
    states: new OAuthStateRepository(deps.db),
    threads: new ThreadsOAuthClient({
      apiUrl: config.THREADS_API_URL,
      timeoutMs: config.SOURCE_TIMEOUT_MS,
      ...(config.THREADS_APP_ID ? { appId: config.THREADS_APP_ID } : {}),
      ...(config.THREADS_APP_SECRET ? { appSecret: config.THREADS_APP_SECRET } : {}),
      ...(config.THREADS_REDIRECT_URI ? { redirectUri: config.THREADS_REDIRECT_URI } : {}),
    }),
    cipher: cipherFromConfig(config),
    oauth: {
      authorizeUrl: config.THREADS_AUTHORIZE_URL,
      ...(config.THREADS_APP_ID ? { appId: config.THREADS_APP_ID } : {}),
      ...(config.THREADS_APP_SECRET ? { appSecret: config.THREADS_APP_SECRET } : {}),
      ...(config.THREADS_REDIRECT_URI ? { redirectUri: config.THREADS_REDIRECT_URI } : {}),
    },
    clock: deps.clock,
    logger: deps.logger.child({ module: 'accounts' }),
    ...(deps.dataAccounts ? { dataAccounts: deps.dataAccounts } : {}),
  });
  return {
    service,
    registerJobs(queue: Queue) {
      queue.register('refresh_account_tokens', () => service.refreshDueTokens());
    },
    async start(queue: Queue) {
      await queue.addRepeatable(
        'refresh_account_tokens',
        {},
        { everyMs: config.TOKEN_REFRESH_INTERVAL_SECONDS * 1000, key: TOKEN_REFRESH_SCHEDULE_KEY },
      );
    },
  };
}
