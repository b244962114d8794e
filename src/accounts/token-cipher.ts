import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import type { Config } from '../config.js';
import { DomainError, UnavailableError } from '../errors.js';

/**
 * Encryption at rest of account tokens: AES-256-GCM (node:crypto), a random 12-byte IV per
 * encryption, the 16-byte tag checked on every read.
 *
 * Stored format, one ASCII string: `v1.<key id>.<iv>.<tag>.<ciphertext>` (base64url parts).
 * - `v1` names the scheme, so a later one can be added beside it and read both.
 * - `<key id>` is the first 8 hex characters of SHA-256(key): which key sealed the value. With
 *   `SECRET_KEY_PREVIOUS` set, values sealed by the old key still open, and `accounts rotate-key`
 *   re-seals them with `SECRET_KEY` (docs: README, "Rotating SECRET_KEY").
 * - The caller's `context` (the account id) is bound as additional authenticated data: a sealed
 *   token copied onto another account's row does not open there.
 *
 * Error messages never contain the plaintext or the key.
 */

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_HEX = /^[0-9a-fA-F]{64}$/;

/** 503: the operator must set SECRET_KEY before any token can be stored or read. */
export class SecretKeyMissingError extends UnavailableError {
  constructor() {
    super(
      'SECRET_KEY is not set: tokens are stored only encrypted. Generate one with `openssl rand -hex 32` and set SECRET_KEY to it.',
    );
  }
}

/** A stored value that does not open: tampered, truncated, or sealed with a key we do not hold. */
export class TokenDecryptionError extends DomainError {
  constructor(reason: string) {
    super(`stored token cannot be decrypted: ${reason}`, 'token_decryption_failed');
  }
}

interface Key {
  id: string;
  bytes: Buffer;
}

function keyFromHex(hex: string, name: string): Key {
  if (!KEY_HEX.test(hex)) throw new Error(`${name} must be 64 hexadecimal characters (32 bytes)`);
  const bytes = Buffer.from(hex, 'hex');
  return { id: createHash('sha256').update(bytes).digest('hex').slice(0, 8), bytes };
}

export class TokenCipher {
  readonly #current: Key;
  readonly #previous: Key | undefined;

  /** Keys as 64 hex characters; `previous` only opens values (rotation). */
  constructor(current: string, previous?: string) {
    this.#current = keyFromHex(current, 'SECRET_KEY');
    this.#previous = previous === undefined ? undefined : keyFromHex(previous, 'SECRET_KEY_PREVIOUS');
  }

  /** The id of the key new values are sealed with. */
  get keyId(): string {
    return this.#current.id;
  }

  encrypt(plaintext: string, context: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#current.bytes, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const tag = cipher.getAuthTag();
    return [VERSION, this.#current.id, iv, tag, body]
      .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
      .join('.');
  }

  decrypt(stored: string, context: string): string {
    const parts = stored.split('.');
    if (parts.length !== 5 || parts[0] !== VERSION) throw new TokenDecryptionError('unknown format');
    const [, keyId, ivText, tagText, bodyText] = parts as [string, string, string, string, string];
    const key = [this.#current, this.#previous].find((k) => k?.id === keyId);
    if (key === undefined)
      throw new TokenDecryptionError(
        `sealed with key ${keyId}, which is neither SECRET_KEY nor SECRET_KEY_PREVIOUS`,
      );
    const iv = Buffer.from(ivText, 'base64url');
    const tag = Buffer.from(tagText, 'base64url');
    if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new TokenDecryptionError('malformed');
    try {
      const decipher = createDecipheriv('aes-256-gcm', key.bytes, iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(Buffer.from(bodyText, 'base64url')), decipher.final()]).toString(
        'utf8',
      );
    } catch {
      throw new TokenDecryptionError('authentication failed (tampered, or not this account’s)');
    }
  }

  /** True when `stored` was sealed by another key than SECRET_KEY (rotate-key re-seals it). */
  needsRotation(stored: string): boolean {
    return stored.split('.')[1] !== this.#current.id;
  }
}

/** The cipher of the configured keys, or `undefined` without SECRET_KEY (then no token can be stored). */
export function cipherFromConfig(
  config: Pick<Config, 'SECRET_KEY' | 'SECRET_KEY_PREVIOUS'>,
): TokenCipher | undefined {
  return config.SECRET_KEY === undefined
    ? undefined
    : new TokenCipher(config.SECRET_KEY, config.SECRET_KEY_PREVIOUS);
}
