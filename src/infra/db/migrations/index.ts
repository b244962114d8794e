import type { Migration } from 'kysely';
import * as viralMetrics from './202611231200_viral_metrics.js';
import * as comments from './202611231300_comments.js';
import * as postAuthor from './202612021830_post_author.js';
import * as commentAnalysisQueued from './202612060100_comment_analysis_queued.js';
import * as anomalyEpisodes from './202612060130_anomaly_episodes.js';
import * as engagementModels from './202612061200_engagement_models.js';
import * as intentCorrections from './202612061210_intent_corrections.js';
import * as emotionTrajectories from './202612061300_emotion_trajectories.js';
import * as threadsPublishLedger from './202612061700_threads_publish_ledger.js';
import * as accounts from './202612061800_accounts.js';
import * as content from './202612061900_content.js';
import * as experiments from './202612062000_experiments.js';
import * as dmRuleDelivery from './202612062150_dm_rule_delivery.js';
import * as spamAutoHide from './202612062200_spam_auto_hide.js';
import * as threadsPollState from './202612062210_threads_poll_state.js';
import * as nearDuplicateBands from './202612062220_near_duplicate_bands.js';
import * as personaAdoption from './202612062230_persona_adoption.js';

/**
 * Every migration, registered by name. A static list (not a directory scan) so the same code
 * runs under tsx and compiled to dist/. To add one: create `<YYYYMMDDHHmm>_<snake_name>.ts`
 * with `up`/`down`, import it here and add one line with its file name (without `.ts`).
 * Kysely applies them in name order; never edit or rename one that has landed.
 */
export const migrations: Readonly<Record<string, Migration>> = {
  '202611231200_viral_metrics': viralMetrics,
  '202611231300_comments': comments,
  '202612021830_post_author': postAuthor,
  '202612060100_comment_analysis_queued': commentAnalysisQueued,
  '202612060130_anomaly_episodes': anomalyEpisodes,
  '202612061200_engagement_models': engagementModels,
  '202612061210_intent_corrections': intentCorrections,
  '202612061300_emotion_trajectories': emotionTrajectories,
  '202612061700_threads_publish_ledger': threadsPublishLedger,
  '202612061800_accounts': accounts,
  '202612061900_content': content,
  '202612062000_experiments': experiments,
  '202612062150_dm_rule_delivery': dmRuleDelivery,
  '202612062200_spam_auto_hide': spamAutoHide,
  '202612062210_threads_poll_state': threadsPollState,
  '202612062220_near_duplicate_bands': nearDuplicateBands,
  '202612062230_persona_adoption': personaAdoption,
};
