import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  DmDeliveryError,
  WebhookDmDelivery,
  type DmDeliveryMessage,
} from '../../src/comments/dm-delivery.js';
import {
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  verifyWebhookSignature,
} from '../../src/comments/webhook-signature.js';
import type { DmOutboxItem } from '../../src/comments/schemas.js';
import { testStoreEngines, type TestStore } from '../helpers/stores.js';
import { createCommentsHarness, makeComment, waitForIdle } from '../factories/comments.js';

const SECRET = 'whsec_test_123';

/** A receiver as a customer would write it: verify, dedup by idempotency key, answer JSON. */
class Receiver {
  server!: Server;
  url = '';
  readonly accepted = new Map<
    string,
    { body: Record<string, unknown>; idempotencyHeader: string | undefined }
  >();
  readonly rejected: string[] = [];
  /** answer this status to the next requests (before verifying), then behave */
  failWith: number[] = [];
  /** the body of the next forced answer (JSON), instead of "forced" */
  forcedBody: unknown = undefined;

  async start(): Promise<void> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/dm`;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const forced = this.failWith.shift();
    if (forced !== undefined) {
      const body = this.forcedBody;
      this.forcedBody = undefined;
      if (body === undefined) res.writeHead(forced).end('forced');
      else res.writeHead(forced, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      return;
    }
    const check = verifyWebhookSignature({
      secret: SECRET,
      body: raw,
      signature: req.headers[SIGNATURE_HEADER] as string | undefined,
      timestamp: req.headers[TIMESTAMP_HEADER] as string | undefined,
      now: new Date(),
    });
    if (!check.ok) {
      this.rejected.push(check.reason);
      res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ error: check.reason }));
      return;
    }
    const body = JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
    const key = String(body.idempotency_key);
    const duplicate = this.accepted.has(key);
    if (!duplicate) {
      const header = req.headers['idempotency-key'];
      this.accepted.set(key, { body, idempotencyHeader: typeof header === 'string' ? header : undefined });
    }
    res
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ id: `msg_${this.accepted.size}`, duplicate }));
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

const MESSAGE: DmDeliveryMessage = {
  idempotency_key: 'dm_abc',
  recipient: 'ana',
  text: 'Hi ana — here is the link 🎁',
  post_id: 'p1',
  account_id: 'acct_1',
  comment_id: 'c1',
  rule_id: 7,
};

describe(WebhookDmDelivery.name, () => {
  const receiver = new Receiver();

  beforeAll(() => receiver.start());
  afterAll(() => receiver.close());
  beforeEach(() => {
    receiver.accepted.clear();
    receiver.rejected.length = 0;
    receiver.failWith = [];
  });

  it('delivers a signed message the receiver verifies, once per idempotency key', async () => {
    const sut = new WebhookDmDelivery({ url: receiver.url, secret: SECRET });
    expect(await sut.send(MESSAGE)).toEqual({ id: 'msg_1', duplicate: false });
    expect(await sut.send(MESSAGE)).toEqual({ id: 'msg_1', duplicate: true });
    expect(receiver.rejected).toEqual([]);
    expect(receiver.accepted.get('dm_abc')).toEqual({
      body: {
        idempotency_key: 'dm_abc',
        recipient: 'ana',
        text: 'Hi ana — here is the link 🎁',
        post_id: 'p1',
        account_id: 'acct_1',
        comment_id: 'c1',
        rule_id: 7,
      },
      idempotencyHeader: 'dm_abc',
    });
  });

  it('is refused by the receiver when signed with another secret (permanent failure)', async () => {
    const sut = new WebhookDmDelivery({ url: receiver.url, secret: 'wrong' });
    const err = await sut.send(MESSAGE).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DmDeliveryError);
    expect((err as DmDeliveryError).transient).toBe(false);
    expect((err as DmDeliveryError).message).toBe('DM webhook answered 401: {"error":"mismatch"}');
    expect(receiver.rejected).toEqual(['mismatch']);
  });

  it('is refused when the clock is outside the tolerance (replay protection)', async () => {
    const sut = new WebhookDmDelivery({
      url: receiver.url,
      secret: SECRET,
      now: () => new Date(Date.now() - 3_600_000),
    });
    await expect(sut.send(MESSAGE)).rejects.toThrow('DM webhook answered 401');
    expect(receiver.rejected).toEqual(['stale']);
  });

  it('reports 5xx and 429 as transient and 409 as already delivered', async () => {
    const sut = new WebhookDmDelivery({ url: receiver.url, secret: SECRET });
    receiver.failWith = [503, 429, 409];
    for (const _ of [503, 429]) {
      const err = (await sut.send(MESSAGE).catch((e: unknown) => e)) as DmDeliveryError;
      expect(err.transient).toBe(true);
    }
    expect(await sut.send(MESSAGE)).toEqual({ id: 'dm_abc', duplicate: true });
    // a receiver that names the first delivery in its 409 gets that id recorded
    receiver.failWith = [409];
    receiver.forcedBody = { id: 'msg_first', error: 'already delivered' };
    expect(await sut.send(MESSAGE)).toEqual({ id: 'msg_first', duplicate: true });
  });

  it('reports an unreachable receiver as transient', async () => {
    const sut = new WebhookDmDelivery({ url: 'http://127.0.0.1:9/dm', secret: SECRET, timeoutMs: 2000 });
    const err = (await sut.send(MESSAGE).catch((e: unknown) => e)) as DmDeliveryError;
    expect(err).toBeInstanceOf(DmDeliveryError);
    expect(err.transient).toBe(true);
  });
});

describe('DM pipeline through the signed webhook', () => {
  const receiver = new Receiver();
  let handle: TestStore;

  beforeAll(async () => {
    await receiver.start();
    handle = await testStoreEngines[0]!.create();
  });
  afterAll(async () => {
    await receiver.close();
    await handle?.cleanup();
  });

  it('delivers the outbox row to the receiver after a transient failure, once', async () => {
    const sut = await createCommentsHarness(handle.store, {
      delivery: new WebhookDmDelivery({ url: receiver.url, secret: SECRET }),
    });
    try {
      await sut.app.inject({
        method: 'POST',
        url: '/dm-rules',
        payload: {
          name: 'link',
          keywords: ['link'],
          template: 'Hi {author}, {url}',
          variables: { url: 'https://x.example' },
        },
      });
      receiver.failWith = [502];
      await sut.app.inject({
        method: 'POST',
        url: '/comments/process',
        payload: { post_id: 'p1', comments: [makeComment({ id: 'w1', author: 'ana', text: 'link?' })] },
      });
      await waitForIdle(sut.queue);
      expect([...receiver.accepted.values()].map((v) => v.body.text)).toEqual(['Hi ana, https://x.example']);
      const items = (await sut.app.inject({ method: 'GET', url: '/dm-outbox' })).json<{
        items: DmOutboxItem[];
      }>().items;
      expect(items).toMatchObject([{ status: 'sent', attempts: 2, last_error: null }]);
    } finally {
      await sut.close();
    }
  });
});
