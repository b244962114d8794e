/**
 * DM delivery, Threads-native (SPEC §5.1 "Acting", threads-api.md "Direct messages"): Threads
 * has no DM API, so the message goes out as a public reply to the lead's comment
 * (`reply_to_id`), addressed to them. Exactly once per outbox idempotency key: the connector
 * records the container before publishing and reconciles an unknown outcome; the reply quota
 * (1,000 per 24 h) is checked first and a full quota is a transient failure the outbox retries.
 */
import {
  DmDeliveryError,
  type DmDelivery,
  type DmDeliveryMessage,
  type DmDeliveryResult,
} from '../comments/index.js';
import { SourceError } from '../source/index.js';
import { ThreadsLimitError } from './errors.js';
import { checkText, type ThreadsApiSource } from './source.js';

/** The reply as posted: addressed to the lead (`@username `) unless the message already is. */
function replyText(msg: Pick<DmDeliveryMessage, 'recipient' | 'text'>): string {
  const mention = `@${msg.recipient}`;
  return msg.text.startsWith(mention) ? msg.text : `${mention} ${msg.text}`;
}

export class ThreadsReplyDmDelivery implements DmDelivery {
  readonly name = 'threads_reply';

  constructor(private readonly source: Pick<ThreadsApiSource, 'publishOnce'>) {}

  /** Threads' limits on a post's text (500 characters, 5 links), mention included. */
  refusal(msg: Pick<DmDeliveryMessage, 'recipient' | 'text'>): string | null {
    try {
      checkText(replyText(msg));
      return null;
    } catch (err) {
      if (err instanceof ThreadsLimitError) return err.message;
      throw err;
    }
  }

  async send(msg: DmDeliveryMessage): Promise<DmDeliveryResult> {
    const text = replyText(msg);
    try {
      const r = await this.source.publishOnce({
        accountId: msg.account_id,
        text,
        replyToId: msg.comment_id,
        key: `dm:${msg.idempotency_key}`,
      });
      return { id: r.id, duplicate: r.adopted };
    } catch (err) {
      const transient = err instanceof SourceError ? err.transient : true;
      throw new DmDeliveryError(
        `Threads public reply failed: ${err instanceof Error ? err.message : String(err)}`,
        transient,
        {
          cause: err,
        },
      );
    }
  }
}
