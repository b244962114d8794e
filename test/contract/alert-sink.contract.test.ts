import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LogAlertSink, WebhookAlertSink } from '../../src/metrics/alerts.js';
import { captureLogs } from '../helpers/log-capture.js';
import { alertSinkContract, type ReceivedAlert } from './alert-sink.contract.js';

/** A path secret as in a Slack incoming-webhook URL. */
const PATH_SECRET = 'xoxContractSecret7f3e9d21';
const TIMEOUT_MS = 300;

/**
 * A Slack-compatible receiver that honours Idempotency-Key: it posts each key once. It can answer
 * a status instead of posting, or post and answer only after the sink gave up.
 */
async function startAlertReceiver() {
  const attempts: ReceivedAlert[] = [];
  const posted: ReceivedAlert[] = [];
  const statuses: number[] = [];
  let late = false;
  const pending = new Set<NodeJS.Timeout>();
  const handle = (req: IncomingMessage, res: ServerResponse, raw: string) => {
    const body = JSON.parse(raw) as { text: string; anomaly: Record<string, unknown> };
    const key = req.headers['idempotency-key'];
    const received: ReceivedAlert = {
      idempotencyKey: typeof key === 'string' ? key : null,
      text: body.text,
      anomaly: body.anomaly,
    };
    attempts.push(received);
    const status = statuses.shift();
    if (status !== undefined) {
      res.writeHead(status).end(`refused (${status})`);
      return;
    }
    if (!posted.some((p) => p.idempotencyKey !== null && p.idempotencyKey === received.idempotencyKey))
      posted.push(received);
    if (late) {
      late = false;
      const t = setTimeout(() => {
        pending.delete(t);
        res.writeHead(200).end('ok');
      }, TIMEOUT_MS * 3);
      pending.add(t);
      return;
    }
    res.writeHead(200).end('ok');
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handle(req, res, Buffer.concat(chunks).toString()));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/services/T0001/B0001/${PATH_SECRET}`,
    attempts,
    posted,
    answerNext: (status: number, count = 1) => {
      for (let i = 0; i < count; i++) statuses.push(status);
    },
    answerLateNext: () => {
      late = true;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const t of pending) clearTimeout(t);
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

/** A port that was free a moment ago: nobody listens on it. */
async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/services/T0001/B0001/${PATH_SECRET}`;
}

alertSinkContract('webhook to a node:http receiver', true, async () => {
  const receiver = await startAlertReceiver();
  const deadUrl = await closedPortUrl();
  return {
    sink: new WebhookAlertSink(receiver.url, TIMEOUT_MS),
    posted: () => receiver.posted,
    faults: {
      answerNext: receiver.answerNext,
      answerLateNext: receiver.answerLateNext,
      attempts: () => receiver.attempts,
      secrets: [PATH_SECRET, receiver.url],
      unreachableSink: () => new WebhookAlertSink(deadUrl, TIMEOUT_MS),
    },
    close: receiver.close,
  };
});

alertSinkContract('log (pino)', false, () => {
  const { logger, lines } = captureLogs('info');
  return Promise.resolve({
    sink: new LogAlertSink(logger),
    posted: () =>
      lines
        .filter((l) => l.level === 40)
        .map((l) => ({ idempotencyKey: null, text: l.msg, anomaly: l.anomaly as Record<string, unknown> })),
    close: () => Promise.resolve(),
  });
});
