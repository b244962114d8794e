import { splitSentences, tokenize, type Sentence, type Token } from '../nlp/tokenize.js';

/**
 * A post's text, tokenised and split once, with each token's place in it. Every detector reads
 * the same context, so a post is scanned once however many detectors run.
 */
export interface TextContext {
  text: string;
  tokens: readonly Token[];
  sentences: readonly Sentence[];
  /** index into `sentences` of each token's sentence (tokens between sentences go to the next one) */
  sentenceOf: Int32Array;
  /** 0-based index of the non-empty line each token is on */
  lineOf: Int32Array;
  /** 1 when the token is the first word-like token of its sentence (leading emoji/punctuation skipped) */
  sentenceStart: Uint8Array;
  /** 1 when the token is the first token of its line */
  lineStart: Uint8Array;
  /** number of non-empty lines */
  lineCount: number;
}

/** Build the context from tokens and sentences already computed (by analyzeText). */
export function buildContext(
  text: string,
  tokens: readonly Token[],
  sentences: readonly Sentence[],
): TextContext {
  const n = tokens.length;
  const sentenceOf = new Int32Array(n);
  const lineOf = new Int32Array(n);
  const sentenceStart = new Uint8Array(n);
  const lineStart = new Uint8Array(n);

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
    if (newLineSeen) lineStart[i] = 1;

    while (s < sentences.length - 1 && t.start >= sentences[s]!.end) s++;
    sentenceOf[i] = s;
    if (s !== lastSentence) {
      lastSentence = s;
      seenWordInSentence = false;
    }
    if (!seenWordInSentence && t.kind !== 'punct' && t.kind !== 'emoji') {
      sentenceStart[i] = 1;
      seenWordInSentence = true;
    }
  }
  const lineCount = n > 0 ? line + 1 : 0;
  return { text, tokens, sentences, sentenceOf, lineOf, sentenceStart, lineStart, lineCount };
}

/** Tokenise and split `text` and build its context (for callers without analyzeText output). */
export function contextOf(text: string): TextContext {
  return buildContext(text, tokenize(text), splitSentences(text));
}
