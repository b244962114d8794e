import { timingSafeEqual } from 'node:crypto';
import type { Config } from '../../config.js';

function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}

/** The configured API keys (trimmed, empty entries dropped). */
export function apiKeys(config: Pick<Config, 'API_KEYS'>): string[] {
  return (config.API_KEYS ?? '')
    .split(',')
    .map((k) => k.trim())
    .filter(Boolean);
}

/** The bearer token of a request when it is one of the configured keys, else `undefined`. */
export function matchingKey(authorization: string | undefined, keys: readonly string[]): string | undefined {
  const header = authorization ?? '';
  const token = header.startsWith('Bearer ') ? header.slice(7) : '';
  return token ? keys.find((k) => safeEqual(k, token)) : undefined;
}
