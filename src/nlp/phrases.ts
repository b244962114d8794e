/**
 * Multi-word cue phrases matched on normalised tokens: phrases are tokenised once with the
 * same tokenizer as the text and indexed by their first token, so matching costs one Map
 * lookup per token plus a short comparison for the few candidates.
 */
import { tokenize, type Token } from './tokenize.js';

export interface PhraseEntry<T> {
  /** token norms of the phrase (variation selectors removed) */
  words: readonly string[];
  value: T;
}

function key(norm: string): string {
  return norm.includes('\uFE0F') ? norm.replace(/\uFE0F/g, '') : norm;
}

// Only emoji tokens can carry a variation selector; skip the scan for everything else.
function tokenKey(token: Token): string {
  return token.kind === 'emoji' ? key(token.norm) : token.norm;
}

export class PhraseIndex<T> {
  private readonly byFirst = new Map<string, PhraseEntry<T>[]>();

  constructor(entries: Iterable<readonly [phrase: string, value: T]>) {
    for (const [phrase, value] of entries) {
      const words = tokenize(phrase).map((t) => key(t.norm));
      if (words.length === 0) throw new Error(`empty cue phrase: ${JSON.stringify(phrase)}`);
      const bucket = this.byFirst.get(words[0]!) ?? [];
      bucket.push({ words, value });
      this.byFirst.set(words[0]!, bucket);
    }
  }

  /** Whether some phrase starts with the word token whose norm is `norm`. */
  startsWith(norm: string): boolean {
    return this.byFirst.has(norm);
  }

  /** Phrases whose first word is `tokens[at]` and whose other words follow it, in insertion order. */
  forEachAt(tokens: readonly Token[], at: number, visit: (value: T) => void): void {
    const candidates = this.byFirst.get(tokenKey(tokens[at]!));
    if (!candidates) return;
    for (const c of candidates) if (matchesAt(tokens, at, c.words)) visit(c.value);
  }
}

function matchesAt(tokens: readonly Token[], at: number, words: readonly string[]): boolean {
  if (at + words.length > tokens.length) return false;
  for (let j = 1; j < words.length; j++) if (tokenKey(tokens[at + j]!) !== words[j]) return false;
  return true;
}

/** Index a record of cue name → phrases as phrase → value(cue name). */
export function phraseEntries<T>(
  groups: Record<string, readonly string[]>,
  value: (cue: string) => T,
): [string, T][] {
  return Object.entries(groups).flatMap(([cue, phrases]) => phrases.map((p): [string, T] => [p, value(cue)]));
}
