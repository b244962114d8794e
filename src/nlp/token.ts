/**
 * What the tokenizer produces: typed tokens with offsets, each carrying the WordMemo of its text.
 */
export type TokenKind = 'url' | 'mention' | 'hashtag' | 'number' | 'word' | 'emoji' | 'punct';

export interface Token {
  /** the text as written */
  text: string;
  /** lower-cased, apostrophes normalised; for emoji the emoji itself */
  norm: string;
  kind: TokenKind;
  /** UTF-16 offsets into the input, end exclusive */
  start: number;
  end: number;
  /** per-word results of later stages, shared by the tokens of one interned text (WordMemo) */
  memo: WordMemo;
}

/**
 * What later stages work out about a word from its text alone (sentiment's lexicon entry, the
 * emotion features' hashes, the clickbait word bits, its role in negation, and one slot for a
 * stage above src/nlp), kept on the tokenizer's intern slot: every token of a recurring text
 * shares one memo, so a stage finds its per-word result on the token instead of by a Map lookup
 * of its own. Those lookups were the part of the extraction that suffered most when it ran
 * cache-cold between HTTP requests. Each field belongs to one stage, which alone reads and
 * writes it; a memo lives as long as its intern slot (a token that is not interned, because it
 * is long or seen for the first time, gets a fresh one). Every field is initialised here, so
 * that all memos share one shape.
 */
export class WordMemo {
  /** sentiment.ts */
  sentiment: SentimentWord | undefined = undefined;
  /** emotion-features.ts */
  emotion: EmotionWord | undefined = undefined;
  /** clickbait-features.ts: its word bits */
  clickbait: number | undefined = undefined;
  /** negation.ts: the word's role */
  negation: number | undefined = undefined;
  /** the one stage above src/nlp that keeps a per-word result; it declares the type (WordMemoExtension) */
  extension: WordMemoExtension | undefined = undefined;
}

/**
 * The type of `WordMemo.extension`, empty here: the stage above src/nlp that uses the slot
 * declares its fields by declaration merging (`declare module '…/nlp/token.js'`), so this layer
 * stays ignorant of it.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by declaration merging
export interface WordMemoExtension {}

/**
 * A token resolved against the sentiment lexicon, with its entry's fields copied in: the
 * per-token loop reads one object (from the token's WordMemo) instead of following it to a
 * second one.
 */
export interface SentimentWord {
  /** the kind of token it was resolved for (a memo is per text, and a key depends on the kind) */
  kind: TokenKind;
  key: string;
  /** lexicon valence, NaN when the word is not rated */
  valence: number;
  booster: number;
  code: number;
  /**
   * F_ELONGATED, F_NEGATOR (listed negators and unlisted "n't" contractions) and F_IDIOM; not
   * the token's case
   */
  flags: number;
}

/** What a word contributes to the emotion features, from its norm alone. */
export interface EmotionWord {
  /** the term after elongation is resolved */
  term: string;
  elongated: boolean;
  /** booster value of the term, undefined when it is none */
  booster: number | undefined;
  unigram: number;
  negated: number;
  /** seed of the bigram that starts with the term */
  next: number;
  /** 1: a hype word, 2: a superlative, 0: neither */
  hype: number;
  /** the words that complete a hype phrase this word starts */
  phrase: ReadonlySet<string> | undefined;
}
