/**
 * The Threads connector's public surface (docs/threads-connector.md): the Graph API source, its
 * token contract with the accounts capability, the publish ledger, polling, webhooks and the
 * reply DM delivery. Other capabilities, the app assembly and the CLI import from here only.
 */
export * from './errors.js';
export { GraphClient, type AccountUsage, type GraphClientOptions } from './graph-client.js';
export { redact } from './graph-http.js';
export { DbPublishLedger } from './ledger-repository.js';
export {
  AccountPoller,
  DEFAULT_POLL_POLICY,
  pollInterval,
  type PollPolicy,
  type PollerState,
  type TickResult,
} from './poller.js';
export {
  ThreadsOAuthClient,
  type LongLivedToken,
  type ThreadsOAuthOptions,
  type ThreadsProfile,
} from './oauth-client.js';
export { InMemoryPublishLedger, type PublishLedger, type PublishRecord } from './publish-ledger.js';
export { ThreadsReplyDmDelivery } from './reply-dm-delivery.js';
export {
  ThreadsApiSource,
  checkText,
  isoTime,
  type ConnectorAccount,
  type Mention,
  type PublishOnceInput,
  type PublishOnceResult,
  type ThreadsApiSourceOptions,
} from './source.js';
export { InMemoryTokenProvider, ReconnectNeededError, type TokenProvider } from './token-provider.js';
export {
  signThreadsWebhook,
  threadsWebhookRoutes,
  verifyThreadsSignature,
  type ThreadsWebhookOptions,
} from './webhook-routes.js';
export {
  createThreadsPolling,
  THREADS_POLL_SCHEDULE_KEY,
  type ThreadsPolling,
  type ThreadsPollingDeps,
} from './polling.js';
