import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  SourceDmDelivery,
  WebhookDmDelivery,
  type DmDeliveryMessage,
} from '../../src/comments/dm-delivery.js';
import {
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  verifyWebhookSignature,
} from '../../src/comments/webhook-signature.js';
import { SimulatorEngine } from '../../src/source/simulator/engine.js';
import { HttpSimulatorSource } from '../../src/source/simulator/http-source.js';
import { buildSimulatorApp } from '../../src/source/simulator/server.js';
import { InMemoryPublishLedger } from '../../src/threads/publish-ledger.js';
import { ThreadsReplyDmDelivery } from '../../src/threads/reply-dm-delivery.js';
import { SIM_START, startThreadsSim } from '../helpers/threads-sim.js';
import { dmDeliveryContract } from './dm-delivery.contract.js';

const ACCOUNT = 'acct_maya';

function plainMessage(n: number): DmDeliveryMessage {
  return {
    idempotency_key: `dm-contract-${n}`,
    recipient: `lead_${n}`,
    text: `here is the plan, lead ${n}: https://example.com/plan`,
    post_id: `post_${n}`,
    account_id: ACCOUNT,
    comment_id: `comment_${n}`,
    rule_id: 1,
  };
}

/**
 * A receiver as the webhook's doc comment describes one: verifies the signature (401 if wrong),
 * sends each idempotency key once (a repeat answers `{id, duplicate: true}`), refuses blocked
 * recipients for good (422) and, when told to, answers 503.
 */
async function startDmReceiver(secret: string) {
  const sent = new Map<string, { id: string; recipient: string; text: string }>();
  const blocked = new Set<string>();
  let unavailable = false;
  const handle = (req: IncomingMessage, res: ServerResponse, raw: string) => {
    const answer = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (unavailable) return answer(503, { detail: 'receiver overloaded, try again' });
    const verified = verifyWebhookSignature({
      secret,
      body: raw,
      signature: req.headers[SIGNATURE_HEADER] as string | undefined,
      timestamp: req.headers[TIMESTAMP_HEADER] as string | undefined,
      now: new Date(),
    });
    if (!verified.ok) return answer(401, { detail: `bad signature: ${verified.reason}` });
    const key = req.headers['idempotency-key'];
    const msg = JSON.parse(raw) as DmDeliveryMessage;
    if (typeof key !== 'string' || key !== msg.idempotency_key)
      return answer(400, { detail: 'idempotency key mismatch' });
    const existing = sent.get(key);
    if (existing) return answer(200, { id: existing.id, duplicate: true });
    if (blocked.has(msg.recipient)) return answer(422, { detail: `recipient ${msg.recipient} blocked` });
    const id = `wh_${sent.size + 1}`;
    sent.set(key, { id, recipient: msg.recipient, text: msg.text });
    return answer(200, { id, duplicate: false });
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handle(req, res, Buffer.concat(chunks).toString()));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/dm`,
    sent,
    blocked,
    setUnavailable: (v: boolean) => {
      unavailable = v;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

dmDeliveryContract('signed webhook to a node:http receiver', async () => {
  const secret = 'whsec_contract_3f9a1c0e7b';
  const receiver = await startDmReceiver(secret);
  return {
    delivery: new WebhookDmDelivery({ url: receiver.url, secret, timeoutMs: 2000 }),
    secrets: [secret],
    message: plainMessage,
    sideEffects: (msg) => Promise.resolve(receiver.sent.has(msg.idempotency_key) ? 1 : 0),
    failTransiently: () => {
      receiver.setUnavailable(true);
      return Promise.resolve();
    },
    rejectPermanently: (msg) => {
      receiver.blocked.add(msg.recipient);
      return Promise.resolve(msg);
    },
    restore: () => {
      receiver.setUnavailable(false);
      return Promise.resolve();
    },
    close: receiver.close,
  };
});

dmDeliveryContract('source DM endpoint of the simulator over HTTP', async () => {
  const simulator = new SimulatorEngine({ seed: 42, startAt: SIM_START, clock: () => 0, demo: false });
  const app = buildSimulatorApp(simulator);
  const baseUrl = await app.listen({ port: 0, host: '127.0.0.1' });
  const source = new HttpSimulatorSource(baseUrl, { timeoutMs: 2000 });
  return {
    delivery: new SourceDmDelivery(source),
    secrets: [],
    message: plainMessage,
    sideEffects: (msg) =>
      Promise.resolve(simulator.dms().filter((d) => d.idempotency_key === msg.idempotency_key).length),
    failTransiently: async () => {
      await source.setFault({ errorRate: 1 });
    },
    // the simulator's DM endpoint refuses a text over 10,000 characters (400)
    rejectPermanently: (msg) => Promise.resolve({ ...msg, text: 'x'.repeat(10_001) }),
    restore: async () => {
      await source.setFault({ reset: true });
    },
    close: () => app.close(),
  };
});

dmDeliveryContract('public Threads reply via the connector against the simulator’s Graph API', async () => {
  const sim = await startThreadsSim({ demo: false });
  const delivery = new ThreadsReplyDmDelivery(sim.connector({ ledger: new InMemoryPublishLedger() }));
  return {
    delivery,
    secrets: [...Object.values(sim.tokenOf), 'sim-threads-app-secret'],
    message: (n) => {
      const post = sim.simulator.publish({
        account_id: ACCOUNT,
        content: `comment PLAN for the plan, round ${n}`,
      });
      const comment = sim.simulator.addComment(post.id, { text: 'PLAN', author: `lead_${n}` });
      return { ...plainMessage(n), post_id: post.id, comment_id: comment.id };
    },
    sideEffects: (msg) =>
      Promise.resolve(
        sim.simulator.comments(msg.post_id, { limit: 1000 }).filter((c) => c.parent_id === msg.comment_id)
          .length,
      ),
    // code 2: "service temporarily unavailable" (HTTP 500), on every call until restored
    failTransiently: () => {
      sim.graph.queueError({ code: 2, count: 10_000 });
      return Promise.resolve();
    },
    // code 100: invalid parameter (HTTP 400) on the reply container's creation
    rejectPermanently: (msg) => {
      sim.graph.queueError({ code: 100, path: '/threads', method: 'POST' });
      return Promise.resolve(msg);
    },
    restore: () => {
      sim.graph.clearErrors();
      return Promise.resolve();
    },
    close: () => sim.close(),
  };
});
