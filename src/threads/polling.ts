/**
 * The connector's polling as jobs (SPEC §5.1 "Reading"): a schedule queues one
 * `poll_threads_account` job per connected account every THREADS_POLL_INTERVAL_SECONDS (one job
 * per account and interval: its job id says which), and each job runs that account's
 * `AccountPoller` once, from the state the last run stored in `threads_poll_state`, so polling
 * goes on without a human, inside the account's call budget, across restarts and workers. What
 * the poller reads goes where the rest of the app reads it: new posts, counter readings
 * (snapshots and KPIs), replies and mentions (the comment pipeline, whose dedup by id makes a
 * webhook and a poll delivering the same reply store it once).
 */
import type { Kysely } from 'kysely';
import type { DB } from '../infra/db/types.js';
import type { Queue } from '../infra/queue/queue.js';
import type { Logger } from '../infra/telemetry/logger.js';
import type { PostCounters, SourceComment, SourcePost } from '../source/index.js';
import { AccountPoller, type PollPolicy, type PollerState, type TickResult } from './poller.js';
import type { ConnectorAccount, Mention, ThreadsApiSource } from './source.js';

export interface ThreadsPollingDeps {
  db: Kysely<DB>;
  source: ThreadsApiSource;
  logger: Logger;
  /** the clock post ages are measured on (the simulator's in the demo) */
  clock: () => Date;
  /** THREADS_DAILY_CALL_BUDGET */
  dailyBudget: number;
  /** THREADS_POLL_INTERVAL_SECONDS in ms */
  everyMs: number;
  policy?: Partial<PollPolicy>;
  /** the accounts to poll now (connected, token usable or not: a poller stops by itself on 190) */
  accounts(): Promise<ConnectorAccount[]>;
  onDiscovered(posts: SourcePost[]): Promise<void>;
  onReadings(readings: { post: SourcePost; counters: PostCounters }[]): Promise<void>;
  onComments(postId: string, comments: SourceComment[]): Promise<void>;
  onMentions(accountId: string, mentions: Mention[]): Promise<void>;
  /** after each run: the calls it made (per-account usage) and that the account was polled */
  onPolled?(accountId: string, result: TickResult): Promise<void>;
}

export interface ThreadsPolling {
  /** Run one account's poller once (the job's body). */
  pollAccount(accountId: string): Promise<TickResult>;
  /** Queue one poll per connected account for the current interval; returns how many were queued. */
  queueAll(queue: Queue): Promise<number>;
  registerJobs(queue: Queue): void;
  /** Worker start-up: the schedule (its first run is right away). */
  start(queue: Queue): Promise<void>;
}

export const THREADS_POLL_SCHEDULE_KEY = 'threads-poll-accounts';

export function createThreadsPolling(deps: ThreadsPollingDeps): ThreadsPolling {
  const log = deps.logger.child({ module: 'threads-poller' });

  async function loadState(accountId: string): Promise<PollerState | undefined> {
    const row = await deps.db
      .selectFrom('threads_poll_state')
      .select('state')
      .where('account_id', '=', accountId)
      .executeTakeFirst();
    return row?.state;
  }

  async function saveState(accountId: string, state: PollerState): Promise<void> {
    const json = JSON.stringify(state);
    await deps.db
      .insertInto('threads_poll_state')
      .values({ account_id: accountId, state: json, updated_at: deps.clock() })
      .onConflict((oc) => oc.column('account_id').doUpdateSet({ state: json, updated_at: deps.clock() }))
      .execute();
  }

  async function pollOnce(accountId: string): Promise<TickResult> {
    const accounts = await deps.accounts();
    if (!accounts.some((a) => a.id === accountId)) return { calls: 0, polled: 0, comments: 0 };
    deps.source.setAccounts(accounts);
    const readings: { post: SourcePost; counters: PostCounters }[] = [];
    const state = await loadState(accountId);
    const poller = new AccountPoller({
      source: deps.source,
      accountId,
      dailyBudget: deps.dailyBudget,
      now: () => deps.clock().getTime(),
      ...(deps.policy === undefined ? {} : { policy: deps.policy }),
      ...(state === undefined ? {} : { state }),
      onDiscovered: (posts) => deps.onDiscovered(posts),
      onCounters: (post, counters) => void readings.push({ post, counters }),
      onComments: async (post, comments) => {
        // Counters first: the post and its snapshot exist before its replies arrive.
        await flush();
        await deps.onComments(post.id, comments);
      },
      onMentions: (mentions) => deps.onMentions(accountId, mentions),
    });
    async function flush(): Promise<void> {
      if (readings.length === 0) return;
      await deps.onReadings(readings.splice(0));
    }
    let result: TickResult;
    try {
      result = await poller.tick();
    } finally {
      await flush();
      // The calls were made whatever happened: the state (allowance, cursors) says so.
      await saveState(accountId, poller.state());
    }
    await deps.onPolled?.(accountId, result);
    if (result.stopped !== undefined && result.stopped !== 'budget')
      log.warn({ accountId, stopped: result.stopped }, 'threads polling stopped early');
    else log.debug({ accountId, ...result }, 'threads account polled');
    return result;
  }

  /** accounts whose run is under way in this process: a later job for one of them is skipped */
  const running = new Set<string>();

  const polling: ThreadsPolling = {
    async pollAccount(accountId) {
      if (running.has(accountId)) return { calls: 0, polled: 0, comments: 0 };
      running.add(accountId);
      try {
        return await pollOnce(accountId);
      } finally {
        running.delete(accountId);
      }
    },

    async queueAll(queue) {
      const accounts = await deps.accounts();
      deps.source.setAccounts(accounts);
      // One job per account and interval: a slow run is not queued a second time meanwhile.
      const slot = Math.floor(Date.now() / deps.everyMs);
      for (const a of accounts)
        await queue.add(
          'poll_threads_account',
          { accountId: a.id },
          { jobId: `threads-poll-${a.id}-${slot}` },
        );
      return accounts.length;
    },

    registerJobs(queue) {
      queue.register('poll_threads_accounts', () => polling.queueAll(queue));
      // Accounts are polled side by side; one account's runs never overlap (see `running`).
      queue.register('poll_threads_account', (p) => polling.pollAccount(p.accountId), { concurrency: 4 });
    },

    async start(queue) {
      await queue.addRepeatable(
        'poll_threads_accounts',
        {},
        { everyMs: deps.everyMs, key: THREADS_POLL_SCHEDULE_KEY },
      );
    },
  };
  return polling;
}
