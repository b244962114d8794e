import { describe, expect, it } from 'vitest';
import { signWebhookBody, verifyWebhookSignature } from './webhook-signature.js';

// Computed independently: printf '1700000000.{"a":1}' | openssl dgst -sha256 -hmac s3cret
const KNOWN = 'sha256=1698a50bc74d1ff1db85c4e0a5297c2ad9fdba245d5737cdb789e4cc6e098940';
const NOW = new Date(1_700_000_000 * 1000);

describe(signWebhookBody.name, () => {
  it('is the hex HMAC-SHA256 of "<timestamp>.<body>"', () => {
    expect(signWebhookBody('s3cret', 1_700_000_000, '{"a":1}')).toBe(KNOWN);
  });
});

describe(verifyWebhookSignature.name, () => {
  const base = { secret: 's3cret', body: '{"a":1}', signature: KNOWN, timestamp: '1700000000', now: NOW };

  it('accepts a correct signature within the tolerance', () => {
    expect(verifyWebhookSignature(base)).toEqual({ ok: true });
    expect(
      verifyWebhookSignature({
        ...base,
        body: Buffer.from('{"a":1}'),
        now: new Date(NOW.getTime() + 299_000),
      }),
    ).toEqual({
      ok: true,
    });
  });

  it('rejects a changed body', () => {
    expect(verifyWebhookSignature({ ...base, body: '{"a":2}' })).toEqual({ ok: false, reason: 'mismatch' });
  });

  it('rejects another secret', () => {
    expect(verifyWebhookSignature({ ...base, secret: 'other' })).toEqual({ ok: false, reason: 'mismatch' });
  });

  it('rejects a replay with a new timestamp', () => {
    expect(verifyWebhookSignature({ ...base, timestamp: '1700000001' })).toEqual({
      ok: false,
      reason: 'mismatch',
    });
  });

  it('rejects a timestamp outside the tolerance', () => {
    expect(verifyWebhookSignature({ ...base, now: new Date(NOW.getTime() + 301_000) })).toEqual({
      ok: false,
      reason: 'stale',
    });
  });

  it('rejects missing or malformed headers', () => {
    expect(verifyWebhookSignature({ ...base, signature: undefined })).toEqual({
      ok: false,
      reason: 'missing',
    });
    expect(verifyWebhookSignature({ ...base, signature: 'md5=abc' })).toEqual({
      ok: false,
      reason: 'malformed',
    });
    expect(verifyWebhookSignature({ ...base, timestamp: '17e8' })).toEqual({
      ok: false,
      reason: 'malformed',
    });
  });
});
