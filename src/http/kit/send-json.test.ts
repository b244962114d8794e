import Fastify from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import { sendJson } from './send-json.js';

describe(sendJson.name, () => {
  const app = Fastify();
  const pieces = ['{"a":[', '"é"', ',', '"🚀 中文"', '],"b":', '"\\u0000x"', '}'];
  app.get('/one', (_req, reply) => sendJson(reply, pieces.join('')));
  app.get('/pieces', (_req, reply) => sendJson(reply, pieces));
  app.get('/none', (_req, reply) => sendJson(reply, []));
  afterAll(() => app.close());

  it.each(['/one', '/pieces'])('%s answers the JSON as UTF-8 with its byte length', async (url) => {
    const res = await app.inject({ url });
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.rawPayload.equals(Buffer.from(pieces.join(''), 'utf8'))).toBe(true);
    expect(Number(res.headers['content-length'])).toBe(Buffer.byteLength(pieces.join('')));
    expect(res.json()).toStrictEqual({ a: ['é', '🚀 中文'], b: '\u0000x' });
  });

  it('answers no pieces with an empty body', async () => {
    const res = await app.inject({ url: '/none' });
    expect(res.statusCode).toBe(200);
    expect(res.rawPayload.length).toBe(0);
  });
});
