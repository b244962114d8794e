import type { Config } from '../config.js';
import type { CommentsModule } from '../comments/module.js';

type DmRules = Pick<CommentsModule['dms'], 'listRules' | 'createRule'>;

/**
 * What the in-process demo (SOURCE=simulator or simulator-direct, the simulator in this process) changes: its
 * simulated time runs ~60× faster than real time, so the schedules tighten, and it shows the DM
 * flow from the first minute with one seeded rule. Everything else runs as in production.
 */

export interface DemoModuleDeps {
  config: Pick<
    Config,
    | 'SOURCE'
    | 'COLLECTION_INTERVAL_SECONDS'
    | 'COMMENT_MONITOR_INTERVAL_SECONDS'
    | 'THREADS_POLL_INTERVAL_SECONDS'
    | 'TOKEN_REFRESH_INTERVAL_SECONDS'
  >;
  /** the simulator runs in this process (its clock drives the KPI windows) */
  simulatorInProcess: boolean;
}

export interface DemoModule {
  /** true for the in-process demo */
  readonly enabled: boolean;
  /**
   * How often every active post is collected: the default 5 minutes would collect every five
   * simulated hours, so the demo collects every 10 s unless COLLECTION_INTERVAL_SECONDS is shorter.
   */
  readonly collectEveryMs: number;
  /** the interval of the monitors started for new posts (at most 10 s in the demo) */
  readonly monitorIntervalSeconds: number;
  /** the demo's simulated hours pass in real minutes: retrain about every simulated hour */
  readonly retrainEveryMs: number | undefined;
  /**
   * How often each connected account's poller runs: THREADS_POLL_INTERVAL_SECONDS, or every 2 s in
   * the demo (two simulated minutes), so a young post is read about every 8 simulated minutes.
   */
  readonly pollEveryMs: number;
  /** the token refresh job's interval: ten simulated hours in the demo, where 60 days pass in a real day */
  readonly tokenRefreshEveryS: number;
  /** Worker start-up: seed the demo's DM rule (demo only). */
  start(dms: DmRules): Promise<void>;
}

export function createDemoModule(deps: DemoModuleDeps): DemoModule {
  const { config } = deps;
  const enabled =
    deps.simulatorInProcess && (config.SOURCE === 'simulator' || config.SOURCE === 'simulator-direct');
  return {
    enabled,
    collectEveryMs:
      (enabled ? Math.min(config.COLLECTION_INTERVAL_SECONDS, 10) : config.COLLECTION_INTERVAL_SECONDS) *
      1000,
    monitorIntervalSeconds: enabled
      ? Math.min(config.COMMENT_MONITOR_INTERVAL_SECONDS, 10)
      : config.COMMENT_MONITOR_INTERVAL_SECONDS,
    retrainEveryMs: enabled ? 60_000 : undefined,
    pollEveryMs: enabled
      ? Math.min(config.THREADS_POLL_INTERVAL_SECONDS, 2) * 1000
      : config.THREADS_POLL_INTERVAL_SECONDS * 1000,
    tokenRefreshEveryS: enabled
      ? Math.min(config.TOKEN_REFRESH_INTERVAL_SECONDS, 600)
      : config.TOKEN_REFRESH_INTERVAL_SECONDS,
    async start(dms) {
      if (enabled) await seedDemoRule(dms);
    },
  };
}

/** The demo shows the DM flow from the first minute: one rule for buyers, when none exists. */
export async function seedDemoRule(dms: DmRules): Promise<void> {
  if ((await dms.listRules()).length > 0) return;
  await dms.createRule({
    name: 'Demo: send the link to buyers',
    intent: 'purchase_intent',
    threshold: 0.8,
    template: 'Hi {author}! Thanks for asking: everything is here {post_url}',
  });
}
