import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../config.js';
import { TokenCipher, TokenDecryptionError, cipherFromConfig } from './token-cipher.js';

const KEY = 'a'.repeat(64);
const OTHER = '0123456789abcdef'.repeat(4);
const TOKEN = 'THAAlongLivedToken-1234567890';

describe(TokenCipher.name, () => {
  it('round-trips a token and never stores it in clear', () => {
    const sut = new TokenCipher(KEY);
    const sealed = sut.encrypt(TOKEN, 'acct_1');
    expect(sealed).not.toContain(TOKEN);
    expect(sealed).toMatch(/^v1\.[0-9a-f]{8}\.[\w-]{16}\.[\w-]{22}\.[\w-]+$/);
    expect(sut.decrypt(sealed, 'acct_1')).toBe(TOKEN);
  });

  it('uses a fresh random IV for every encryption', () => {
    const sut = new TokenCipher(KEY);
    const ivs = new Set(Array.from({ length: 50 }, () => sut.encrypt(TOKEN, 'a').split('.')[2]));
    expect(ivs.size).toBe(50);
  });

  it('detects a tampered ciphertext, tag or IV', () => {
    const sut = new TokenCipher(KEY);
    const parts = sut.encrypt(TOKEN, 'acct_1').split('.');
    for (const index of [2, 3, 4]) {
      const changed = [...parts];
      const bytes = Buffer.from(changed[index]!, 'base64url');
      bytes[0] = bytes[0]! ^ 1;
      changed[index] = bytes.toString('base64url');
      expect(() => sut.decrypt(changed.join('.'), 'acct_1')).toThrow(TokenDecryptionError);
    }
  });

  it('does not open a token copied onto another account', () => {
    const sut = new TokenCipher(KEY);
    expect(() => sut.decrypt(sut.encrypt(TOKEN, 'acct_1'), 'acct_2')).toThrow(/authentication failed/);
  });

  it('refuses a value sealed by a key it does not hold, naming the key id and not the token', () => {
    const sealed = new TokenCipher(OTHER).encrypt(TOKEN, 'a');
    const sut = new TokenCipher(KEY);
    let message = '';
    try {
      sut.decrypt(sealed, 'a');
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/neither SECRET_KEY nor SECRET_KEY_PREVIOUS/);
    expect(message).not.toContain(TOKEN);
    expect(message).not.toContain(OTHER);
  });

  it('opens values of the previous key during a rotation and reports them as needing re-encryption', () => {
    const old = new TokenCipher(OTHER).encrypt(TOKEN, 'a');
    const sut = new TokenCipher(KEY, OTHER);
    expect(sut.decrypt(old, 'a')).toBe(TOKEN);
    expect(sut.needsRotation(old)).toBe(true);
    const resealed = sut.encrypt(TOKEN, 'a');
    expect(sut.needsRotation(resealed)).toBe(false);
    expect(new TokenCipher(KEY).decrypt(resealed, 'a')).toBe(TOKEN);
  });

  it('rejects an unknown format', () => {
    expect(() => new TokenCipher(KEY).decrypt('v0.x.y.z.w', 'a')).toThrow(/unknown format/);
    expect(() => new TokenCipher(KEY).decrypt(TOKEN, 'a')).toThrow(/unknown format/);
  });
});

describe(cipherFromConfig.name, () => {
  it('is undefined without SECRET_KEY', () => {
    expect(cipherFromConfig(loadConfig({}))).toBeUndefined();
    expect(cipherFromConfig(loadConfig({ SECRET_KEY: KEY }))?.keyId).toMatch(/^[0-9a-f]{8}$/);
  });
});

describe('SECRET_KEY in the configuration', () => {
  it('must be 64 hex characters, and the error does not echo the value', () => {
    for (const bad of ['abc', 'g'.repeat(64), 'a'.repeat(63), 'a'.repeat(65)]) {
      let err: unknown;
      try {
        loadConfig({ SECRET_KEY: bad });
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(ConfigError);
      const message = (err as Error).message;
      expect(message).toContain('SECRET_KEY=(value hidden): must be 64 hexadecimal characters');
      expect(message).toContain('openssl rand -hex 32');
      expect(message).not.toContain(bad);
    }
  });

  it('accepts the output of openssl rand -hex 32, upper or lower case', () => {
    expect(loadConfig({ SECRET_KEY: OTHER.toUpperCase() }).SECRET_KEY).toBe(OTHER.toUpperCase());
  });
});
