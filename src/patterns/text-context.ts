import { splitSentences, type Sentence } from '../nlp/sentences.js';
import { tokenize, type Token } from '../nlp/tokenize.js';

/**
 * A post's text, tokenised and split once, with each token's place in it. Every detector reads
 * the same context, so a post is scanned once however many detectors run.
 */
export interface TextContext {
  text: string;
  tokens: readonly Token[];
  sentences: readonly Sentence[];
  /** index into `sentences` of each token's sentence (tokens between sentences go to the next one) */
  sentenceOf: readonly number[];
  /** 0-based index of the non-empty line each token is on */
  lineOf: readonly number[];
  /** 1 when the token is the first word-like token of its sentence (leading emoji/punctuation skipped) */
  sentenceStart: readonly number[];
  /** 1 when the token is the first token of its line */
  lineStart: readonly number[];
  /** number of non-empty lines */
  lineCount: number;
}

/**
 * Build the context from tokens and sentences already computed (by analyzeText).
 * Plain arrays, not typed arrays: a typed array over 64 bytes gets an off-heap backing store,
 * and allocating four of those per post cost more than the scan that fills them.
 */
export function buildContext(
  text: string,
  tokens: readonly Token[],
  sentences: readonly Sentence[],
): TextContext {
  const n = tokens.length;
  // sized up front: growing four arrays push by push reallocated each of them several times
  const sentenceOf = new Array<number>(n);
  const lineOf = new Array<number>(n);
  const sentenceStart = new Array<number>(n);
  const lineStart = new Array<number>(n);

  let s = 0;
  let line = 0;
  let lineHasContent = false;
  let pos = 0;
  let seenWordInSentence = false;
  let lastSentence = -1;
  for (let i = 0; i < n; i++) {
    const t = tokens[i]!;
    // Walk the gap before this token once: newlines only live between tokens.
    let newLineSeen = i === 0;
    for (let k = pos; k < t.start; k++) {
      if (text.charCodeAt(k) === 10) {
        if (lineHasContent) line++;
        lineHasContent = false;
        newLineSeen = true;
      }
    }
    pos = t.end;
    lineHasContent = true;
    lineOf[i] = line;
    lineStart[i] = newLineSeen ? 1 : 0;

    while (s < sentences.length - 1 && t.start >= sentences[s]!.end) s++;
    sentenceOf[i] = s;
    if (s !== lastSentence) {
      lastSentence = s;
      seenWordInSentence = false;
    }
    if (!seenWordInSentence && t.kind !== 'punct' && t.kind !== 'emoji') {
      sentenceStart[i] = 1;
      seenWordInSentence = true;
    } else sentenceStart[i] = 0;
  }
  const lineCount = n > 0 ? line + 1 : 0;
  return { text, tokens, sentences, sentenceOf, lineOf, sentenceStart, lineStart, lineCount };
}

/** Tokenise and split `text` and build its context (for callers without analyzeText output). */
export function contextOf(text: string): TextContext {
  return buildContext(text, tokenize(text), splitSentences(text));
}
